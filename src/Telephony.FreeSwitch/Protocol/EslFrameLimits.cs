namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// Upper bounds on what one event-socket message may occupy in memory. A peer that exceeds them is broken or hostile;
/// the reader fails with <see cref="EslProtocolException"/> instead of buffering without end.
/// </summary>
/// <param name="MaxHeaderBlockBytes">The header block of one message. The largest real one is the outbound
/// <c>connect</c> reply, which carries every channel variable (about 10 KiB in the captures).</param>
/// <param name="MaxBodyBytes">One Content-Length body. <c>show channels as json</c> on a busy switch is the largest
/// legitimate body (about 2 KiB per channel).</param>
public sealed record EslFrameLimits(int MaxHeaderBlockBytes = 256 * 1024, int MaxBodyBytes = 32 * 1024 * 1024)
{
    public static readonly EslFrameLimits Default = new();
}
