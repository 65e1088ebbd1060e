using System.Globalization;
using GosChat.Domain.Ports;

namespace GosChat.Storage.InMemory;

/// <summary>
/// The embedded node's ticket numbers, kept in a file of its data folder so they never repeat across restarts.
/// Numbers are reserved in blocks: the file holds the end of the block in use, written before any number of the
/// block is handed out, so a crash can skip numbers but never give one twice.
/// </summary>
public sealed class FileTicketSequence : ITicketSequence
{
    public const int BlockSize = 100;
    private readonly string _path;
    private readonly object _gate = new();
    private long _last;
    private long _blockEnd;

    public FileTicketSequence(string folder)
    {
        Directory.CreateDirectory(folder);
        _path = Path.Combine(folder, "ticket-sequence");
        _last = _blockEnd = File.Exists(_path)
            ? long.Parse(File.ReadAllText(_path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture)
            : 0;
    }

    public Task<long> NextAsync()
    {
        lock (_gate)
        {
            if (_last >= _blockEnd)
            {
                var end = _blockEnd + BlockSize;
                var temp = _path + ".tmp";
                File.WriteAllText(temp, end.ToString(CultureInfo.InvariantCulture));
                File.Move(temp, _path, overwrite: true);
                _blockEnd = end;
            }
            return Task.FromResult(++_last);
        }
    }
}
