namespace CallCenter.Telephony.FreeSwitch;

/// <summary>A <c>bgapi</c> command FreeSWITCH accepted. <see cref="Result"/> completes with the BACKGROUND_JOB event
/// (its body is the command's output, e.g. "+OK uuid" or "-ERR USER_BUSY") or fails if the connection is lost first.</summary>
public sealed record BackgroundJob(string JobUuid, Task<EslEvent> Result);
