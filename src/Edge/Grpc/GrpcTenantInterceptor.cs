using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Security;
using CallCenter.Edge.Tenancy;
using CallCenter.Tenancy;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CallCenter.Edge.Grpc;

/// <summary>
/// Resolves every call's tenant from its metadata before the service runs, and turns what escapes a service into the
/// gRPC error shape (<see cref="GrpcFailure"/>). Credentials, as the REST dialects take them: <c>x-api-key</c> (the
/// tenant's API key), or the management API's <c>account</c>, <c>timestamp</c> and <c>sign</c> = MD5(account +
/// timestamp + secret), with the same time window and IP allow-list (<see cref="ApiSignatureVerifier"/>). Health and
/// reflection are not intercepted (they carry no tenant data).
/// </summary>
/// <remarks>As on the REST dialects, repeated failed logins lock the caller out (<see cref="LoginGuard"/>) and a tenant's
/// calls are rate-limited per tenant and per credential (<see cref="TenantRateLimiter"/>): RESOURCE_EXHAUSTED with the
/// delay in the ErrorInfo's <c>retry_after_seconds</c> in both cases.</remarks>
internal sealed class GrpcTenantInterceptor(ApiSignatureVerifier signatures, IGrainFactory grains, LoginGuard guard, TenantRateLimiter limiter, ILogger<GrpcTenantInterceptor> log) : Interceptor
{
    public const string ApiKeyHeader = "x-api-key";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await ResolveAsync(context);
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await ResolveAsync(context);
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Translate(e, context);
        }
    }

    private async Task ResolveAsync(ServerCallContext context)
    {
        var headers = context.RequestHeaders;
        var address = context.GetHttpContext().Connection.RemoteIpAddress;
        var claim = headers.GetValue(ApiKeyHeader) is { Length: > 0 } ? new LoginClaim("grpc-key") : new LoginClaim("grpc", headers.GetValue("account") ?? "");
        if (guard.KnownLockout(claim, address) is { } lockedFor) throw TooMany("LOGIN_LOCKED_OUT", "too many failed logins", lockedFor);
        TenantContext tenant;
        try
        {
            tenant = await AuthenticateAsync(context, headers);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
        {
            if (await guard.FailedAsync(claim, address) is { } nowLockedFor) throw TooMany("LOGIN_LOCKED_OUT", "too many failed logins", nowLockedFor);
            throw;
        }
        await guard.SucceededAsync(claim, address);
        if (limiter.TryAcquire(tenant) is { } wait) throw TooMany("RATE_LIMITED", "rate limit exceeded", wait);
        GrpcTenant.Set(context, tenant);
    }

    private static RpcException TooMany(string reason, string message, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return GrpcFailure.Create(StatusCode.ResourceExhausted, reason, $"{message}; retry after {seconds} s", new Dictionary<string, string> { ["retry_after_seconds"] = seconds });
    }

    private async Task<TenantContext> AuthenticateAsync(ServerCallContext context, Metadata headers)
    {
        if (headers.GetValue(ApiKeyHeader) is { Length: > 0 } key)
        {
            var tenant = await grains.GetGrain<IApiKeyGrain>(IApiKeyGrain.KeyFor(key)).GetTenantAsync().WaitAsync(context.CancellationToken);
            if (tenant is null) throw Refused(context, "unknown API key");
            return new TenantContext(tenant, "grpc", "api-key");
        }
        var account = headers.GetValue("account");
        var outcome = await signatures.VerifyAsync(account, headers.GetValue("timestamp"), headers.GetValue("sign"), context.GetHttpContext().Connection.RemoteIpAddress)
            .WaitAsync(context.CancellationToken);
        if (outcome.AddressRefused)
        {
            log.LogInformation("gRPC call {Method} refused: {Reason}", context.Method, outcome.Refusal);
            throw GrpcFailure.Create(StatusCode.PermissionDenied, "ADDRESS_NOT_ALLOWED", "the caller's address is not on the tenant's allow-list");
        }
        if (!outcome.Valid) throw Refused(context, outcome.Refusal);
        return new TenantContext(outcome.TenantId!, "grpc", "account:" + account);
    }

    /// <summary>As the REST dialects: the reason goes to the log, the caller learns only that it was refused.</summary>
    private RpcException Refused(ServerCallContext context, string? reason)
    {
        log.LogInformation("gRPC call {Method} refused: {Reason}", context.Method, reason);
        return GrpcFailure.Unauthenticated("missing or invalid credentials: x-api-key, or account + timestamp + sign");
    }

    private RpcException Translate(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                // The deadline passed or the client went away; the status is the one the client's side already knows.
                return context.Deadline <= DateTime.UtcNow
                    ? GrpcFailure.Create(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED", "the deadline passed before the call completed")
                    : GrpcFailure.Create(StatusCode.Cancelled, "CANCELLED", "the call was cancelled");
            case TimeoutException:
            case Orleans.Runtime.SiloUnavailableException:
            case Orleans.Runtime.OrleansMessageRejectionException:
                log.LogWarning(e, "gRPC call {Method}: the grains did not answer", context.Method);
                return GrpcFailure.Create(StatusCode.Unavailable, "UNAVAILABLE", "the service is temporarily unavailable; retry with backoff");
            default:
                log.LogError(e, "gRPC call {Method} failed", context.Method);
                return GrpcFailure.Create(StatusCode.Internal, "INTERNAL", "internal error");
        }
    }
}
