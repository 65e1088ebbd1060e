using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GosChat.Domain.Messages;
using GosChat.Domain.Privacy;
using GosChat.Domain.Serialization;
using Microsoft.Win32.SafeHandles;

namespace GosChat.Storage.InMemory;

/// <summary>
/// The files <see cref="InMemoryMessageStore"/> writes sessions' messages to, one per session in one folder
/// (<c>{sessionId}.log</c>). A file is a run of frames, one per spill: a header in clear (the sealed length, the first
/// and the last Seq, so a read skips frames it does not need without opening them), then the JSON of the messages
/// (<see cref="DomainJson"/>, letters unescaped) sealed whole by the <see cref="IPersonalDataCipher"/>, so ids, senders and times are
/// as unreadable as the texts.
/// </summary>
internal sealed class MessageSpillFiles(string folder, IPersonalDataCipher cipher)
{
    private const string Context = "ChatMessage.spill";
    private const int HeaderSize = sizeof(int) + 2 * sizeof(long);

    private readonly string _root = Path.GetFullPath(folder);

    // The domain's JSON, without escaping letters outside ASCII: the text is sealed, never part of a page, and Cyrillic
    // escaped as \uXXXX would make the JSON of a Russian message six times longer and slower to write and read.
    private static readonly JsonSerializerOptions Json = new(DomainJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Empties the folder (what an earlier run left: the embedded store keeps nothing across a restart); the number of files removed.</summary>
    public int Clear()
    {
        var removed = 0;
        if (Directory.Exists(_root))
        {
            removed = Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).Count();
            Directory.Delete(_root, recursive: true);
        }
        Directory.CreateDirectory(_root);
        return removed;
    }

    /// <summary>The session's file: its id when that is a plain name, else a hash of it (ids are the service's own, so this is a safeguard).</summary>
    public string PathOf(string sessionId) =>
        Path.Combine(_root, IsPlain(sessionId) ? sessionId + ".log" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId))) + ".h.log");

    private static bool IsPlain(string id) => id.Length is > 0 and <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>
    /// Writes <paramref name="messages"/> (in order, contiguous) as one frame after the first <paramref name="length"/>
    /// bytes of the file, cutting off whatever follows them; the file's new length.
    /// </summary>
    public async Task<long> AppendAsync(string path, long length, IReadOnlyList<ChatMessage> messages)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(messages, Json);
        byte[] sealedFrame;
        try
        {
            sealedFrame = cipher.Encrypt(json, Context);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteInt32LittleEndian(header, sealedFrame.Length);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(sizeof(int)), messages[0].Seq);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(sizeof(int) + sizeof(long)), messages[^1].Seq);

        if (length == 0) Directory.CreateDirectory(_root);
        using var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete);
        if (RandomAccess.GetLength(file) != length) RandomAccess.SetLength(file, length);
        await RandomAccess.WriteAsync(file, [header, sealedFrame], length);
        return length + HeaderSize + sealedFrame.Length;
    }

    /// <summary>The messages with Seq after <paramref name="afterSeq"/> up to <paramref name="throughSeq"/> among the file's first <paramref name="length"/> bytes, in order.</summary>
    public async Task<List<ChatMessage>> ReadAsync(string path, long length, long afterSeq, long throughSeq)
    {
        var result = new List<ChatMessage>();
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[HeaderSize];
        for (long at = 0; at < length;)
        {
            await ReadExactlyAsync(file, header, at);
            var size = BinaryPrimitives.ReadInt32LittleEndian(header);
            var first = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(sizeof(int)));
            var last = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(sizeof(int) + sizeof(long)));
            at += HeaderSize;
            if (first > throughSeq) break;
            if (last > afterSeq)
            {
                var frame = new byte[size];
                await ReadExactlyAsync(file, frame, at);
                var json = cipher.Decrypt(frame, Context);
                try
                {
                    foreach (var message in JsonSerializer.Deserialize<ChatMessage[]>(json, Json)!)
                        if (message.Seq > afterSeq && message.Seq <= throughSeq) result.Add(message);
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(json);
                }
            }
            at += size;
        }
        return result;
    }

    public void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // The folder itself is gone: so is the file.
        }
    }

    private static async Task ReadExactlyAsync(SafeFileHandle file, byte[] buffer, long offset)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await RandomAccess.ReadAsync(file, buffer.AsMemory(read), offset + read);
            if (n == 0) throw new InvalidDataException("A message spill file is shorter than the store wrote it.");
            read += n;
        }
    }
}
