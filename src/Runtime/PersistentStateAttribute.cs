namespace CallCenter.Runtime;

/// <summary>
/// Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime supplies it, bound to
/// the <c>IGrainStorage</c> registered as a keyed service under <see cref="StorageName"/>, and reads it before
/// <see cref="Grain.OnActivateAsync"/> (Orleans: <c>[PersistentState("seat", "Default")]</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string storageName = PersistentStateAttribute.DefaultStorageName) : Attribute
{
    public const string DefaultStorageName = "Default";

    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName;
}
