using System.Diagnostics;

namespace CallCenter.Recordings.Tests.Support;

/// <summary>An Azurite of the test's own (scripts/azurite.sh), so the test can stop and start it without disturbing the
/// shared one: started again on the same directory it comes back on the same port with the same blobs, as storage does
/// after an outage.</summary>
public sealed class OwnAzurite : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("callcenter-azurite-").FullName;

    public string ConnectionString { get; private set; } = "";

    public async Task StartAsync() => ConnectionString = await ScriptAsync("start");

    public Task StopAsync() => ScriptAsync("stop");

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task<string> ScriptAsync(string command)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "azurite.sh"), command, _directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"azurite.sh {command} failed: {await error}");
        return (await output).Trim();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallCenter.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("CallCenter.sln not found above " + AppContext.BaseDirectory);
    }
}
