using System.Collections.Concurrent;
using System.Reflection;
using CallCenter.Runtime.Persistence;
using CallCenter.Runtime.Streams;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Runtime.Registry;

/// <summary>A grain class, prepared once: its stable type name, how to construct it, its persistent state, and what it
/// subscribes to.</summary>
internal sealed class GrainClassDescriptor
{
    private readonly ConcurrentDictionary<Type, Type?> _observerByItemType = new();

    public GrainClassDescriptor(Type classType)
    {
        if (classType.IsAbstract || classType.IsGenericTypeDefinition || !typeof(Grain).IsAssignableFrom(classType))
            throw new ArgumentException($"{classType} is not a concrete grain class.", nameof(classType));
        ClassType = classType;
        GrainType = classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? classType.Name;
        if (string.IsNullOrWhiteSpace(GrainType) || GrainType.Contains('/'))
            throw new InvalidOperationException($"Grain class {classType.FullName} has grain type '{GrainType}'; it must be non-empty and contain no '/'.");

        var constructor = SelectConstructor(classType);
        States = constructor.GetParameters()
            .Select(p => (Parameter: p, Attribute: p.GetCustomAttribute<PersistentStateAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => new PersistentStateSlot(p.Parameter, p.Attribute!, classType.Name))
            .ToArray();
        var duplicate = States.GroupBy(s => s.StateName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Grain class {classType.Name} has two persistent states named '{duplicate.Key}'.");
        Factory = ActivatorUtilities.CreateFactory(classType, Array.ConvertAll(States, s => s.ParameterType));

        IsRemindable = typeof(IRemindable).IsAssignableFrom(classType);
        ImplicitStreamNamespaces = classType.GetCustomAttributes<ImplicitStreamSubscriptionAttribute>().Select(a => a.Namespace).Distinct().ToArray();
        ObservedItemTypes = classType.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IAsyncObserver<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToArray();
        if (ImplicitStreamNamespaces.Length > 0 && ObservedItemTypes.Length == 0)
            throw new InvalidOperationException(
                $"Grain class {classType.Name} has [ImplicitStreamSubscription] but implements no IAsyncObserver<T> to receive the items.");
        GrainInterfaces = classType.GetInterfaces()
            .Where(i => typeof(IGrainWithStringKey).IsAssignableFrom(i) && i != typeof(IGrainWithStringKey))
            .ToArray();
    }

    public Type ClassType { get; }

    /// <summary>The stable name used in grain ids, storage and reminders.</summary>
    public string GrainType { get; }

    /// <summary>Builds the grain from DI plus the persistent states, in <see cref="States"/> order.</summary>
    public ObjectFactory Factory { get; }

    public PersistentStateSlot[] States { get; }

    public bool IsRemindable { get; }

    public string[] ImplicitStreamNamespaces { get; }

    public Type[] ObservedItemTypes { get; }

    public Type[] GrainInterfaces { get; }

    /// <summary>The T of the <see cref="IAsyncObserver{T}"/> that receives items published as
    /// <paramref name="itemType"/>, or null if none does.</summary>
    public Type? ObserverFor(Type itemType) => _observerByItemType.GetOrAdd(itemType, static (type, observed) =>
        observed.FirstOrDefault(t => t == type) ?? observed.FirstOrDefault(t => t.IsAssignableFrom(type)), ObservedItemTypes);

    private static ConstructorInfo SelectConstructor(Type classType)
    {
        var constructors = classType.GetConstructors();
        var marked = constructors.Where(c => c.IsDefined(typeof(ActivatorUtilitiesConstructorAttribute))).ToArray();
        if (marked.Length == 1) return marked[0];
        if (constructors.Length == 1) return constructors[0];
        throw new InvalidOperationException(
            $"Grain class {classType.Name} has {constructors.Length} public constructors; give it one, or mark one [ActivatorUtilitiesConstructor].");
    }
}
