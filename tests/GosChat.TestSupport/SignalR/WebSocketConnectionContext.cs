using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace GosChat.TestSupport.SignalR;

/// <summary>
/// One client WebSocket seen as a duplex pipe. Two pumps run for the life of the socket:
/// frames received are written to the application's input, bytes the application writes are sent
/// as one WebSocket message per flush (text frames unless the protocol switched the transfer format
/// to binary). The connection ends when the server closes, the application completes its output,
/// or the context is disposed or aborted.
/// </summary>
internal sealed class WebSocketConnectionContext : ConnectionContext, ITransferFormatFeature
{
    private const int MinimumReceiveBuffer = 4096;

    private readonly ClientWebSocket _socket;
    private readonly TimeSpan _closeTimeout;
    private readonly Pipe _incoming = new(new PipeOptions(useSynchronizationContext: false));
    private readonly Pipe _outgoing = new(new PipeOptions(useSynchronizationContext: false));
    private readonly CancellationTokenSource _abort = new();
    private readonly CancellationTokenSource _closed = new();
    private Task _pumps = Task.CompletedTask;
    private int _disposed;

    private WebSocketConnectionContext(ClientWebSocket socket, Uri target, TimeSpan closeTimeout)
    {
        _socket = socket;
        _closeTimeout = closeTimeout;
        ConnectionId = Guid.NewGuid().ToString("N");
        Transport = new DuplexPipe(_incoming.Reader, _outgoing.Writer);
        ConnectionClosed = _closed.Token;
        Features.Set<ITransferFormatFeature>(this);
        if (IPAddress.TryParse(target.Host, out var address)) RemoteEndPoint = new IPEndPoint(address, target.Port);
    }

    public static WebSocketConnectionContext Start(ClientWebSocket socket, Uri target, TimeSpan closeTimeout)
    {
        var context = new WebSocketConnectionContext(socket, target, closeTimeout);
        context._pumps = context.RunAsync();
        return context;
    }

    public override string ConnectionId { get; set; }
    public override IFeatureCollection Features { get; } = new FeatureCollection();
    public override IDictionary<object, object?> Items { get; set; } = new ConcurrentDictionary<object, object?>();
    public override IDuplexPipe Transport { get; set; }

    public TransferFormat SupportedFormats => TransferFormat.Text | TransferFormat.Binary;
    public TransferFormat ActiveFormat { get; set; } = TransferFormat.Text;

    public override void Abort(ConnectionAbortedException abortReason) => _abort.Cancel();

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            // Ends the send pump, which sends a close frame; the server answers and the receive pump ends.
            _outgoing.Writer.Complete();
            try
            {
                await _pumps.WaitAsync(_closeTimeout + _closeTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _abort.Cancel();
            }
        }
        await _pumps.ConfigureAwait(false);
        _socket.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.WhenAll(ReceiveAsync(), SendAsync()).ConfigureAwait(false);
        }
        finally
        {
            _closed.Cancel();
        }
    }

    private async Task ReceiveAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = _incoming.Writer.GetMemory(MinimumReceiveBuffer);
                var received = await _socket.ReceiveAsync(memory, _abort.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close) break;
                _incoming.Writer.Advance(received.Count);
                if (!received.EndOfMessage) continue;
                var flushed = await _incoming.Writer.FlushAsync().ConfigureAwait(false);
                if (flushed.IsCompleted || flushed.IsCanceled) break; // the application stopped reading
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // disposed or aborted locally: not an error for the reader
        }
        catch (WebSocketException ex)
        {
            error = ex; // the server vanished without a close handshake
        }
        finally
        {
            _incoming.Writer.Complete(error);
            _outgoing.Reader.CancelPendingRead(); // wake the send pump so it can close its side
        }
    }

    private async Task SendAsync()
    {
        try
        {
            while (true)
            {
                var result = await _outgoing.Reader.ReadAsync(_abort.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                try
                {
                    if (result.IsCanceled) break;
                    if (!buffer.IsEmpty)
                    {
                        var type = ActiveFormat == TransferFormat.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                        var payload = buffer.IsSingleSegment ? buffer.First : buffer.ToArray();
                        await _socket.SendAsync(payload, type, endOfMessage: true, _abort.Token).ConfigureAwait(false);
                    }
                    if (result.IsCompleted) break;
                }
                finally
                {
                    _outgoing.Reader.AdvanceTo(buffer.End);
                }
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
            // the receive pump reports the failure to the application
        }
        finally
        {
            await _outgoing.Reader.CompleteAsync().ConfigureAwait(false);
            await CloseOutputAsync().ConfigureAwait(false);
        }
    }

    private async Task CloseOutputAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var timeout = new CancellationTokenSource(_closeTimeout);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _abort.Cancel();
            return;
        }
        // Give the server a bounded time to answer the close frame before tearing the socket down.
        _abort.CancelAfter(_closeTimeout);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
