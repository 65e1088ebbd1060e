using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;

namespace GosChat.Server.Connections;

/// <summary>
/// One hub connection's outgoing bytes, between SignalR and the transport. Every write lands in a pipe that never
/// pushes back and returns at once; a pump copies the pipe to the transport, so a slow or frozen socket makes only
/// the pump wait, never the hub method, backplane handler or sweep that wrote. How far behind the connection is —
/// bytes waiting here, and since when the pump has waited for the transport — is what <see cref="OutboundWatch"/>
/// reads to close connections that stay behind. Reading is left to the transport (<see cref="Input"/>).
/// </summary>
public sealed class OutboundBuffer : IDuplexPipe
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>The JSON hub protocol's record separator: every frame SignalR writes ends with it.</summary>
    private const byte FrameEnd = 0x1e;
    // The pump resumes on the thread that flushed (readerScheduler Inline): it copies the new frames to the transport
    // and signals it at once instead of waiting for a thread-pool thread, so a frame reaches the socket with no more
    // hops than without this buffer. When the transport is behind, the pump's own wait for it is asynchronous, so the
    // writer still returns at once.
    private static readonly PipeOptions Unbounded = new(readerScheduler: PipeScheduler.Inline, pauseWriterThreshold: 0, resumeWriterThreshold: 0,
        useSynchronizationContext: false);

    private readonly IDuplexPipe _transport;
    private readonly Pipe _pipe = new(Unbounded);
    private readonly CountingWriter _writer;
    private readonly long _maxBytes;
    private readonly Action _overflow;
    private long _buffered;
    private long _waitingSince; // Stopwatch timestamp while the pump waits for the transport, else 0
    private int _dropped;
    private int _overflowed;

    /// <param name="transport">The connection's transport as the framework made it.</param>
    /// <param name="maxBytes">Past this many bytes waiting, <paramref name="overflow"/> is called (once).</param>
    /// <param name="overflow">Gives up on the connection; called on the writer's thread, so it must not block.</param>
    public OutboundBuffer(IDuplexPipe transport, long maxBytes, Action overflow)
    {
        _transport = transport;
        _maxBytes = maxBytes;
        _overflow = overflow;
        _writer = new CountingWriter(this, _pipe.Writer);
        Pumping = PumpAsync();
    }

    public PipeReader Input => _transport.Input;

    public PipeWriter Output => _writer;

    /// <summary>Bytes written by the hub that the transport has not taken yet.</summary>
    public long BufferedBytes => Interlocked.Read(ref _buffered);

    /// <summary>How long the transport has kept the pump waiting (zero while it keeps up).</summary>
    public TimeSpan Behind
    {
        get
        {
            var since = Interlocked.Read(ref _waitingSince);
            return since == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since);
        }
    }

    /// <summary>Completes when everything was handed to the transport, or dropped.</summary>
    public Task Pumping { get; }

    /// <summary>Stops forwarding: what waits here is discarded and a transport write in progress is cancelled. True the first time.</summary>
    public bool Drop()
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0) return false;
        _transport.Output.CancelPendingFlush();
        _pipe.Reader.CancelPendingRead();
        return true;
    }

    private void Added(long bytes)
    {
        if (Interlocked.Add(ref _buffered, bytes) > _maxBytes && Interlocked.Exchange(ref _overflowed, 1) == 0) _overflow();
    }

    /// <summary>
    /// Hands the buffered bytes to the transport a chunk of whole frames at a time (<see cref="WholeFrames"/>), so what
    /// counts as waiting is what the transport has not taken: its own pipe makes a flush wait only while it holds more
    /// than its 64 KB.
    /// </summary>
    private async Task PumpAsync()
    {
        await Task.Yield(); // never run the pump on the constructor's thread
        var reader = _pipe.Reader;
        var output = _transport.Output;
        Exception? error = null;
        try
        {
            var done = false;
            while (!done && Volatile.Read(ref _dropped) == 0)
            {
                var read = await reader.ReadAsync();
                var buffer = read.Buffer;
                while (!buffer.IsEmpty && Volatile.Read(ref _dropped) == 0)
                {
                    var chunk = buffer.Slice(0, WholeFrames(buffer));
                    foreach (var segment in chunk) output.Write(segment.Span);
                    Interlocked.Exchange(ref _waitingSince, Stopwatch.GetTimestamp());
                    var flushed = await output.FlushAsync();
                    Interlocked.Exchange(ref _waitingSince, 0);
                    Interlocked.Add(ref _buffered, -chunk.Length);
                    buffer = buffer.Slice(chunk.End);
                    if (flushed.IsCompleted || flushed.IsCanceled) done = true;
                    if (done) break;
                }
                reader.AdvanceTo(buffer.Start);
                done |= read.IsCompleted && buffer.IsEmpty;
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        await reader.CompleteAsync(error);
        await output.CompleteAsync(error);
    }

    /// <summary>
    /// Where the next chunk ends: after the last whole frame within <see cref="ChunkBytes"/>, or after the first frame
    /// when that one alone is longer. The WebSocket transport sends each flushed chunk as one WebSocket message, and a
    /// client takes a text message that ends inside a frame (or inside a UTF-8 character) for a broken one: browsers
    /// and the .NET client close the connection on a split character, SignalR's JavaScript client on a split frame.
    /// </summary>
    private static SequencePosition WholeFrames(in ReadOnlySequence<byte> buffer)
    {
        var head = buffer.Slice(0, Math.Min(ChunkBytes, buffer.Length));
        SequencePosition? end = null;
        long offset = 0;
        foreach (var segment in head)
        {
            var last = segment.Span.LastIndexOf(FrameEnd);
            if (last >= 0) end = buffer.GetPosition(offset + last + 1);
            offset += segment.Length;
        }
        if (end is { } whole) return whole;
        // One frame longer than a chunk: all of it (the hub flushes whole frames, so its end is in the buffer).
        return buffer.PositionOf(FrameEnd) is { } first ? buffer.GetPosition(1, first) : buffer.End;
    }

    /// <summary>The hub's side of the pipe: counts what is flushed into it.</summary>
    private sealed class CountingWriter(OutboundBuffer owner, PipeWriter inner) : PipeWriter
    {
        private long _unflushed;

        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            _unflushed += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            owner.Added(_unflushed);
            _unflushed = 0;
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
