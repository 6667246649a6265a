namespace CallCenter.Runtime;

/// <summary>An argument, result or stream item could not cross the wire (see <see cref="RuntimeOptions.SerializeCalls"/>).</summary>
public sealed class GrainSerializationException : Exception
{
    public GrainSerializationException(string message) : base(message) { }

    public GrainSerializationException(string message, Exception innerException) : base(message, innerException) { }
}
