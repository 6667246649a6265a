using CallCenter.Runtime.Invocation;

namespace CallCenter.Runtime;

public static class GrainExtensions
{
    /// <summary>The key of a grain, from inside it (<c>this</c>) or from a reference to it (Orleans' name).</summary>
    public static string GetPrimaryKeyString(this IGrain grain) => grain switch
    {
        Grain implementation => implementation.GrainKey,
        GrainProxy reference => reference.GrainId.Key,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain nor a grain reference.", nameof(grain)),
    };

    /// <summary>The identity (type and key) of a grain or a grain reference.</summary>
    public static GrainId GetGrainId(this IGrain grain) => grain switch
    {
        Grain implementation => implementation.GrainId,
        GrainProxy reference => reference.GrainId,
        null => throw new ArgumentNullException(nameof(grain)),
        _ => throw new ArgumentException($"{grain.GetType()} is neither a grain nor a grain reference.", nameof(grain)),
    };
}
