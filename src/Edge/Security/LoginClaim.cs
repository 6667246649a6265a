namespace CallCenter.Edge.Security;

/// <summary>What a request claims to be before it is checked: which login (<paramref name="Surface"/>) and the name it
/// gives (an account), empty when the credential carries no name (a bare API key or admin key).</summary>
public sealed record LoginClaim(string Surface, string Name = "");
