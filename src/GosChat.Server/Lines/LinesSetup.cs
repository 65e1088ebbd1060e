using GosChat.Domain.Lines;
using GosChat.Domain.Ports;
using GosChat.Domain.Scheduling;
using Microsoft.Extensions.Options;

namespace GosChat.Server.Lines;

/// <summary>The lines (<c>GosChat:Lines</c>, docs/lines.md): bound, checked when the node starts, and built once.</summary>
public static class LinesSetup
{
    public static IServiceCollection AddGosChatLines(this IServiceCollection services)
    {
        services.AddOptions<LinesOptions>().BindConfiguration(LinesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LinesOptions>, LinesOptionsValidator>();
        services.AddSingleton(sp => Build(sp.GetRequiredService<IOptions<LinesOptions>>().Value, sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new LineHours(sp.GetRequiredService<IWorkingHours>(), sp.GetService<LanguageAvailability>()));
        return services;
    }

    internal static LineDirectory Build(LinesOptions options, IConfiguration config) =>
        LineDirectory.Build(options.Lines,
            ScheduleFactory.ResolveZone(config[SchedulingConfigKeys.TimeZone]),
            ScheduleFactory.BuildCalendar(config.GetSection("GosChat:Calendar").Get<CalendarOptions>()));
}

/// <summary>A node with a line it cannot use does not start; the message names the key.</summary>
internal sealed class LinesOptionsValidator(IConfiguration config) : IValidateOptions<LinesOptions>
{
    public ValidateOptionsResult Validate(string? name, LinesOptions options)
    {
        try
        {
            LinesSetup.Build(options, config);
            return ValidateOptionsResult.Success;
        }
        catch (ScheduleConfigurationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
