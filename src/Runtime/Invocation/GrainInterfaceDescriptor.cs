using System.Collections.Concurrent;
using System.Reflection;

namespace CallCenter.Runtime.Invocation;

/// <summary>A grain interface with all its methods (including inherited interfaces') prepared; built once per process.</summary>
internal sealed class GrainInterfaceDescriptor
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceDescriptor> Cache = new();

    private readonly Dictionary<MethodInfo, GrainMethod> _methods;

    private GrainInterfaceDescriptor(Type interfaceType)
    {
        InterfaceType = interfaceType;
        _methods = [];
        foreach (var type in interfaceType.GetInterfaces().Prepend(interfaceType))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                // Methods with a body (default interface implementations) run on the reference itself, not the grain.
                if (!method.IsAbstract) continue;
                _methods[method] = GrainMethodCompiler.Create(method);
            }
        }
    }

    public Type InterfaceType { get; }

    public IEnumerable<GrainMethod> Methods => _methods.Values;

    /// <exception cref="InvalidOperationException">A method of the interface does not fit the programming model.</exception>
    public static GrainInterfaceDescriptor For(Type interfaceType)
    {
        if (Cache.TryGetValue(interfaceType, out var descriptor)) return descriptor;
        if (!interfaceType.IsInterface || !typeof(IGrain).IsAssignableFrom(interfaceType))
            throw new ArgumentException($"{interfaceType} is not a grain interface.", nameof(interfaceType));
        return Cache.GetOrAdd(interfaceType, static type => new GrainInterfaceDescriptor(type));
    }

    public GrainMethod GetMethod(MethodInfo method) => _methods.TryGetValue(method, out var grainMethod)
        ? grainMethod
        : throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} is not a method of grain interface {InterfaceType.Name}.");
}
