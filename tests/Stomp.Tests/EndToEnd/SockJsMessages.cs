using System.Text.Json;
using CallCenter.Edge.Stomp;
using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>Unwraps SockJS frames: "a[...]" into its messages, and those into STOMP frames.</summary>
internal static class SockJsMessages
{
    public static List<string> Unwrap(string frame)
    {
        Assert.StartsWith("a[", frame);
        return JsonSerializer.Deserialize<List<string>>(frame[1..])!;
    }

    public static IReadOnlyList<StompFrame> StompFrames(string frame) => TestClient.ParseServerFrames(Unwrap(frame));
}
