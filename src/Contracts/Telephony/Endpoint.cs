namespace CallCenter.Telephony;

/// <summary>Where a leg is dialled to.</summary>
[GenerateSerializer, Immutable, Alias("telephony.Endpoint")]
public abstract record Endpoint;

/// <summary>A SIP extension registered to the switch. <paramref name="Domain"/> is the tenant's SIP domain, so two
/// tenants may both have extension 1000.</summary>
[GenerateSerializer, Immutable, Alias("telephony.ExtensionEndpoint")]
public sealed record ExtensionEndpoint(string Extension, string Domain) : Endpoint
{
    public override string ToString() => $"user/{Extension}@{Domain}";
}

/// <summary>A PSTN number reached through a named gateway (trunk); <paramref name="DialPrefix"/> is prepended on the wire
/// only, never shown back to users.</summary>
[GenerateSerializer, Immutable, Alias("telephony.PstnEndpoint")]
public sealed record PstnEndpoint(string Number, string Gateway, string DialPrefix = "") : Endpoint
{
    public override string ToString() => $"gateway/{Gateway}/{DialPrefix}{Number}";
}
