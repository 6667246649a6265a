using System.Collections.Concurrent;

namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Facts that commands learn and event translation needs (and the other way round): pending originates, which prompt
/// file stands for which prompt name, mixed prompts to stop, conference member ids, gateway channel use. Written from
/// command calls and from the event pump at once, hence concurrent collections.
/// </summary>
internal sealed class FreeSwitchCallRegistry
{
    private readonly ConcurrentDictionary<string, PendingOriginate> _originatesByJob = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Leg, string Path), string> _prompts = new();
    private readonly ConcurrentDictionary<string, string> _displaced = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Conference, string Leg), string> _members = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _callVariables = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _partners = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gatewayGate = new();
    private readonly Dictionary<string, HashSet<string>> _gatewayLegs = new(StringComparer.OrdinalIgnoreCase);

    public void AddOriginate(PendingOriginate originate) => _originatesByJob[originate.JobUuid] = originate;

    public PendingOriginate? TakeOriginate(string jobUuid) => _originatesByJob.TryRemove(jobUuid, out var originate) ? originate : null;

    public IReadOnlyList<PendingOriginate> PendingOriginates => [.. _originatesByJob.Values];

    public PendingOriginate? FindOriginateByLeg(string legId) =>
        _originatesByJob.Values.FirstOrDefault(o => string.Equals(o.Request.LegId, legId, StringComparison.OrdinalIgnoreCase));

    /// <summary>The cc_* variables last seen on a leg, for commands that must carry them to a new leg (transfer).</summary>
    public void SetCallVariables(string legId, IReadOnlyDictionary<string, string> variables) => _callVariables[legId] = variables;

    public IReadOnlyDictionary<string, string>? FindCallVariables(string legId) => _callVariables.GetValueOrDefault(legId);

    public void SetPartner(string legId, string? partnerLegId)
    {
        if (partnerLegId is null) _partners.TryRemove(legId, out _);
        else _partners[legId] = partnerLegId;
    }

    public string? FindPartner(string legId) => _partners.GetValueOrDefault(legId);

    public void RememberPrompt(string legId, string path, string prompt) => _prompts[(legId, path)] = prompt;

    public string? TakePrompt(string legId, string path) => _prompts.TryRemove((legId, path), out var prompt) ? prompt : null;

    public void SetDisplaced(string legId, string path) => _displaced[legId] = path;

    public string? TakeDisplaced(string legId) => _displaced.TryRemove(legId, out var path) ? path : null;

    public void SetMember(string conference, string legId, string memberId) => _members[(conference, legId)] = memberId;

    public void RemoveMember(string conference, string legId) => _members.TryRemove((conference, legId), out _);

    public string? FindMember(string conference, string legId) => _members.TryGetValue((conference, legId), out var id) ? id : null;

    /// <summary>Claims a channel on a gateway; false when its limit is reached (FreeSWITCH's sofia gateways have no
    /// channel limit of their own, so the driver enforces <see cref="GatewayDefinition.ChannelLimit"/>).</summary>
    public bool TryClaimGateway(string gateway, string legId, int limit)
    {
        lock (_gatewayGate)
        {
            if (!_gatewayLegs.TryGetValue(gateway, out var legs)) _gatewayLegs[gateway] = legs = new(StringComparer.OrdinalIgnoreCase);
            if (limit > 0 && legs.Count >= limit && !legs.Contains(legId)) return false;
            legs.Add(legId);
            return true;
        }
    }

    /// <summary>Everything held for a leg that is gone.</summary>
    public void Forget(string legId)
    {
        lock (_gatewayGate)
        {
            foreach (var legs in _gatewayLegs.Values) legs.Remove(legId);
        }
        _displaced.TryRemove(legId, out _);
        _callVariables.TryRemove(legId, out _);
        _partners.TryRemove(legId, out _);
        foreach (var key in _prompts.Keys.Where(k => string.Equals(k.Leg, legId, StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            _prompts.TryRemove(key, out _);
        }
        foreach (var key in _members.Keys.Where(k => string.Equals(k.Leg, legId, StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            _members.TryRemove(key, out _);
        }
    }
}
