using System.Reflection;
using System.Text.Json;
using CallCenter.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Runtime.Persistence;

/// <summary>A grain constructor parameter marked <see cref="PersistentStateAttribute"/>: which state, in which storage.</summary>
internal sealed class PersistentStateSlot
{
    private static readonly MethodInfo CreateTypedMethod =
        typeof(PersistentStateSlot).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<GrainStateId, IGrainStorage, JsonSerializerOptions, object> _create;

    public PersistentStateSlot(ParameterInfo parameter, PersistentStateAttribute attribute, string grainClass)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            throw new InvalidOperationException(
                $"Parameter '{parameter.Name}' of {grainClass} is marked [PersistentState] but is a {type.Name}; it must be IPersistentState<TState>.");
        if (string.IsNullOrWhiteSpace(attribute.StateName))
            throw new InvalidOperationException($"Parameter '{parameter.Name}' of {grainClass} has an empty state name.");
        ParameterType = type;
        StateName = attribute.StateName;
        StorageName = attribute.StorageName;
        _create = CreateTypedMethod.MakeGenericMethod(type.GetGenericArguments()[0])
            .CreateDelegate<Func<GrainStateId, IGrainStorage, JsonSerializerOptions, object>>();
    }

    public Type ParameterType { get; }

    public string StateName { get; }

    public string StorageName { get; }

    public object Create(GrainId grainId, IServiceProvider services, JsonSerializerOptions serializerOptions)
    {
        var storage = services.GetKeyedService<IGrainStorage>(StorageName)
            ?? throw new InvalidOperationException(
                $"Grain {grainId} needs state '{StateName}' from storage '{StorageName}', but no IGrainStorage is registered under that name. " +
                $"Register one with services.AddKeyedSingleton<IGrainStorage>(\"{StorageName}\", ...).");
        return _create(new GrainStateId(grainId.Type, grainId.Key, StateName), storage, serializerOptions);
    }

    private static object CreateTyped<TState>(GrainStateId id, IGrainStorage storage, JsonSerializerOptions serializerOptions)
        => new PersistentState<TState>(id, storage, serializerOptions);
}
