using System.Reflection;
using CallCenter.Runtime.Transport;

namespace CallCenter.Runtime.Invocation;

/// <summary>
/// A grain reference (Orleans: <c>GrainReference</c>): a <see cref="DispatchProxy"/> that implements the grain interface
/// by handing each call to the transport. It holds only the grain's identity, so it is cheap, serializable (as its key)
/// and valid in any process. docs/runtime.md has the measurements behind choosing DispatchProxy over generated code.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private GrainInterfaceDescriptor _interface = null!;

    public GrainId GrainId { get; private set; }

    internal IGrainCallTransport Transport { get; private set; } = null!;

    internal Type InterfaceType => _interface.InterfaceType;

    internal static object Create(GrainInterfaceDescriptor grainInterface, GrainId grainId, IGrainCallTransport transport)
    {
        var reference = (GrainProxy)Create(grainInterface.InterfaceType, typeof(GrainProxy));
        reference._interface = grainInterface;
        reference.GrainId = grainId;
        reference.Transport = transport;
        return reference;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        return _interface.GetMethod(targetMethod).Send(this, args ?? []);
    }

    /// <summary>Two references are equal when they name the same grain through the same interface, as in Orleans.</summary>
    public override bool Equals(object? obj)
        => obj is GrainProxy other && other.GrainId == GrainId && other._interface == _interface;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{_interface.InterfaceType.Name}:{GrainId}";
}
