using CallCenter.Management;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CallCenter.Edge.Grpc;

/// <summary>
/// The gRPC error shape: a standard status code, a clear message, and a google.rpc.Status in the trailers
/// (grpc-status-details-bin) carrying an ErrorInfo whose <c>reason</c> is stable (UPPER_SNAKE, e.g. PROJECT_NOT_FOUND)
/// and whose domain is "callcenter.v1", so clients branch on the reason, never on the message.
/// </summary>
public static class GrpcFailure
{
    public const string Domain = "callcenter.v1";

    public static RpcException Create(StatusCode code, string reason, string message, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = Domain };
        if (metadata is not null) foreach (var (k, v) in metadata) info.Metadata[k] = v;
        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string message)
        => Create(StatusCode.InvalidArgument, "INVALID_ARGUMENT", message, new Dictionary<string, string> { ["field"] = field });

    public static RpcException Unauthenticated(string message = "missing or invalid credentials") => Create(StatusCode.Unauthenticated, "UNAUTHENTICATED", message);

    /// <summary>A grain's refusal: the code its kind calls for, the reason its name.</summary>
    public static RpcException From(ManagementError error, string? detail)
        => Create(CodeOf(error), ReasonOf(error), detail is { Length: > 0 } ? $"{Describe(error)}: {detail}" : Describe(error));

    public static StatusCode CodeOf(ManagementError error) => error switch
    {
        ManagementError.InvalidArgument => StatusCode.InvalidArgument,
        ManagementError.ProjectNotFound or ManagementError.CertificateNotFound or ManagementError.ExtensionNotFound or ManagementError.CallNotFound
            or ManagementError.GatewayNotFound or ManagementError.VoiceNotFound or ManagementError.TaskNotFound => StatusCode.NotFound,
        ManagementError.ProjectExists or ManagementError.GatewayExists or ManagementError.TaskExists or ManagementError.AccountExists => StatusCode.AlreadyExists,
        ManagementError.NoFreeExtension or ManagementError.NoGatewayAvailable => StatusCode.ResourceExhausted,
        _ => StatusCode.FailedPrecondition,
    };

    /// <summary>ProjectNotFound → PROJECT_NOT_FOUND.</summary>
    public static string ReasonOf(ManagementError error)
    {
        var name = error.ToString();
        var text = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i])) text.Append('_');
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }

    private static string Describe(ManagementError error) => ReasonOf(error).Replace('_', ' ').ToLowerInvariant();
}
