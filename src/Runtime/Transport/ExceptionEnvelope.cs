using System.Reflection;
using System.Runtime.ExceptionServices;

namespace CallCenter.Runtime.Transport;

/// <summary>How an exception crosses the wire: its type, message and stack trace; the caller's side rebuilds it.</summary>
internal sealed record ExceptionEnvelope(string TypeName, string Message, string? StackTrace)
{
    public static ExceptionEnvelope From(Exception exception)
        => new(exception.GetType().AssemblyQualifiedName ?? exception.GetType().FullName!, exception.Message, exception.StackTrace);

    public Exception ToException()
    {
        var type = Type.GetType(TypeName, throwOnError: false);
        var exception = (type is not null && typeof(Exception).IsAssignableFrom(type) ? TryCreate(type, Message) : null)
            ?? new UnavailableExceptionFallbackException(TypeName, Message);
        if (!string.IsNullOrEmpty(StackTrace)) ExceptionDispatchInfo.SetRemoteStackTrace(exception, StackTrace);
        return exception;
    }

    /// <summary>
    /// Uses (message, innerException) first because for some types the single-string constructor takes something else
    /// (ArgumentNullException's is the parameter name); then (message); then a constructor whose first parameter is the
    /// message and whose others are optional.
    /// </summary>
    private static Exception? TryCreate(Type type, string message)
    {
        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        foreach (var constructor in constructors)
        {
            var parameters = constructor.GetParameters();
            if (parameters is [{ Name: "message" } first, var second]
                && first.ParameterType == typeof(string) && second.ParameterType == typeof(Exception))
                return Invoke(constructor, [message, null]);
        }
        foreach (var constructor in constructors)
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length >= 1 && parameters[0] is { Name: "message" } first && first.ParameterType == typeof(string)
                && parameters.Skip(1).All(p => p.HasDefaultValue))
                return Invoke(constructor, [message, .. parameters.Skip(1).Select(p => p.DefaultValue)]);
        }
        return null;
    }

    private static Exception? Invoke(ConstructorInfo constructor, object?[] arguments)
    {
        try
        {
            return (Exception)constructor.Invoke(arguments);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
