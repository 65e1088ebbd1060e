using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

// The bare SignalR relay the capacity benchmark compares GosChat with: the same JSON hub protocol (default payload
// options, as GosChat's apart from its converters), the same hub paths and method/event names as GosChat's relay, and
// nothing else. An operator connects to /hubs/operator?pair=<token>; a citizen connects to /hubs/chat?pair=<token>,
// and each SendMessage(text, clientMessageId) it invokes reaches that operator connection as a "Message" event.
// /healthz answers once the host is up (the benchmark's harness waits for it, as it does for GosChat).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddSingleton<Pairs>();
builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024).AddJsonProtocol();
var app = builder.Build();
app.UseWebSockets();
app.MapGet("/healthz", () => "Healthy");
app.MapHub<CitizenHub>("/hubs/chat");
app.MapHub<OperatorHub>("/hubs/operator");
app.Run();

/// <summary>Pairing token → the operator connection's id.</summary>
internal sealed class Pairs
{
    public ConcurrentDictionary<string, string> Operators { get; } = new(StringComparer.Ordinal);
}

/// <summary>What the operator receives: the relayed text and the sender's id for it.</summary>
internal sealed record RelayedMessage(string Text, string? ClientMessageId);

/// <summary>The result a citizen's SendMessage returns when it is invoked with an id (as GosChat returns one).</summary>
internal sealed record Relayed(bool Delivered);

internal sealed class OperatorHub(Pairs pairs) : Hub
{
    public override Task OnConnectedAsync()
    {
        if (Context.GetHttpContext()?.Request.Query["pair"].ToString() is { Length: > 0 } token)
            pairs.Operators[token] = Context.ConnectionId;
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.GetHttpContext()?.Request.Query["pair"].ToString() is { Length: > 0 } token)
            pairs.Operators.TryRemove(new KeyValuePair<string, string>(token, Context.ConnectionId));
        return Task.CompletedTask;
    }
}

internal sealed class CitizenHub(Pairs pairs, IHubContext<OperatorHub> operators) : Hub
{
    private const string TokenKey = "pair";

    public override Task OnConnectedAsync()
    {
        Context.Items[TokenKey] = Context.GetHttpContext()?.Request.Query["pair"].ToString() ?? "";
        return Task.CompletedTask;
    }

    public async Task<Relayed> SendMessage(string text, string? clientMessageId)
    {
        if (Context.Items[TokenKey] is not string token || !pairs.Operators.TryGetValue(token, out var operatorConnection))
            return new Relayed(false);
        // The operator's connection belongs to the other hub: its context sends there.
        await operators.Clients.Client(operatorConnection).SendAsync("Message", new RelayedMessage(text, clientMessageId));
        return new Relayed(true);
    }
}
