namespace CallCenter.Opr;

/// <summary>opr_login.</summary>
/// <param name="CallbackUrl">HTTP push target named at login; overrides the seat's. "none" turns HTTP pushes off.</param>
/// <param name="DefaultCallbackUrl">What the edge derived from the client's address (<c>http://&lt;client ip&gt;:8082/</c>),
/// used when neither the login nor the seat names a URL.</param>
[GenerateSerializer, Immutable, Alias("opr.OperatorLogin")]
public sealed record OperatorLogin(string OperatorId, string? CallbackUrl = null, string? DefaultCallbackUrl = null);
