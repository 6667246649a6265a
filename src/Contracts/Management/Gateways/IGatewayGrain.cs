
namespace CallCenter.Management.Gateways;

/// <summary>
/// A gateway (线路): a trunk to the PSTN with its dial prefixes, caller id, billing rule and channel limit, provisioned on
/// the switch. Counts the calls in progress through it: every call reserves a channel before it is placed and releases
/// it when it ends, so <c>usedConcurrency</c> is live and the limit holds for agent calls and the dialer alike.
/// Key: <see cref="KeyFor"/> (by gwCode, which is what tasks name).
/// </summary>
[Alias("management.gateways.IGatewayGrain")]
public interface IGatewayGrain : IGrainWithStringKey
{
    /// <returns>The gateway, or null if it does not exist.</returns>
    Task<GatewayInfo?> GetAsync();

    /// <summary>From the directory: creates the gateway with its tenant-wide id.</summary>
    Task<ManagementResult<GatewayInfo>> CreateAsync(long id, GatewaySettings settings);

    /// <summary>From the directory: replaces the settings (a null password keeps the stored one).</summary>
    Task<ManagementResult<GatewayInfo>> UpdateAsync(long id, GatewaySettings settings);

    Task<GatewayUsage> GetUsageAsync();

    /// <summary>Takes one channel for a call, if the gateway is enabled, has a free channel, has call allowance left today
    /// and (when a balance is kept) money left. Idempotent per reservation id.</summary>
    Task<ManagementResult<GatewayReservation>> TryReserveAsync(GatewayReservationRequest request);

    /// <summary>Gives the channel back and books the call's cost against the balance. Unknown ids are ignored, so a
    /// release may safely be repeated.</summary>
    Task ReleaseAsync(GatewayRelease release);

    public static string KeyFor(string tenantId, string gwCode) => ManagementKeys.Gateway(tenantId, gwCode);

    /// <summary>Letters, digits and <c>_ - .</c>, 1 to 32 characters.</summary>
    public static bool IsValidCode(string? code)
        => code is { Length: > 0 and <= 32 } && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}

/// <summary>A gateway as add/update describe it. <see cref="Password"/> is a secret: kept encrypted, never returned.</summary>
/// <param name="RegisterType">1 the switch registers to the carrier, 2 the carrier sends to us (no registration).</param>
/// <param name="OriginationCallId">Caller id shown on calls through this gateway.</param>
/// <param name="MobilePhonePrefix">Dialled before mobile numbers (11 digits starting with 1).</param>
/// <param name="FixedPhonePrefix">Dialled before every other number.</param>
/// <param name="CallLimit">Calls allowed per day through the gateway (SIM gateways get blocked beyond it); null: no limit.</param>
/// <param name="BillType">1 per call, 2 per <see cref="BillSec"/> started seconds.</param>
/// <param name="Price">In fen (分) per call or per <see cref="BillSec"/> seconds.</param>
/// <param name="Status">0 disabled, 1 enabled.</param>
/// <param name="ExpectCount">Lines (channels) of the gateway: its concurrency; null or 0: unlimited.</param>
/// <param name="ReturnVisit">1: a line for return visits (回访).</param>
/// <param name="AccountBalance">In yuan; when set, calls stop when it is used up.</param>
[GenerateSerializer, Immutable, Alias("management.gateways.GatewaySettings")]
public sealed record GatewaySettings(
    string GwName,
    int RegisterType,
    string Realm,
    int Status,
    int ReturnVisit,
    string? OriginationCallId = null,
    string? Codec = null,
    string? MobilePhonePrefix = null,
    string? FixedPhonePrefix = null,
    string? Username = null,
    string? Password = null,
    string? Remark = null,
    int? CallLimit = null,
    int? BillType = null,
    int? BillSec = null,
    decimal? Price = null,
    int? ExpectCount = null,
    decimal? AccountBalance = null,
    decimal? RechargedAmount = null);

/// <summary>A gateway as listings show it (never the password).</summary>
/// <param name="SwitchName">Its name on the switch (unique across tenants).</param>
/// <param name="Concurrency">Channel limit; 0 unlimited.</param>
/// <param name="PriceRule">"N|P": P fen per started N seconds ("0|P": P per answered call).</param>
[GenerateSerializer, Immutable, Alias("management.gateways.GatewayInfo")]
public sealed record GatewayInfo(
    string TenantId,
    long Id,
    string GwCode,
    string SwitchName,
    GatewaySettings Settings,
    int Concurrency,
    string? PriceRule,
    bool HasPassword,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <param name="UsedConcurrency">Calls in progress through the gateway now.</param>
/// <param name="AvailableConcurrency">Free channels (int.MaxValue-free: reported as the limit minus used; unlimited
/// gateways report <see cref="GatewayUsage.Unlimited"/>).</param>
[GenerateSerializer, Immutable, Alias("management.gateways.GatewayUsage")]
public sealed record GatewayUsage(string GwCode, int Concurrency, int UsedConcurrency, int AvailableConcurrency, int CallsToday, decimal? AccountBalance)
{
    public const int Unlimited = -1;
}

/// <param name="ReservationId">The call id, so one call never holds two channels of a gateway.</param>
/// <param name="DestinationNumber">Decides which prefix is dialled.</param>
[GenerateSerializer, Immutable, Alias("management.gateways.GatewayReservationRequest")]
public sealed record GatewayReservationRequest(string ReservationId, string DestinationNumber);

/// <summary>A reserved channel: everything needed to place the leg and bill it.</summary>
/// <param name="DialPrefix">Prepended on the wire only (see <c>PstnEndpoint</c>); never shown back to users.</param>
[GenerateSerializer, Immutable, Alias("management.gateways.GatewayReservation")]
public sealed record GatewayReservation(
    string ReservationId,
    string GwCode,
    string SwitchName,
    string DialPrefix,
    string? CallerIdNumber,
    string? PriceRule);

/// <param name="PriceCal">The call's cost in fen, booked against the balance.</param>
[GenerateSerializer, Immutable, Alias("management.gateways.GatewayRelease")]
public sealed record GatewayRelease(string ReservationId, int BillSeconds, decimal? PriceCal);
