using System.Text.Json;
using GosChat.Domain.Ports;
using GosChat.Domain.Privacy;
using NodaTime;

namespace GosChat.Storage.InMemory;

/// <summary>
/// The embedded store's attachments: files in a folder of the node's (one folder per session, the bytes and a small
/// JSON description beside them), so uploads never sit in the process's memory. The bytes and the name are encrypted
/// (<see cref="IPersonalDataCipher"/>).
/// </summary>
public sealed class FileAttachmentStore : IAttachmentStore
{
    private readonly string _root;
    private readonly IPersonalDataCipher _cipher;
    private readonly System.Text.Json.JsonSerializerOptions _json;

    public FileAttachmentStore(string folder, IPersonalDataCipher cipher)
    {
        _cipher = cipher;
        _json = PersonalDataJson.OptionsFor(cipher);
        _root = Path.GetFullPath(folder);
        Directory.CreateDirectory(_root);
    }

    public async Task SaveAsync(StoredAttachment attachment)
    {
        var (dir, data, meta) = PathsOf(attachment.SessionId, attachment.AttachmentId);
        Directory.CreateDirectory(dir);
        // Bytes first, then the description: a file without its description is never served.
        await File.WriteAllBytesAsync(data, _cipher.Encrypt(attachment.Content, ContentContext));
        var description = new Description(attachment.Name, attachment.ContentType, attachment.UploadedAt, attachment.UploadedBy);
        var temp = meta + ".tmp";
        await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(description, _json));
        File.Move(temp, meta, overwrite: true);
    }

    public async Task<StoredAttachment?> GetAsync(string sessionId, string attachmentId)
    {
        var (_, data, meta) = PathsOf(sessionId, attachmentId);
        if (!File.Exists(meta) || !File.Exists(data)) return null;
        var d = JsonSerializer.Deserialize<Description>(await File.ReadAllTextAsync(meta), _json);
        if (d is null) return null;
        return new StoredAttachment(attachmentId, sessionId, d.Name, d.ContentType, d.UploadedAt, d.UploadedBy,
            _cipher.Decrypt(await File.ReadAllBytesAsync(data), ContentContext));
    }

    /// <summary>Every session folder with its attachments' ids and upload times (a file without its description counts as uploaded long ago).</summary>
    public IEnumerable<(string SessionId, IReadOnlyList<(string AttachmentId, Instant UploadedAt)> Uploads)> ListAll()
    {
        foreach (var dir in Directory.EnumerateDirectories(_root))
        {
            var sessionId = Path.GetFileName(dir);
            if (!IsSafe(sessionId)) continue;
            var uploads = new List<(string, Instant)>();
            foreach (var data in Directory.EnumerateFiles(dir, "*.bin"))
            {
                var id = Path.GetFileNameWithoutExtension(data);
                var meta = Path.ChangeExtension(data, ".json");
                var at = File.Exists(meta) && JsonSerializer.Deserialize<Description>(File.ReadAllText(meta), _json) is { } d ? d.UploadedAt : Instant.MinValue;
                uploads.Add((id, at));
            }
            yield return (sessionId, uploads);
        }
    }

    /// <summary>Deletes the session's files (the folder too once it is empty).</summary>
    public Task DeleteAsync(string sessionId, IEnumerable<string> attachmentIds)
    {
        foreach (var id in attachmentIds)
        {
            var (_, data, meta) = PathsOf(sessionId, id);
            File.Delete(meta);
            File.Delete(data);
        }
        var dir = Path.Combine(_root, sessionId);
        if (Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
        return Task.CompletedTask;
    }

    /// <summary>Ids are the service's own (hex and dots), checked again here so no id can leave the folder.</summary>
    private (string Dir, string Data, string Meta) PathsOf(string sessionId, string attachmentId)
    {
        if (!IsSafe(sessionId) || !IsSafe(attachmentId)) throw new ArgumentException("Not an attachment id of this service.");
        var dir = Path.Combine(_root, sessionId);
        return (dir, Path.Combine(dir, attachmentId + ".bin"), Path.Combine(dir, attachmentId + ".json"));
    }

    private static bool IsSafe(string id) =>
        id.Length is > 0 and <= 200 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') && !id.StartsWith('.');

    private const string ContentContext = "StoredAttachment.content";

    private sealed record Description([property: PersonalData] string Name, string ContentType, Instant UploadedAt, string UploadedBy);
}
