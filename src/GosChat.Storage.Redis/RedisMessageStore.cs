using System.Text.Json;
using GosChat.Domain.Messages;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// Messages in one Redis list per session (its own hash slot); a message's Seq is its place in the list.
/// Append is one script that also checks the client message id, so a resend stores nothing new.
/// </summary>
public sealed class RedisMessageStore(IConnectionMultiplexer redis, IPersonalDataCipher cipher) : IMessageStore
{
    private readonly JsonSerializerOptions _json = PersonalDataJson.OptionsFor(cipher);

    public async Task<(ChatMessage Message, bool Duplicate)> AppendAsync(ChatMessage message)
    {
        var clientKey = message.ClientMessageId is { } cmid ? message.From + ":" + cmid : "";
        var json = JsonSerializer.SerializeToUtf8Bytes(message with { Seq = 0 }, _json); // bytes as Redis keeps them, no UTF-16 string between
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
            RoutingScripts.AppendMessage,
            [RedisKeys.Messages(message.SessionId), RedisKeys.MessageClientIds(message.SessionId)],
            [clientKey, json]))!;
        var seq = (long)result[0];
        // A new message comes back as its number only (not its own text again); a retry gets the one stored first.
        return (int)result[2] == 1 ? (Decode((string)result[1]!, seq), true) : (message with { Seq = seq }, false);
    }

    public async Task<IReadOnlyList<ChatMessage>> GetAsync(string sessionId, long afterSeq = 0)
    {
        var values = await redis.GetDatabase().ListRangeAsync(RedisKeys.Messages(sessionId), afterSeq, -1);
        return values.Select((v, i) => Decode(v!, afterSeq + i + 1)).ToList();
    }

    private ChatMessage Decode(string json, long seq) =>
        JsonSerializer.Deserialize<ChatMessage>(json, _json)! with { Seq = seq };
}
