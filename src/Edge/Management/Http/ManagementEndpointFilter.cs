
namespace CallCenter.Edge.Management.Http;

/// <summary>Renders refused requests and unexpected failures in the management envelope: validation codes for
/// <see cref="ManagementRequestException"/>, -9997 (details only in the log) for anything else.</summary>
internal sealed class ManagementEndpointFilter(ILogger<ManagementEndpointFilter> log) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (ManagementRequestException e)
        {
            return ManagementEnvelope.Fail(e.Code, e.Message);
        }
        catch (TimeoutException e)
        {
            log.LogError(e, "Management request {Path} timed out in a grain", invocation.HttpContext.Request.Path);
            return ManagementEnvelope.Fail(ManagementCodes.UnexpectedError, "系统繁忙，请稍后重试");
        }
        catch (Exception e) when (e is not OperationCanceledException || !invocation.HttpContext.RequestAborted.IsCancellationRequested)
        {
            log.LogError(e, "Management request {Path} failed", invocation.HttpContext.Request.Path);
            return ManagementEnvelope.Fail(ManagementCodes.UnexpectedError, "系统错误");
        }
    }
}
