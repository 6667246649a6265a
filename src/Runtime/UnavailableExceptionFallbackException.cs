namespace CallCenter.Runtime;

/// <summary>
/// Stands in for an exception from a grain whose type cannot be recreated on the caller's side (unknown type, or no
/// constructor taking a message), keeping the original type name and message (Orleans uses the same name).
/// </summary>
public sealed class UnavailableExceptionFallbackException : Exception
{
    public UnavailableExceptionFallbackException(string exceptionType, string message) : base(message)
    {
        ExceptionType = exceptionType;
    }

    public UnavailableExceptionFallbackException(string message) : base(message)
    {
        ExceptionType = "";
    }

    /// <summary>The original exception's assembly-qualified type name.</summary>
    public string ExceptionType { get; }
}
