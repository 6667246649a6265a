namespace CallCenter.Telephony.Simulated;

// Every leg event carries the leg's id, call id, variables and the clock's time; built in one place so none forgets.
public sealed partial class SimulatedSwitch
{
    private void EmitCreated(SimulatedLeg leg) =>
        _events.Publish(new LegCreated(leg.Direction, leg.CallerIdNumber, leg.DestinationNumber, leg.GatewayName, leg.Domain) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitRinging(SimulatedLeg leg, bool earlyMedia) =>
        _events.Publish(new LegRinging(earlyMedia) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitAnswered(SimulatedLeg leg) =>
        _events.Publish(new LegAnswered { LegId = leg.Id, CallId = leg.CallId, Timestamp = leg.AnsweredAt ?? CurrentTime, Variables = leg.Variables });

    private void EmitBridged(SimulatedLeg leg, SimulatedLeg other) =>
        _events.Publish(new LegBridged(other.Id) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitUnbridged(SimulatedLeg leg, SimulatedLeg other) =>
        _events.Publish(new LegUnbridged(other.Id) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitHeld(SimulatedLeg leg) =>
        _events.Publish(new LegHeld { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitUnheld(SimulatedLeg leg) =>
        _events.Publish(new LegUnheld { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitDtmf(SimulatedLeg leg, char digit) =>
        _events.Publish(new DtmfReceived(digit) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitDigitsCollected(SimulatedLeg leg, string digits, bool valid) =>
        _events.Publish(new DigitsCollected(digits, valid) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitPlaybackFinished(SimulatedLeg leg, string prompt, bool completed) =>
        _events.Publish(new PlaybackFinished(prompt, completed) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitMemberJoined(SimulatedLeg leg, string conference, string memberId) =>
        _events.Publish(new ConferenceMemberJoined(conference, memberId) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitMemberLeft(SimulatedLeg leg, string conference, string memberId) =>
        _events.Publish(new ConferenceMemberLeft(conference, memberId) { LegId = leg.Id, CallId = leg.CallId, Timestamp = CurrentTime, Variables = leg.Variables });

    private void EmitHungUp(SimulatedLeg leg, string cause, HangupInitiator initiator, DateTimeOffset now)
    {
        var billSeconds = leg.AnsweredAt is { } answeredAt ? WholeSeconds(now - answeredAt) : 0;
        _events.Publish(new LegHungUp(cause, initiator, leg.CreatedAt, leg.AnsweredAt, billSeconds, WholeSeconds(now - leg.CreatedAt))
        {
            LegId = leg.Id,
            CallId = leg.CallId,
            Timestamp = now,
            Variables = leg.Variables,
        });
    }

    /// <summary>The end of an originate that never got a channel: only LegHungUp, as a real switch reports a failed
    /// originate with no CHANNEL_CREATE.</summary>
    private void EmitOriginateFailed(string legId, string? callId, IReadOnlyDictionary<string, string> variables, string cause, DateTimeOffset now) =>
        _events.Publish(new LegHungUp(cause, HangupInitiator.Local, now, null, 0, 0) { LegId = legId, CallId = callId, Timestamp = now, Variables = variables });

    // FreeSWITCH's billsec and duration are whole seconds, truncated.
    private static int WholeSeconds(TimeSpan span) => span <= TimeSpan.Zero ? 0 : (int)Math.Min(int.MaxValue, Math.Floor(span.TotalSeconds));
}
