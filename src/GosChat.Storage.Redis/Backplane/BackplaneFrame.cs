using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace GosChat.Storage.Redis.Backplane;

internal enum FrameKind : byte
{
    Invocation = 1,
    GroupCommand = 2,
    Ack = 3,
}

internal enum GroupAction : byte
{
    Add = 1,
    Remove = 2,
}

/// <summary>A decoded backplane message. Which fields are set depends on <see cref="Kind"/>.</summary>
internal sealed class BackplaneFrame
{
    public FrameKind Kind { get; init; }
    public string SourceNode { get; init; } = "";

    // Invocation
    public IReadOnlyList<string> ExcludedConnectionIds { get; init; } = [];
    public IReadOnlyList<SerializedMessage> Payloads { get; init; } = [];

    // GroupCommand and Ack
    public long RequestId { get; init; }
    public GroupAction Action { get; init; }
    public string ConnectionId { get; init; } = "";
    public string GroupName { get; init; } = "";
}

/// <summary>
/// The wire format of backplane messages: a version byte, a kind byte, the sending node id, then
/// the kind's fields. Strings and byte blocks are prefixed with their length as a 7-bit varint.
/// An invocation carries the hub message already serialized by every hub protocol the hub
/// supports, so receiving nodes write the bytes to their connections without re-serializing.
/// </summary>
internal static class BackplaneFrameCodec
{
    private const byte Version = 1;

    public static byte[] WriteInvocation(string sourceNode, IReadOnlyList<string>? excluded, SerializedHubMessage message, IReadOnlyList<IHubProtocol> protocols)
    {
        var writer = Start(FrameKind.Invocation, sourceNode);
        excluded ??= [];
        WriteVarInt(writer, (ulong)excluded.Count);
        foreach (var id in excluded) WriteString(writer, id);
        WriteVarInt(writer, (ulong)protocols.Count);
        foreach (var protocol in protocols)
        {
            WriteString(writer, protocol.Name);
            WriteBytes(writer, message.GetSerializedMessage(protocol).Span);
        }
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] WriteGroupCommand(string sourceNode, long requestId, GroupAction action, string connectionId, string groupName)
    {
        var writer = Start(FrameKind.GroupCommand, sourceNode);
        WriteVarInt(writer, (ulong)requestId);
        writer.Write([(byte)action]);
        WriteString(writer, connectionId);
        WriteString(writer, groupName);
        return writer.WrittenSpan.ToArray();
    }

    public static byte[] WriteAck(string sourceNode, long requestId)
    {
        var writer = Start(FrameKind.Ack, sourceNode);
        WriteVarInt(writer, (ulong)requestId);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a frame; payload slices point into <paramref name="data"/>, which must not be reused.</summary>
    public static BackplaneFrame Read(ReadOnlyMemory<byte> data)
    {
        var position = 0;
        var span = data.Span;
        if (span.Length < 2 || span[0] != Version) throw new InvalidDataException($"Unknown backplane frame version {(span.Length == 0 ? -1 : span[0])}.");
        var kind = (FrameKind)span[1];
        position = 2;
        var source = ReadString(data, ref position);
        switch (kind)
        {
            case FrameKind.Invocation:
            {
                var excluded = new string[ReadCount(data, ref position)];
                for (var i = 0; i < excluded.Length; i++) excluded[i] = ReadString(data, ref position);
                var payloads = new SerializedMessage[ReadCount(data, ref position)];
                for (var i = 0; i < payloads.Length; i++)
                {
                    var name = ReadString(data, ref position);
                    payloads[i] = new SerializedMessage(name, ReadBytes(data, ref position));
                }
                return new BackplaneFrame { Kind = kind, SourceNode = source, ExcludedConnectionIds = excluded, Payloads = payloads };
            }
            case FrameKind.GroupCommand:
            {
                var requestId = (long)ReadVarInt(data.Span, ref position);
                if (position >= data.Length) throw new InvalidDataException("Truncated group command.");
                var action = (GroupAction)data.Span[position++];
                if (action is not (GroupAction.Add or GroupAction.Remove)) throw new InvalidDataException($"Unknown group action {(byte)action}.");
                var connectionId = ReadString(data, ref position);
                var group = ReadString(data, ref position);
                return new BackplaneFrame { Kind = kind, SourceNode = source, RequestId = requestId, Action = action, ConnectionId = connectionId, GroupName = group };
            }
            case FrameKind.Ack:
                return new BackplaneFrame { Kind = kind, SourceNode = source, RequestId = (long)ReadVarInt(data.Span, ref position) };
            default:
                throw new InvalidDataException($"Unknown backplane frame kind {(byte)kind}.");
        }
    }

    private static ArrayBufferWriter<byte> Start(FrameKind kind, string sourceNode)
    {
        var writer = new ArrayBufferWriter<byte>(256);
        writer.Write([Version, (byte)kind]);
        WriteString(writer, sourceNode);
        return writer;
    }

    private static void WriteVarInt(ArrayBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        writer.Advance(i);
    }

    private static void WriteString(ArrayBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarInt(writer, (ulong)length);
        var written = Encoding.UTF8.GetBytes(value, writer.GetSpan(length));
        writer.Advance(written);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        WriteVarInt(writer, (ulong)value.Length);
        writer.Write(value);
    }

    private static ulong ReadVarInt(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length) throw new InvalidDataException("Truncated varint.");
            var b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Varint too long.");
    }

    private static int ReadCount(ReadOnlyMemory<byte> data, ref int position)
    {
        var value = ReadVarInt(data.Span, ref position);
        // Every counted item takes at least one byte, which bounds the count by what is left.
        if (value > (ulong)(data.Length - position)) throw new InvalidDataException("Length beyond the end of the frame.");
        return (int)value;
    }

    private static ReadOnlyMemory<byte> ReadBytes(ReadOnlyMemory<byte> data, ref int position)
    {
        var length = ReadCount(data, ref position);
        var slice = data.Slice(position, length);
        position += length;
        return slice;
    }

    private static string ReadString(ReadOnlyMemory<byte> data, ref int position) => Encoding.UTF8.GetString(ReadBytes(data, ref position).Span);
}
