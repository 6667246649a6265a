using CallCenter.Runtime.Invocation;

namespace CallCenter.Runtime.Registry;

/// <summary>A grain interface and the one class that implements it.</summary>
internal sealed record GrainInterfaceBinding(GrainInterfaceDescriptor Interface, GrainClassDescriptor Class);
