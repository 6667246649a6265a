using System.Collections.Concurrent;
using System.Reflection;
using CallCenter.Telephony;

namespace CallCenter.Opr.Tests;

/// <summary>
/// The switch as the grains see it, with failures a test arms: the named command fails once with the given exception
/// (one the grains do not expect, unlike <see cref="SwitchCommandException"/>), then everything goes to the real switch.
/// </summary>
public class FaultySwitch : DispatchProxy
{
    private readonly ConcurrentDictionary<string, Exception> _armed = new(StringComparer.Ordinal);
    private ISwitch _inner = null!;

    public static FaultySwitch Around(ISwitch inner)
    {
        var proxy = Create<ISwitch, FaultySwitch>();
        var faulty = (FaultySwitch)(object)proxy;
        faulty._inner = inner;
        return faulty;
    }

    public ISwitch Switch => (ISwitch)(object)this;

    /// <summary>The next call of <paramref name="command"/> (an <see cref="ISwitch"/> method name) throws.</summary>
    public void FailNext(string command, Exception failure) => _armed[command] = failure;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_armed.TryRemove(targetMethod.Name, out var failure))
        {
            return targetMethod.ReturnType == typeof(Task) ? Task.FromException(failure) : throw failure;
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
