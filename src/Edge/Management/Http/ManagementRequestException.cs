namespace CallCenter.Edge.Management.Http;

/// <summary>A request the management API refuses before any grain is called (missing or malformed parameter, bad body);
/// turned into the envelope by <see cref="ManagementEndpointFilter"/>, so handlers read parameters without checking each.</summary>
public sealed class ManagementRequestException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
