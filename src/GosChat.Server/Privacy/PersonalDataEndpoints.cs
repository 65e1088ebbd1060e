using GosChat.Domain.Privacy;
using GosChat.Server.Auth;

namespace GosChat.Server.Privacy;

/// <summary>
/// <c>/api/supervisor/personal-data?ticket=…</c> or <c>?phone=…</c> (supervisors only): GET exports everything held
/// about it as JSON, DELETE erases it. Each is logged with the supervisor, the ticket or a keyed hash of the phone,
/// and counts: never the phone or any other personal data.
/// </summary>
public static class PersonalDataEndpoints
{
    public const string Path = "/api/supervisor/personal-data";

    public static WebApplication MapGosChatPersonalData(this WebApplication app)
    {
        var group = app.MapGroup(Path).WithTags("Personal data").RequireAuthorization(AuthSetup.SupervisorPolicy);
        group.MapGet("/", async (string? ticket, string? phone, HttpContext http, PersonalDataService data, IPersonalDataCipher cipher, ILoggerFactory logs) =>
            {
                var query = PersonalDataQuery.Parse(ticket, phone);
                var export = await data.ExportAsync(query);
                PersonalDataLog.Exported(logs.CreateLogger(typeof(PersonalDataEndpoints)), http.User.OperatorId(), Describe(query, cipher),
                    export.Sessions.Count, export.Callbacks.Count, export.Requests.Count);
                return TypedResults.Ok(export);
            })
            .WithName("ExportPersonalData")
            .WithSummary("Everything held about a ticket or a phone number")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/", async (string? ticket, string? phone, HttpContext http, PersonalDataService data, IPersonalDataCipher cipher, ILoggerFactory logs) =>
            {
                var query = PersonalDataQuery.Parse(ticket, phone);
                var erased = await data.EraseAsync(query);
                PersonalDataLog.Erased(logs.CreateLogger(typeof(PersonalDataEndpoints)), http.User.OperatorId(), Describe(query, cipher),
                    erased.Sessions, erased.Messages, erased.Attachments, erased.Callbacks, erased.HistoryEntries, erased.Requests);
                return TypedResults.Ok(erased);
            })
            .WithName("ErasePersonalData")
            .WithSummary("Erase everything held about a ticket or a phone number (its sessions must be closed)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>"ticket 312345678" or "phone #{keyed hash}": what a log line may say of the query.</summary>
    private static string Describe(PersonalDataQuery query, IPersonalDataCipher cipher) =>
        query.Ticket is { } ticket ? "ticket " + ticket : "phone #" + cipher.KeyedHash(query.PhoneDigits!);
}

internal static partial class PersonalDataLog
{
    [LoggerMessage(EventId = 1513, Level = LogLevel.Information,
        Message = "Personal data exported by {Supervisor} for {Query}: {Sessions} sessions, {Callbacks} callbacks, {Requests} requests")]
    public static partial void Exported(ILogger logger, string supervisor, string query, int sessions, int callbacks, int requests);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Warning,
        Message = "Personal data erased by {Supervisor} for {Query}: {Sessions} sessions, {Messages} messages, {Attachments} attachments, {Callbacks} callbacks, {HistoryEntries} history entries, {Requests} requests")]
    public static partial void Erased(ILogger logger, string supervisor, string query, int sessions, int messages, int attachments, int callbacks, int historyEntries, int requests);
}
