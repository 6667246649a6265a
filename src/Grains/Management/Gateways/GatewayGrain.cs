using CallCenter.Grains.Management.Calls;
using CallCenter.Grains.Security;
using CallCenter.Management;
using CallCenter.Management.Gateways;
using CallCenter.Telephony;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Grains.Management.Gateways;

public sealed class GatewayState
{
    public bool Exists { get; set; }
    public long Id { get; set; }
    /// <summary>The settings with the password removed; it is kept in <see cref="ProtectedPassword"/>.</summary>
    public GatewaySettings? Settings { get; set; }
    public string? ProtectedPassword { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The local day <see cref="CallsToday"/> counts (the callLimit is per day).</summary>
    public DateOnly CallsDay { get; set; }
    public int CallsToday { get; set; }
    /// <summary>What is left of accountBalance (yuan) after the calls' costs; null when no balance is kept.</summary>
    public decimal? Balance { get; set; }
}

/// <summary>
/// A gateway and its live channel accounting. Reservations are deliberately not persisted: they describe calls in
/// progress, which a restart of the embedded run ends anyway, and in production the switch enforces the same channel
/// limit itself, so a restart can at worst under-count briefly; a reservation whose release was lost expires after
/// <see cref="ManagementGrainOptions.MaxCallDuration"/>.
/// </summary>
[GrainType("mgmt-gateway")]
public sealed class GatewayGrain(
    [PersistentState("gateway")] IPersistentState<GatewayState> state,
    ISwitch telephony,
    ISecretProtector secrets,
    IOptions<ManagementGrainOptions> options,
    TimeProvider clock,
    ILogger<GatewayGrain> log) : Grain, IGatewayGrain
{
    private readonly Dictionary<string, DateTimeOffset> _reservations = new(StringComparer.Ordinal);

    private string? _tenantId, _code;

    private string TenantId => _tenantId ??= ManagementKeys.TenantOf(this.GetPrimaryKeyString());

    private string Code => _code ??= ManagementKeys.GatewayCode(this.GetPrimaryKeyString());

    /// <summary>Gateway names are global on a switch, so the tenant is part of it.</summary>
    private string SwitchName => $"{TenantId}-gw-{Code}";

    public Task<GatewayInfo?> GetAsync() => Task.FromResult(state.State.Exists ? Info() : null);

    public async Task<ManagementResult<GatewayInfo>> CreateAsync(long id, GatewaySettings settings)
    {
        if (state.State.Exists)
        {
            // The directory numbers a retried creation the same (it records the id only once this succeeded), so the same
            // id again is a retry after, say, the switch was unreachable: finish it rather than refuse it.
            return state.State.Id == id ? await UpdateAsync(id, settings) : ManagementResult<GatewayInfo>.Fail(ManagementError.GatewayExists);
        }
        if (Validate(settings) is { } invalid) return ManagementResult<GatewayInfo>.Fail(ManagementError.InvalidArgument, invalid);
        var now = clock.GetUtcNow();
        state.State = new GatewayState
        {
            Exists = true,
            Id = id,
            Settings = settings with { Password = null },
            ProtectedPassword = string.IsNullOrEmpty(settings.Password) ? null : secrets.Protect(settings.Password),
            CreatedAt = now,
            UpdatedAt = now,
            Balance = settings.AccountBalance,
        };
        await state.WriteStateAsync();
        await ProvisionAsync(settings.Password);
        log.LogInformation("Gateway {GwCode} (id {Id}) of tenant {TenantId} created", Code, id, TenantId);
        return ManagementResult<GatewayInfo>.Success(Info());
    }

    public async Task<ManagementResult<GatewayInfo>> UpdateAsync(long id, GatewaySettings settings)
    {
        if (!state.State.Exists || state.State.Id != id) return ManagementResult<GatewayInfo>.Fail(ManagementError.GatewayNotFound);
        if (Validate(settings) is { } invalid) return ManagementResult<GatewayInfo>.Fail(ManagementError.InvalidArgument, invalid);
        var previous = state.State.Settings!;
        if (!string.IsNullOrEmpty(settings.Password)) state.State.ProtectedPassword = secrets.Protect(settings.Password);
        // The update form does not carry balance fields: keep what is booked unless a new balance is given.
        state.State.Settings = settings with
        {
            Password = null,
            AccountBalance = settings.AccountBalance ?? previous.AccountBalance,
            RechargedAmount = settings.RechargedAmount ?? previous.RechargedAmount,
        };
        if (settings.AccountBalance is not null) state.State.Balance = settings.AccountBalance;
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await ProvisionAsync(state.State.ProtectedPassword is { } p ? secrets.Unprotect(p) : null);
        log.LogInformation("Gateway {GwCode} of tenant {TenantId} updated", Code, TenantId);
        return ManagementResult<GatewayInfo>.Success(Info());
    }

    public Task<GatewayUsage> GetUsageAsync()
    {
        DropExpired();
        var concurrency = Concurrency();
        var used = _reservations.Count;
        var available = concurrency == 0 ? GatewayUsage.Unlimited : Math.Max(0, concurrency - used);
        return Task.FromResult(new GatewayUsage(Code, concurrency, used, available, CallsToday(), state.State.Balance));
    }

    public async Task<ManagementResult<GatewayReservation>> TryReserveAsync(GatewayReservationRequest request)
    {
        if (!state.State.Exists) return ManagementResult<GatewayReservation>.Fail(ManagementError.GatewayNotFound);
        var settings = state.State.Settings!;
        if (!_reservations.ContainsKey(request.ReservationId))
        {
            if (settings.Status != 1) return ManagementResult<GatewayReservation>.Fail(ManagementError.GatewayDisabled);
            DropExpired();
            var concurrency = Concurrency();
            if (concurrency > 0 && _reservations.Count >= concurrency) return ManagementResult<GatewayReservation>.Fail(ManagementError.NoGatewayAvailable, "all channels busy");
            if (settings.CallLimit is > 0 && CallsToday() >= settings.CallLimit) return ManagementResult<GatewayReservation>.Fail(ManagementError.NoGatewayAvailable, "daily call limit reached");
            if (state.State.Balance is <= 0) return ManagementResult<GatewayReservation>.Fail(ManagementError.NoGatewayAvailable, "balance used up");
            _reservations[request.ReservationId] = clock.GetUtcNow();
            if (settings.CallLimit is > 0)
            {
                // Counted when the channel is taken, so parallel calls cannot overrun the day's limit; persisted so a
                // restart does not hand out the day's allowance again.
                state.State.CallsDay = Today();
                state.State.CallsToday = CallsToday() + 1;
                await state.WriteStateAsync();
            }
        }
        return ManagementResult<GatewayReservation>.Success(new GatewayReservation(
            request.ReservationId, Code, SwitchName,
            DialPlan.PrefixFor(request.DestinationNumber, settings.MobilePhonePrefix, settings.FixedPhonePrefix),
            string.IsNullOrEmpty(settings.OriginationCallId) ? null : settings.OriginationCallId,
            PriceRules.Format(settings.BillType, settings.BillSec, settings.Price)));
    }

    public async Task ReleaseAsync(GatewayRelease release)
    {
        if (!_reservations.Remove(release.ReservationId)) return;
        if (state.State.Balance is { } balance && release.PriceCal is > 0)
        {
            // Costs are in fen, the balance in yuan.
            state.State.Balance = balance - release.PriceCal.Value / 100m;
            await state.WriteStateAsync();
        }
    }

    private async Task ProvisionAsync(string? password)
    {
        var settings = state.State.Settings!;
        await telephony.ProvisionGatewayAsync(new GatewayDefinition(SwitchName, settings.Realm, settings.Username, password, Concurrency(),
            Register: settings.RegisterType == 1, CallerIdNumber: settings.OriginationCallId));
    }

    private int Concurrency() => state.State.Settings?.ExpectCount is int count && count > 0 ? count : 0;

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(options.Value.LocalTimeOffset).DateTime);

    private int CallsToday() => state.State.CallsDay == Today() ? state.State.CallsToday : 0;

    private void DropExpired()
    {
        var oldest = clock.GetUtcNow() - options.Value.MaxCallDuration;
        foreach (var (id, at) in _reservations.Where(r => r.Value < oldest).ToList())
        {
            _reservations.Remove(id);
            log.LogWarning("Gateway {GwCode}: reservation {ReservationId} expired without a release", Code, id);
        }
    }

    private static string? Validate(GatewaySettings s)
    {
        if (string.IsNullOrWhiteSpace(s.GwName)) return "gwName is required";
        if (string.IsNullOrWhiteSpace(s.Realm)) return "realm is required";
        if (s.RegisterType is not (1 or 2)) return "registerType must be 1 or 2";
        if (s.Status is not (0 or 1)) return "status must be 0 or 1";
        if (s.ReturnVisit is not (0 or 1)) return "returnVisit must be 0 or 1";
        if (s.BillType is not (null or 1 or 2)) return "billType must be 1 or 2";
        if (s.BillSec is < 0 || s.Price is < 0 || s.CallLimit is < 0 || s.ExpectCount is < 0) return "numbers must not be negative";
        return null;
    }

    private GatewayInfo Info()
    {
        var settings = state.State.Settings!;
        return new GatewayInfo(TenantId, state.State.Id, Code, SwitchName, settings with { AccountBalance = state.State.Balance }, Concurrency(),
            PriceRules.Format(settings.BillType, settings.BillSec, settings.Price), state.State.ProtectedPassword is not null,
            state.State.CreatedAt, state.State.UpdatedAt);
    }
}
