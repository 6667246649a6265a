namespace CallCenter.Runtime;

/// <summary>
/// The identity of a grain: its stable type name (see <see cref="GrainTypeAttribute"/>) and its key. At most one activation
/// per <see cref="GrainId"/> exists at a time (Orleans: <c>Orleans.Runtime.GrainId</c>).
/// </summary>
public readonly struct GrainId : IEquatable<GrainId>
{
    // Computed once: every call looks its activation up by GrainId, and a reference reuses its GrainId for every call.
    private readonly int _hashCode;

    public GrainId(string type, string key)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(key);
        Type = type;
        Key = key;
        _hashCode = HashCode.Combine(StringComparer.Ordinal.GetHashCode(type), StringComparer.Ordinal.GetHashCode(key));
    }

    public string Type { get; }

    public string Key { get; }

    public bool Equals(GrainId other)
        => _hashCode == other._hashCode && string.Equals(Type, other.Type, StringComparison.Ordinal) && string.Equals(Key, other.Key, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GrainId other && Equals(other);

    public override int GetHashCode() => _hashCode;

    public void Deconstruct(out string type, out string key)
    {
        type = Type;
        key = Key;
    }

    public override string ToString() => $"{Type}/{Key}";

    public static bool operator ==(GrainId left, GrainId right) => left.Equals(right);

    public static bool operator !=(GrainId left, GrainId right) => !left.Equals(right);
}
