using GosChat.Domain.Privacy;
using GosChat.Server.Composition;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Privacy;

/// <summary>
/// The cipher the stores encrypt personal data with (<see cref="IPersonalDataCipher"/>), from
/// <see cref="EncryptionOptions"/>. Outside Development a node refuses to start without a key. In Development
/// without one it makes a key and keeps it in its data folder (<c>personal-data.dev.key</c>), and warns at start-up.
/// </summary>
public static class EncryptionSetup
{
    public const string DevelopmentKeyId = "dev";
    public const string DevelopmentKeyFile = "personal-data.dev.key";

    public static IServiceCollection AddGosChatEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EncryptionOptions>, ExplainProblem>();
        services.AddSingleton<IPersonalDataCipher>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EncryptionOptions>>().Value;
            var env = sp.GetRequiredService<IHostEnvironment>();
            if (options.Problem(env.IsDevelopment()) is { } problem) throw new OptionsValidationException(EncryptionOptions.Section, typeof(EncryptionOptions), [problem]);
            if (options.IsConfigured) return new AesGcmPersonalDataCipher(options.DecodedKeys(), options.ActiveKeyId!);
            return new AesGcmPersonalDataCipher(
                new Dictionary<string, byte[]> { [DevelopmentKeyId] = DevelopmentKey(DataFolder.Of(configuration)) }, DevelopmentKeyId);
        });
        return services;
    }

    /// <summary>True when the node encrypts with a key it made itself (Development without keys): it says so at start-up.</summary>
    public static bool UsesDevelopmentKey(IConfiguration configuration)
    {
        var options = configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions();
        return !options.IsConfigured;
    }

    private static byte[] DevelopmentKey(string folder)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, DevelopmentKeyFile);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        var key = AesGcmPersonalDataCipher.NewKey();
        var temp = path + ".tmp";
        File.WriteAllText(temp, key);
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) { return Convert.FromBase64String(File.ReadAllText(path).Trim()); } // another node made it first
        return Convert.FromBase64String(key);
    }

    /// <summary>Refuses the settings with the sentence that says what to set.</summary>
    private sealed class ExplainProblem(IHostEnvironment env) : IValidateOptions<EncryptionOptions>
    {
        public ValidateOptionsResult Validate(string? name, EncryptionOptions options) =>
            options.Problem(env.IsDevelopment()) is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

internal static partial class EncryptionLog
{
    [LoggerMessage(EventId = 1510, Level = LogLevel.Warning,
        Message = "Personal data is encrypted at rest with a key this node made itself (no GosChat:Encryption:Keys), kept in its data folder; allowed in Development only")]
    public static partial void DevelopmentKey(ILogger logger);
}
