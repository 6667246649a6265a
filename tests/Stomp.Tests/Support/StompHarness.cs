using System.Text;
using CallCenter.Edge.Stomp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCenter.Stomp.Tests.Support;

/// <summary>
/// The STOMP session machinery without any network: sessions are created by the real <see cref="StompSockJsHandler"/> on
/// <see cref="RecordingChannel"/>s and fed frames as text, exactly as a transport would.
/// Tenants: "demo" allows anonymous sessions (and is the default tenant), "acme" and "globex" require authentication.
/// </summary>
internal sealed class StompHarness : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="configureServices">Further registrations after the harness' own (more authenticators, handlers).</param>
    public StompHarness(Action<StompOptions>? configure = null, Action<IServiceCollection>? configureServices = null)
    {
        Grains = new FakeGrains().WithTenant("demo", allowAnonymous: true).WithTenant("acme", allowAnonymous: false).WithTenant("globex", allowAnonymous: false)
            .WithTenant("off", allowAnonymous: true, enabled: false);
        Authenticator = new TestAuthenticator().Add("alice", "secret-a", "acme").Add("bob", "secret-g", "globex").Add("mallory", "secret-m", "off");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IGrainFactory>(Grains.Factory);
        services.AddOptions<StompOptions>().Configure(o =>
        {
            o.DefaultTenant = "demo";
            configure?.Invoke(o);
        });
        services.AddSingleton<StompBroker>();
        services.AddSingleton<IStompBroker>(sp => sp.GetRequiredService<StompBroker>());
        services.AddSingleton<StompAppDispatcher>();
        services.AddSingleton<StompConnectAuthentication>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CallCenter.Edge.Security.LoginGuard>();
        services.AddSingleton<StompSockJsHandler>();
        services.AddSingleton<IStompAuthenticator>(Authenticator);
        services.AddSingleton<IStompAppHandler>(sp => new RecordingAppHandler(sp.GetRequiredService<IStompBroker>));
        configureServices?.Invoke(services);
        _services = services.BuildServiceProvider();
        AppHandler = (RecordingAppHandler)_services.GetRequiredService<IStompAppHandler>();
    }

    public FakeGrains Grains { get; }

    public TestAuthenticator Authenticator { get; }

    public RecordingAppHandler AppHandler { get; }

    public StompBroker Broker => _services.GetRequiredService<StompBroker>();

    public StompOptions Options => _services.GetRequiredService<IOptions<StompOptions>>().Value;

    /// <summary>A fresh, not yet connected session.</summary>
    public TestClient Open(int channelCapacity = int.MaxValue)
    {
        var channel = new RecordingChannel(channelCapacity);
        var session = (StompSession)_services.GetRequiredService<StompSockJsHandler>().Open(channel, new DefaultHttpContext());
        return new TestClient(session, channel);
    }

    /// <summary>A session that sent CONNECT (with the given extra headers) and got CONNECTED.</summary>
    public async Task<TestClient> ConnectAsync(params (string Name, string Value)[] headers)
    {
        var client = Open();
        await client.SendAsync(Frame("CONNECT", [("accept-version", "1.2"), ("heart-beat", "0,0"), .. headers]));
        Assert.Equal(StompCommand.Connected, client.Frames.Single().Command);
        client.ClearFrames();
        return client;
    }

    /// <summary>A client frame as text: command, headers (written as given, no escaping), blank line, body, NUL.</summary>
    public static string Frame(string command, IEnumerable<(string Name, string Value)> headers, string body = "")
    {
        var builder = new StringBuilder(command).Append('\n');
        foreach (var (name, value) in headers) builder.Append(name).Append(':').Append(value).Append('\n');
        return builder.Append('\n').Append(body).Append('\0').ToString();
    }

    public void Dispose() => _services.Dispose();
}

internal sealed class TestClient(StompSession session, RecordingChannel channel)
{
    private int _skip;

    public StompSession Session { get; } = session;

    public RecordingChannel Channel { get; } = channel;

    public Task SendAsync(string text) => Session.OnMessageAsync(text, new DefaultHttpContext(), CancellationToken.None).AsTask();

    /// <summary>Server frames received since the last <see cref="ClearFrames"/> (heart-beat EOLs left out).</summary>
    public IReadOnlyList<StompFrame> Frames => ParseServerFrames(Channel.Sent.Skip(_skip));

    public void ClearFrames() => _skip = Channel.Sent.Count;

    /// <summary>The ERROR the session closed with.</summary>
    public async Task<StompFrame> ClosedWithErrorAsync()
    {
        await Channel.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        var last = ParseServerFrames(Channel.Sent).Last();
        Assert.Equal(StompCommand.Error, last.Command);
        return last;
    }

    public static IReadOnlyList<StompFrame> ParseServerFrames(IEnumerable<string> messages)
    {
        var reader = new StompFrameReader(1 << 24, 1000);
        var frames = new List<StompFrame>();
        foreach (var message in messages)
        {
            reader.Append(Encoding.UTF8.GetBytes(message));
            while (true)
            {
                var result = reader.TryRead(out var frame);
                if (result == StompFrameReader.Result.NeedMoreData) break;
                if (frame is not null) frames.Add(frame);
            }
        }
        return frames;
    }
}
