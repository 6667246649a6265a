using Google.Rpc;
using Grpc.Core;

namespace CallCenter.Grpc.Tests;

/// <summary>Asserts a call failed with a status code and an ErrorInfo reason in the trailers' google.rpc.Status.</summary>
public static class GrpcAssert
{
    public static async Task<ErrorInfo> FailsAsync(StatusCode code, string reason, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, e.StatusCode);
        var status = e.GetRpcStatus();
        Assert.NotNull(status);
        Assert.Equal((int)code, status!.Code);
        Assert.False(string.IsNullOrWhiteSpace(status.Message));
        var info = status.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal(reason, info!.Reason);
        Assert.Equal("callcenter.v1", info.Domain);
        return info;
    }
}
