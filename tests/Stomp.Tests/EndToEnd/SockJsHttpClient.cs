using System.Net;
using System.Text;
using CallCenter.Stomp.Tests.Support;

namespace CallCenter.Stomp.Tests.EndToEnd;

/// <summary>The SockJS HTTP transports spoken by hand: xhr polling, xhr_send and an xhr_streaming reader.</summary>
internal sealed class SockJsHttpClient(Uri sockJsUrl, string sessionId, string serverId = "000") : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Eventually.HangGuard };

    public string SessionUrl => $"{sockJsUrl}/{serverId}/{sessionId}";

    public static string NewSessionId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>One xhr poll: the frame it answered (without the trailing newline), and the response.</summary>
    public async Task<(string Frame, HttpResponseMessage Response)> PollAsync()
    {
        var response = await _http.PostAsync($"{SessionUrl}/xhr", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", body);
        return (body[..^1], response);
    }

    public async Task<string> PollFrameAsync() => (await PollAsync()).Frame;

    public Task<HttpResponseMessage> SendRawAsync(string body)
        => _http.PostAsync($"{SessionUrl}/xhr_send", new StringContent(body, Encoding.UTF8, "text/plain"));

    /// <summary>xhr_send of STOMP frames as one SockJS message array.</summary>
    public async Task SendAsync(params string[] messages)
    {
        using var response = await SendRawAsync(System.Text.Json.JsonSerializer.Serialize(messages));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    /// <summary>Opens an xhr_streaming response; read its frames with <see cref="Stream.ReadLineAsync"/>.</summary>
    public async Task<StreamingResponse> StreamAsync()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{SessionUrl}/xhr_streaming");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new StreamingResponse(response, new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8));
    }

    public void Dispose() => _http.Dispose();

    internal sealed class StreamingResponse(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public HttpResponseMessage Response { get; } = response;

        /// <returns>The next newline-terminated frame, or null at the end of the response.</returns>
        public async Task<string?> ReadFrameAsync() => await reader.ReadLineAsync().WaitAsync(Eventually.HangGuard);

        public void Dispose()
        {
            reader.Dispose();
            Response.Dispose();
        }
    }
}
