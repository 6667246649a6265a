namespace CallCenter.Runtime.Core;

/// <summary>The rules a grain key must follow; checked when a reference is made so a bad key fails at its source.</summary>
internal static class GrainKeys
{
    public const int MaxLength = 512;

    public static void Validate(string? key, string parameterName)
    {
        if (key is null) throw new ArgumentNullException(parameterName, "A grain key is required.");
        if (key.Length == 0) throw new ArgumentException("A grain key must not be empty.", parameterName);
        if (key.Length > MaxLength)
            throw new ArgumentException($"A grain key must be at most {MaxLength} characters; this one has {key.Length}.", parameterName);
        for (var i = 0; i < key.Length; i++)
        {
            if (char.IsControl(key[i]))
                throw new ArgumentException($"A grain key must not contain control characters; found U+{(int)key[i]:X4} at position {i}.", parameterName);
        }
    }
}
