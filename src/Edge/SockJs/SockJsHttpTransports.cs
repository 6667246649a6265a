using System.Buffers;
using System.Text;

namespace CallCenter.Edge.SockJs;

/// <summary>
/// The HTTP transports: xhr_streaming (one long response, newline-delimited frames after a 2 KiB prelude that makes old
/// browsers start delivering chunks), xhr (long polling: one frame per request) and xhr_send (client to server).
/// </summary>
internal sealed class SockJsHttpTransports(SockJsServer server)
{
    private static readonly byte[] Prelude = Encoding.ASCII.GetBytes(new string('h', 2048) + "\n");

    public async Task PollAsync(HttpContext context, string sessionId)
    {
        var session = await OpenOrFindAsync(context, sessionId, "xhr");
        if (session is null) return;
        var receiver = new object();
        if (!session.TryAttach(receiver))
        {
            await WriteFrameAsync(context, session.CloseFrame ?? SockJsFrames.AnotherConnectionStillOpen);
            return;
        }
        var interrupted = false;
        try
        {
            var (frame, _) = await session.NextFrameAsync(server.Options.HeartbeatInterval, context.RequestAborted);
            await WriteFrameAsync(context, frame);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            session.Detach(receiver, interrupted);
        }
    }

    public async Task StreamAsync(HttpContext context, string sessionId)
    {
        var session = await OpenOrFindAsync(context, sessionId, "xhr_streaming");
        if (session is null) return;
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        await context.Response.Body.WriteAsync(Prelude, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        var receiver = new object();
        if (!session.TryAttach(receiver))
        {
            await WriteFrameAsync(context, session.CloseFrame ?? SockJsFrames.AnotherConnectionStillOpen);
            return;
        }
        var interrupted = false;
        try
        {
            long written = 0;
            while (true)
            {
                var (frame, final) = await session.NextFrameAsync(server.Options.HeartbeatInterval, context.RequestAborted);
                written += await WriteFrameAsync(context, frame);
                // Ending the response after the limit lets the browser drop what its XHR buffered; the client reconnects to
                // the same session and nothing is lost, as messages wait in the outbox meanwhile.
                if (final || written >= server.Options.StreamingResponseLimitBytes) break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            interrupted = true;
        }
        finally
        {
            session.Detach(receiver, interrupted);
        }
    }

    public async Task SendAsync(HttpContext context, string sessionId)
    {
        var session = server.Sessions.Find(sessionId);
        if (session is null || session.IsClosed || !server.IsSameClient(session, context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var body = await ReadBodyAsync(context, server.Options.MaxInboundMessageBytes);
        if (body is null)
        {
            await SockJsHttp.WriteTextAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large.");
            return;
        }
        if (!SockJsClientPayload.TryParse(body.WrittenSpan, allowSingleString: false, out var messages, out var error))
        {
            await SockJsHttp.WriteTextAsync(context, StatusCodes.Status500InternalServerError, error!);
            return;
        }
        // Not the request's abort token: a frame half-handled because the client stopped waiting for this 204 would leave
        // the application in a state the client cannot know about.
        await session.DeliverAsync(messages, context, CancellationToken.None);

        context.Response.StatusCode = StatusCodes.Status204NoContent;
        // text/plain even on a 204: some browsers otherwise try to parse the empty answer as XML and complain.
        context.Response.ContentType = "text/plain; charset=UTF-8";
        SockJsHttp.AddCors(context);
        SockJsHttp.AddNoCache(context);
        SockJsHttp.AddCookie(context, server.Options);
    }

    private async Task<SockJsSession?> OpenOrFindAsync(HttpContext context, string sessionId, string transport)
    {
        var session = server.Sessions.Find(sessionId) ?? server.CreateSession(context, sessionId, transport);
        if (session is null)
        {
            await SockJsHttp.WriteTextAsync(context, StatusCodes.Status503ServiceUnavailable, "Too many sessions.");
            return null;
        }
        if (!server.IsSameClient(session, context))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
        context.Response.ContentType = "application/javascript; charset=UTF-8";
        SockJsHttp.AddCors(context);
        SockJsHttp.AddNoCache(context);
        SockJsHttp.AddCookie(context, server.Options);
        return session;
    }

    private static async Task<int> WriteFrameAsync(HttpContext context, string frame)
    {
        var bytes = Encoding.UTF8.GetBytes(frame + "\n");
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        return bytes.Length;
    }

    /// <returns>The body, or null if it is larger than <paramref name="limit"/>.</returns>
    private static async Task<ArrayBufferWriter<byte>?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit) return null;
        var buffer = new ArrayBufferWriter<byte>(Math.Min(limit, (int)(context.Request.ContentLength ?? 4096)) + 1);
        while (true)
        {
            var read = await context.Request.Body.ReadAsync(buffer.GetMemory(4096), context.RequestAborted);
            if (read == 0) return buffer;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) return null;
        }
    }
}
