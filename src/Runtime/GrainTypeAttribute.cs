namespace CallCenter.Runtime;

/// <summary>
/// Names a grain class for persistence, reminders and addressing (Orleans: <c>[GrainType("seat")]</c>). Stored state and
/// reminders are keyed by this name, so it must survive refactoring; without the attribute the class name is used.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    public string GrainType { get; } = grainType;
}
