using System.Collections.Concurrent;

namespace CallCenter.Telephony.FreeSwitch.Tests;

/// <summary>
/// A behaviour for the fake server scripted per test: API answers by command prefix (the longest matching prefix wins),
/// "+OK" otherwise; <c>bgapi</c> is accepted with the client's Job-UUID and, if <see cref="BackgroundJobResult"/> says
/// so, followed by its BACKGROUND_JOB event.
/// </summary>
internal sealed class ScriptedFreeSwitch : IFakeFreeSwitchBehaviour
{
    private readonly ConcurrentDictionary<string, Func<FakeCommand, FakeSession, ValueTask<FakeReply>>> _api = new(StringComparer.Ordinal);

    /// <summary>The body of the BACKGROUND_JOB to send after accepting a bgapi; null sends none.</summary>
    public Func<FakeCommand, string?>? BackgroundJobResult { get; set; }

    public Func<FakeCommand, FakeReply>? SendMsg { get; set; }

    public void OnApi(string prefix, string body) => _api[prefix] = (_, _) => ValueTask.FromResult<FakeReply>(new FakeReply.Api(body));

    public void OnApi(string prefix, Func<FakeCommand, FakeSession, ValueTask<FakeReply>> handler) => _api[prefix] = handler;

    public async ValueTask<FakeReply> HandleAsync(FakeCommand command, FakeSession session)
    {
        switch (command.Verb)
        {
            case "api":
            {
                var match = _api.Keys.Where(k => command.ApiCommand.StartsWith(k, StringComparison.Ordinal)).MaxBy(k => k.Length);
                if (match is not null) return await _api[match](command, session);
                return new FakeReply.Api(command.ApiCommand == "show channels as json" ? "{\"row_count\":0}" : "+OK\n");
            }
            case "bgapi":
            {
                var job = command.Headers.TryGetValue("Job-UUID", out var id) ? id : Guid.NewGuid().ToString();
                await session.ReplyAsync($"+OK Job-UUID: {job}", new Dictionary<string, string> { ["Job-UUID"] = job });
                if (BackgroundJobResult?.Invoke(command) is { } result)
                {
                    await session.SendEventJsonAsync(new Dictionary<string, string>
                    {
                        ["Event-Name"] = "BACKGROUND_JOB",
                        ["Job-UUID"] = job,
                        ["Job-Command"] = command.ApiCommand.Split(' ')[0],
                        ["Job-Command-Arg"] = command.ApiCommand.Split(' ', 2) is [_, var arg] ? arg : "",
                        ["Event-Date-Timestamp"] = "1700000000000000",
                    }, result);
                }
                return new FakeReply.Silence();
            }
            case "sendmsg":
                return SendMsg?.Invoke(command) ?? new FakeReply.Command("+OK");
            default:
                return new FakeReply.Command($"-ERR command not found");
        }
    }
}
