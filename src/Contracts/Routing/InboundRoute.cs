using CallCenter.Calls;

namespace CallCenter.Routing;

/// <summary>Where calls to a public number (DID) go: which tenant, and which grain adopts the inbound leg (a seat group
/// for the operator console, an inbound task's queue for the management API, an OLA inbound group, ...).</summary>
[GenerateSerializer, Immutable, Alias("routing.InboundRoute")]
public sealed record InboundRoute(string TenantId, LegOwner Owner);
