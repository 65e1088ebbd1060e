using System.Reflection;
using System.Runtime.ExceptionServices;
using StackExchange.Redis;

namespace GosChat.Storage.Redis;

/// <summary>
/// The node's multiplexer as lent to a user that disposes what it is given (SignalR's Redis backplane disposes
/// its connection with each hub's lifetime manager): every call goes to the real multiplexer except
/// <c>Dispose</c>, <c>DisposeAsync</c>, <c>Close</c> and <c>CloseAsync</c>, which do nothing, so the connection's
/// owner (the DI container) decides when it ends. Only calls on the multiplexer itself pass through here
/// (GetSubscriber, GetDatabase, events), not the commands sent on what they return.
/// </summary>
internal class BorrowedMultiplexer : DispatchProxy
{
    private IConnectionMultiplexer _owner = null!;

    /// <summary>A view of <paramref name="multiplexer"/> whose disposal leaves it open.</summary>
    public static IConnectionMultiplexer Lend(IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        var proxy = Create<IConnectionMultiplexer, BorrowedMultiplexer>();
        ((BorrowedMultiplexer)(object)proxy)._owner = multiplexer;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        switch (targetMethod.Name)
        {
            case nameof(IDisposable.Dispose):
            case nameof(IConnectionMultiplexer.Close):
                return null;
            case nameof(IAsyncDisposable.DisposeAsync):
                return ValueTask.CompletedTask;
            case nameof(IConnectionMultiplexer.CloseAsync):
                return Task.CompletedTask;
        }
        try
        {
            return targetMethod.Invoke(_owner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
