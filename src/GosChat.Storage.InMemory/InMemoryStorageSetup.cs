using GosChat.Domain.Deadlines;
using GosChat.Domain.Ports;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GosChat.Storage.InMemory;

/// <summary>
/// The embedded store, wired in one place: every store port in this process (one node), Hangfire's storage in this
/// process too, and the files that must not live in memory (attachments, ticket numbers, messages past the memory
/// budget: <see cref="EmbeddedMessageOptions"/>) under the data folder.
/// The key ring stays where ASP.NET Core keeps it on this machine; SignalR needs no backplane on one node.
/// </summary>
public static class InMemoryStorageSetup
{
    public static IServiceCollection AddGosChatInMemoryStorage(this IServiceCollection services, string dataFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataFolder);
        services.AddSingleton(_ => new InMemoryRoutingStore());
        services.AddSingleton<IRoutingStore>(sp => sp.GetRequiredService<InMemoryRoutingStore>());
        // Messages beyond the memory budget go to encrypted files under the data folder (emptied at start, like the memory).
        services.AddOptions<EmbeddedMessageOptions>().BindConfiguration(EmbeddedMessageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new InMemoryMessageStore(Path.Combine(dataFolder, "messages"),
            sp.GetRequiredService<GosChat.Domain.Privacy.IPersonalDataCipher>(), sp.GetRequiredService<IOptions<EmbeddedMessageOptions>>().Value,
            sp.GetRequiredService<ILogger<InMemoryMessageStore>>()));
        services.AddSingleton<IMessageStore>(sp => sp.GetRequiredService<InMemoryMessageStore>());
        services.AddSingleton<ITicketSequence>(_ => new FileTicketSequence(dataFolder));
        // The host registers the cipher (GosChat.Domain.Privacy.IPersonalDataCipher) that encrypts the files.
        services.AddSingleton(sp => new FileAttachmentStore(Path.Combine(dataFolder, "attachments"), sp.GetRequiredService<GosChat.Domain.Privacy.IPersonalDataCipher>()));
        services.AddSingleton<IAttachmentStore>(sp => sp.GetRequiredService<FileAttachmentStore>());
        services.AddSingleton<IStatisticsStore, InMemoryStatisticsStore>();
        services.AddSingleton<IContactRecordStore>(_ => new InMemoryContactRecordStore());
        services.AddSingleton<IRatingCommentLog, InMemoryRatingCommentLog>();
        services.AddSingleton<InMemoryCitizenHistory>();
        services.AddSingleton<ICitizenHistory>(sp => sp.GetRequiredService<InMemoryCitizenHistory>());
        services.AddSingleton<IBreachLog, InMemoryBreachLog>();
        services.AddSingleton<IAnnouncementOutbox, InMemoryAnnouncementOutbox>();
        services.AddSingleton<InMemoryCallbackStore>();
        services.AddSingleton<ICallbackStore>(sp => sp.GetRequiredService<InMemoryCallbackStore>());
        services.AddSingleton<IPersonalDataStore, InMemoryPersonalDataStore>();
        services.AddSingleton<IRequestStore, InMemoryRequestStore>();
        services.AddSingleton<IRequestFileStore>(sp => new FileRequestFileStore(Path.Combine(dataFolder, "request-files"),
            sp.GetRequiredService<GosChat.Domain.Privacy.IPersonalDataCipher>()));
        services.AddSingleton<ILimitCounters, InMemoryLimitCounters>();
        services.AddSingleton<ISignInStore, InMemorySignInStore>();
        services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions()));
        return services;
    }
}
