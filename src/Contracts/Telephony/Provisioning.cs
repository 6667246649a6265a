namespace CallCenter.Telephony;

/// <summary>A SIP user the switch must accept registrations from. The password is a secret: never log it.</summary>
[GenerateSerializer, Immutable, Alias("telephony.ExtensionCredentials")]
public sealed record ExtensionCredentials(string Extension, string Domain, string Password, string? DisplayName = null);

/// <summary>A trunk to the PSTN.</summary>
/// <param name="Name">The gateway's name on the switch (<c>sofia/gateway/NAME</c>).</param>
/// <param name="Realm">host:port of the carrier.</param>
/// <param name="ChannelLimit">Concurrent legs the carrier allows; originating beyond it fails with
/// <see cref="HangupCauses.NormalCircuitCongestion"/>. 0 = unlimited.</param>
/// <param name="Register">True when the switch registers to the carrier (the spec's "active" mode).</param>
[GenerateSerializer, Immutable, Alias("telephony.GatewayDefinition")]
public sealed record GatewayDefinition(
    string Name,
    string Realm,
    string? Username = null,
    string? Password = null,
    int ChannelLimit = 0,
    bool Register = false,
    string? CallerIdNumber = null);
