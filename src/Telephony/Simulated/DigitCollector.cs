using System.Text;
using System.Text.RegularExpressions;

namespace CallCenter.Telephony.Simulated;

/// <summary>A play_and_get_digits in progress on a leg.</summary>
internal sealed class DigitCollector(DigitCollection request, Regex validDigits)
{
    public DigitCollection Request { get; } = request;
    public Regex ValidDigits { get; } = validDigits;
    public int TriesLeft { get; set; } = Math.Max(1, request.Tries);
    public StringBuilder Digits { get; } = new();

    /// <summary>The prompt's end or the digit timeout, whichever is next.</summary>
    public ScheduledWork? Timer { get; set; }

    /// <summary>Keys a scripted party is about to press.</summary>
    public List<ScheduledWork> ScriptedPresses { get; } = [];

    public void CancelTimers()
    {
        Timer?.Cancel();
        Timer = null;
        foreach (var press in ScriptedPresses) press.Cancel();
        ScriptedPresses.Clear();
    }

    public bool IsValid(string digits) =>
        digits.Length >= Request.MinDigits && digits.Length <= Request.MaxDigits && ValidDigits.IsMatch(digits);
}
