using System.Text.RegularExpressions;
using CallCenter.Telephony.Recording;
using Microsoft.Extensions.Logging;

namespace CallCenter.Telephony.Simulated;

// Prompts, DTMF collection and recordings.
public sealed partial class SimulatedSwitch
{
    /// <summary>A new prompt replaces one still playing (which finishes with Completed=false); a looping prompt plays until
    /// stopped.</summary>
    public Task PlayAsync(string legId, string prompt, bool mixed = false, bool loop = false, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, prompt, mixed, loop), static (s, a) =>
        {
            var leg = s.RequireLeg(a.mixed ? "uuid_displace" : "uuid_broadcast", a.legId);
            if (string.IsNullOrWhiteSpace(a.prompt)) throw Refused("uuid_broadcast", "no prompt");
            s.StopPlaybackLocked(leg);
            var playback = new Playback(a.prompt, a.mixed, a.loop);
            leg.Playback = playback;
            if (!a.loop)
            {
                playback.End = s.After(s.PromptLength(a.prompt), () =>
                {
                    if (!leg.Live || !ReferenceEquals(leg.Playback, playback)) return;
                    leg.Playback = null;
                    s.EmitPlaybackFinished(leg, playback.Prompt, completed: true);
                });
            }
        });

    public Task StopPlaybackAsync(string legId, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, legId, static (s, id) => s.StopPlaybackLocked(s.RequireLeg("uuid_break", id)));

    /// <summary>Every collection ends in exactly one DigitsCollected unless the leg hangs up first; a new collection
    /// replaces a running one, which reports what it had as invalid.</summary>
    public Task CollectDigitsAsync(string legId, DigitCollection collection, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, collection), static (s, a) =>
        {
            const string command = "play_and_get_digits";
            var leg = s.RequireLeg(command, a.legId);
            var request = a.collection ?? throw Refused(command, "no collection parameters");
            if (request.MinDigits < 0 || request.MaxDigits < 1 || request.MaxDigits < request.MinDigits) throw Refused(command, "invalid digit counts");
            Regex valid;
            try
            {
                // Unanchored, as FreeSWITCH matches the digits regex.
                valid = CompilePattern(string.IsNullOrEmpty(request.ValidDigitsRegex) ? ".*" : request.ValidDigitsRegex);
            }
            catch (ArgumentException ex)
            {
                throw Refused(command, $"invalid digits regex: {ex.Message}");
            }
            if (leg.Collector is { } previous)
            {
                previous.CancelTimers();
                leg.Collector = null;
                s.EmitDigitsCollected(leg, previous.Digits.ToString(), valid: false);
            }
            var collector = new DigitCollector(request, valid);
            leg.Collector = collector;
            s.StartCollectionAttempt(leg, collector, s.PromptLength(request.Prompt));
        });

    public Task StartRecordingAsync(string legId, string blobKey, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, blobKey), static (s, a) =>
        {
            var leg = s.RequireLeg("uuid_record", a.legId);
            if (!BlobKeys.IsValid(a.blobKey, out var reason)) throw Refused("uuid_record", $"invalid recording key: {reason}");
            leg.Recordings ??= [];
            foreach (var (key, _) in leg.Recordings) if (key == a.blobKey) return;
            leg.Recordings.Add((a.blobKey, s.CurrentTime));
        });

    public Task StopRecordingAsync(string legId, string blobKey, CancellationToken cancellationToken = default) =>
        Execute(cancellationToken, (legId, blobKey), static (s, a) =>
        {
            var leg = s.RequireLeg("uuid_record", a.legId);
            var index = leg.Recordings?.FindIndex(r => r.BlobKey == a.blobKey) ?? -1;
            if (index < 0) throw Refused("uuid_record", $"leg '{a.legId}' is not recording to '{a.blobKey}'");
            var (key, startedAt) = leg.Recordings![index];
            leg.Recordings.RemoveAt(index);
            s.FinishRecording(leg, key, startedAt, s.CurrentTime);
        });

    public void SetPromptLength(string prompt, TimeSpan length)
    {
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, TimeSpan.Zero);
        lock (_gate) _promptLengths[prompt] = length;
    }

    private TimeSpan PromptLength(string? prompt)
    {
        if (string.IsNullOrEmpty(prompt)) return TimeSpan.Zero;
        if (_promptLengths.TryGetValue(prompt, out var length)) return length;
        var fileName = Path.GetFileName(prompt);
        return _promptLengths.TryGetValue(fileName, out length) ? length : _options.DefaultPromptLength;
    }

    private void StopPlaybackLocked(SimulatedLeg leg)
    {
        if (leg.Playback is not { } playback) return;
        playback.End?.Cancel();
        leg.Playback = null;
        EmitPlaybackFinished(leg, playback.Prompt, completed: false);
    }

    /// <summary>Plays the prompt, then waits for digits; a scripted party (or the profile's digits) types after the
    /// prompt, one digit per DigitInterval. Digits pressed during the prompt count too (barge-in).</summary>
    private void StartCollectionAttempt(SimulatedLeg leg, DigitCollector collector, TimeSpan promptLength)
    {
        collector.Digits.Clear();
        var script = leg.ScriptedDigits ?? (leg.Profile is { AutoAnswer: true, Digits: { Length: > 0 } profileDigits } ? profileDigits : null);
        leg.ScriptedDigits = null;
        if (script is not null)
        {
            for (var i = 0; i < script.Length; i++)
            {
                var digit = script[i];
                collector.ScriptedPresses.Add(After(promptLength + _options.DigitInterval * (i + 1), () => DigitPressedLocked(leg, digit)));
            }
        }
        collector.Timer = After(promptLength + DigitTimeout(collector), () => CollectionTimedOut(leg, collector));
    }

    private TimeSpan DigitTimeout(DigitCollector collector) =>
        collector.Request.Timeout is { } timeout && timeout > TimeSpan.Zero ? timeout : _options.DefaultDigitTimeout;

    private void DigitPressedLocked(SimulatedLeg leg, char digit)
    {
        if (!leg.Live) return;
        EmitDtmf(leg, digit);
        if (leg.Collector is not { } collector) return;
        if (collector.Request.Terminators?.Contains(digit) == true)
        {
            FinishCollectionAttempt(leg, collector);
            return;
        }
        collector.Digits.Append(digit);
        if (collector.Digits.Length >= collector.Request.MaxDigits)
        {
            FinishCollectionAttempt(leg, collector);
            return;
        }
        // The timeout runs again from each digit (FreeSWITCH's inter-digit timeout defaults to the timeout).
        collector.Timer?.Cancel();
        collector.Timer = After(DigitTimeout(collector), () => CollectionTimedOut(leg, collector));
    }

    private void CollectionTimedOut(SimulatedLeg leg, DigitCollector collector)
    {
        if (leg.Live && ReferenceEquals(leg.Collector, collector)) FinishCollectionAttempt(leg, collector);
    }

    private void FinishCollectionAttempt(SimulatedLeg leg, DigitCollector collector)
    {
        collector.CancelTimers();
        var digits = collector.Digits.ToString();
        if (collector.IsValid(digits))
        {
            leg.Collector = null;
            EmitDigitsCollected(leg, digits, valid: true);
            return;
        }
        if (--collector.TriesLeft > 0)
        {
            StartCollectionAttempt(leg, collector, PromptLength(collector.Request.InvalidPrompt) + PromptLength(collector.Request.Prompt));
            return;
        }
        leg.Collector = null;
        EmitDigitsCollected(leg, digits, valid: false);
    }

    /// <summary>Closes a recording: RecordingFinished takes its place in the event order now, and is delivered once the
    /// WAV is stored, so a handler that reacts to it finds the blob.</summary>
    private void FinishRecording(SimulatedLeg leg, string blobKey, DateTimeOffset startedAt, DateTimeOffset now)
    {
        var duration = now > startedAt ? now - startedAt : TimeSpan.Zero;
        var finished = new RecordingFinished(blobKey, duration) { LegId = leg.Id, CallId = leg.CallId, Timestamp = now, Variables = leg.Variables };
        var store = _recordings;
        var tone = _options.RecordingTone;
        // Off the lock: the store does file or network I/O.
        _events.PublishWhenReady(Task.Run(async () =>
        {
            try
            {
                await using var wav = new ToneRecordingStream(duration, tone);
                await store.PutAsync(blobKey, wav, ContentTypes.Wav).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogRecordingNotStored(ex, blobKey);
            }
            return (SwitchEvent)finished;
        }));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {BlobKey} could not be stored")]
    private partial void LogRecordingNotStored(Exception exception, string blobKey);
}
