using System.Collections.Concurrent;
using System.Reflection;
using CallCenter.Runtime.Invocation;

namespace CallCenter.Runtime.Registry;

/// <summary>
/// The grain classes found in the assemblies given at registration, by stable type name and by the grain interfaces
/// they implement. Built at startup, so a misfit grain (bad method, two classes with one type name) fails the host
/// rather than the first call.
/// </summary>
internal sealed class GrainClassRegistry
{
    private readonly Dictionary<string, GrainClassDescriptor> _byGrainType = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<GrainClassDescriptor>> _byInterface = [];
    private readonly Dictionary<string, GrainClassDescriptor[]> _implicitSubscribers;
    private readonly ConcurrentDictionary<Type, GrainInterfaceBinding> _bindings = new();

    public GrainClassRegistry(IEnumerable<Assembly> assemblies)
    {
        foreach (var type in assemblies.Distinct().SelectMany(LoadableTypes))
        {
            if (!type.IsClass || type.IsAbstract || !typeof(Grain).IsAssignableFrom(type)) continue;
            if (type.IsGenericTypeDefinition)
                throw new InvalidOperationException($"Grain class {type.FullName} is generic; grain classes cannot be.");
            var grainClass = new GrainClassDescriptor(type);
            if (_byGrainType.TryGetValue(grainClass.GrainType, out var existing))
                throw new InvalidOperationException(
                    $"Grain classes {existing.ClassType.FullName} and {type.FullName} both have grain type '{grainClass.GrainType}'; give one a [GrainType].");
            _byGrainType.Add(grainClass.GrainType, grainClass);
            foreach (var grainInterface in grainClass.GrainInterfaces)
            {
                GrainInterfaceDescriptor.For(grainInterface); // validates every method now
                if (!_byInterface.TryGetValue(grainInterface, out var classes)) _byInterface[grainInterface] = classes = [];
                classes.Add(grainClass);
            }
        }
        _implicitSubscribers = _byGrainType.Values
            .SelectMany(c => c.ImplicitStreamNamespaces.Select(ns => (Namespace: ns, Class: c)))
            .GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Class).ToArray(), StringComparer.Ordinal);
    }

    public IEnumerable<GrainClassDescriptor> Classes => _byGrainType.Values;

    public bool TryGetClass(string grainType, out GrainClassDescriptor grainClass)
        => _byGrainType.TryGetValue(grainType, out grainClass!);

    /// <exception cref="ArgumentException">No registered class, or more than one, implements the interface.</exception>
    public GrainInterfaceBinding Bind(Type grainInterface)
    {
        if (_bindings.TryGetValue(grainInterface, out var binding)) return binding;
        if (!_byInterface.TryGetValue(grainInterface, out var classes))
            throw new ArgumentException(
                $"No grain class implements {grainInterface.FullName}: is its assembly passed to AddGrainRuntime?", nameof(grainInterface));
        if (classes.Count > 1)
            throw new ArgumentException(
                $"{grainInterface.FullName} is implemented by several grain classes ({string.Join(", ", classes.Select(c => c.ClassType.Name))}); " +
                "give each its own interface.", nameof(grainInterface));
        return _bindings.GetOrAdd(grainInterface, new GrainInterfaceBinding(GrainInterfaceDescriptor.For(grainInterface), classes[0]));
    }

    public IReadOnlyList<GrainClassDescriptor> ImplicitSubscribersOf(string streamNamespace)
        => _implicitSubscribers.TryGetValue(streamNamespace, out var classes) ? classes : [];

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException exception)
        {
            return exception.Types.OfType<Type>();
        }
    }
}
