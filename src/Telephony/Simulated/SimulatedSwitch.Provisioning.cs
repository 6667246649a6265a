using System.Globalization;
using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.Simulated;

// SIP users and gateways, and phones registering.
public sealed partial class SimulatedSwitch
{
    public Task ProvisionExtensionAsync(ExtensionCredentials credentials, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, credentials, static (s, c) =>
        {
            ArgumentNullException.ThrowIfNull(c);
            if (string.IsNullOrWhiteSpace(c.Extension) || string.IsNullOrWhiteSpace(c.Domain)) throw Refused("provision extension", "extension and domain are required");
            var key = SimulatedPhone.Key(c.Extension, c.Domain);
            if (!s._phones.TryGetValue(key, out var phone))
            {
                phone = new SimulatedPhone(c.Extension, c.Domain, ++s._phoneOrdinal);
                s._phones.Add(key, phone);
            }
            phone.Provisioned = true;
            phone.Password = c.Password ?? "";
            phone.DisplayName = c.DisplayName;
            s.LogExtensionProvisioned(c.Extension, c.Domain);
            if (s._options.AutoRegisterPhones) s.RegisterLocked(phone);
        });

    public Task RemoveExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (extension, domain), static (s, a) =>
        {
            if (!s._phones.TryGetValue(SimulatedPhone.Key(a.extension ?? "", a.domain ?? ""), out var phone) || !phone.Provisioned) return;
            s.UnregisterLocked(phone);
            // The phone object stays (its calls in progress go on); it can no longer register or be called.
            phone.Provisioned = false;
            phone.Password = "";
        });

    public Task ProvisionGatewayAsync(GatewayDefinition gateway, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, gateway, static (s, g) =>
        {
            ArgumentNullException.ThrowIfNull(g);
            if (string.IsNullOrWhiteSpace(g.Name)) throw Refused("provision gateway", "a gateway name is required");
            if (g.ChannelLimit < 0) throw Refused("provision gateway", "the channel limit cannot be negative");
            if (s._gateways.TryGetValue(g.Name, out var existing) && !existing.Removed)
            {
                existing.Definition = g;
                return;
            }
            if (existing is null)
            {
                existing = new SimulatedGateway(g);
                s._gateways.Add(g.Name, existing);
            }
            existing.Definition = g;
            existing.Removed = false;
            existing.Up = true;
            s._events.Publish(new GatewayStateChanged(g.Name, true) { Timestamp = s.CurrentTime });
            s.LogGatewayProvisioned(g.Name, g.ChannelLimit);
        });

    /// <summary>Calls in progress on the gateway go on; new ones fail with INVALID_GATEWAY.</summary>
    public Task RemoveGatewayAsync(string gateway, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, gateway, static (s, name) =>
        {
            if (!s._gateways.TryGetValue(name ?? "", out var existing) || existing.Removed) return;
            existing.Removed = true;
            var wasUp = existing.Up;
            existing.Up = false;
            if (wasUp) s._events.Publish(new GatewayStateChanged(existing.Name, false) { Timestamp = s.CurrentTime });
        });

    public bool RegisterPhone(string extension, string domain, string? password = null) =>
        Act((extension, domain, password), static (s, a) =>
        {
            if (!s._phones.TryGetValue(SimulatedPhone.Key(a.extension ?? "", a.domain ?? ""), out var phone) || !phone.Provisioned) return false;
            if (a.password is not null && !string.Equals(a.password, phone.Password, StringComparison.Ordinal))
            {
                s.LogRegistrationRefused(phone.Extension, phone.Domain);
                return false;
            }
            s.RegisterLocked(phone);
            return true;
        });

    private void RegisterLocked(SimulatedPhone phone)
    {
        if (phone.Registered) return;
        phone.Registered = true;
        // A stable, per-phone private address, so replays produce the same contacts.
        phone.Contact = string.Create(CultureInfo.InvariantCulture, $"sip:{phone.Extension}@10.77.{phone.Ordinal / 250 % 250}.{phone.Ordinal % 250 + 1}:5060;transport=udp");
        _events.Publish(new ExtensionRegistered(phone.Extension, phone.Domain, phone.Contact) { Timestamp = CurrentTime });
    }

    public bool UnregisterPhone(string extension, string domain) =>
        Act((extension, domain), static (s, a) =>
            s._phones.TryGetValue(SimulatedPhone.Key(a.extension ?? "", a.domain ?? ""), out var phone) && s.UnregisterLocked(phone));

    public bool SetPhoneBusy(string extension, string domain, bool busy) =>
        Act((extension, domain, busy), static (s, a) =>
        {
            if (!s._phones.TryGetValue(SimulatedPhone.Key(a.extension ?? "", a.domain ?? ""), out var phone)) return false;
            phone.Busy = a.busy;
            return true;
        });

    public bool SetPhoneDoNotDisturb(string extension, string domain, bool doNotDisturb) =>
        Act((extension, domain, doNotDisturb), static (s, a) =>
        {
            if (!s._phones.TryGetValue(SimulatedPhone.Key(a.extension ?? "", a.domain ?? ""), out var phone)) return false;
            phone.DoNotDisturb = a.doNotDisturb;
            return true;
        });

    public void SetPhonePolicy(string extension, string domain, PhoneAnswerPolicy? policy) =>
        Act((extension, domain, policy), static (s, a) =>
        {
            var key = SimulatedPhone.Key(a.extension ?? "", a.domain ?? "");
            if (!s._phones.TryGetValue(key, out var phone)) throw new InvalidOperationException($"extension {a.extension}@{a.domain} is not provisioned");
            phone.Policy = a.policy;
            return true;
        });

    public IReadOnlyList<SimulatedPhoneInfo> ListPhones()
    {
        lock (_gate) return _phones.Values.Where(p => p.Provisioned).OrderBy(p => p.Ordinal).Select(p => p.ToInfo()).ToArray();
    }

    public bool SetGatewayUp(string gateway, bool up) =>
        Act((gateway, up), static (s, a) =>
        {
            if (!s._gateways.TryGetValue(a.gateway ?? "", out var existing) || existing.Removed) return false;
            if (existing.Up == a.up) return true;
            existing.Up = a.up;
            s._events.Publish(new GatewayStateChanged(existing.Name, a.up) { Timestamp = s.CurrentTime });
            return true;
        });

    public int ActiveChannels(string gateway)
    {
        lock (_gate) return _gateways.TryGetValue(gateway ?? "", out var existing) ? existing.ActiveChannels : 0;
    }

    private bool UnregisterLocked(SimulatedPhone phone)
    {
        if (!phone.Registered) return false;
        phone.Registered = false;
        phone.Contact = null;
        _events.Publish(new ExtensionUnregistered(phone.Extension, phone.Domain) { Timestamp = CurrentTime });
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Provisioned extension {Extension}@{Domain}")]
    private partial void LogExtensionProvisioned(string extension, string domain);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registration of {Extension}@{Domain} refused: wrong password")]
    private partial void LogRegistrationRefused(string extension, string domain);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Provisioned gateway {Gateway} (channel limit {ChannelLimit})")]
    private partial void LogGatewayProvisioned(string gateway, int channelLimit);
}
