using CallCenter.Grpc.V1;
using Grpc.Core;

namespace CallCenter.Grpc.Tests;

/// <summary>A system whose login lock-out and one tenant's rate limit are low enough to reach in a test.</summary>
public sealed class LimitedGrpcSystem : GrpcSystem
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Security:LoginThrottle:MaxFailures"] = "3",
        ["Edge:RateLimits:Tenants:other:Credential:Burst"] = "2",
        ["Edge:RateLimits:Tenants:other:Credential:RequestsPerSecond"] = "1",
    };
}

/// <summary>The REST dialects' login lock-out and rate limits apply to gRPC calls, as RESOURCE_EXHAUSTED with the wait.</summary>
public sealed class LimitsTests(LimitedGrpcSystem system) : IClassFixture<LimitedGrpcSystem>
{
    [Fact]
    public async Task Repeated_wrong_api_keys_lock_the_caller_out_even_with_the_right_key()
    {
        var wrong = system.WithHeaders(("x-api-key", "no-such-key"));
        for (var i = 0; i < 2; i++)
            await GrpcAssert.FailsAsync(StatusCode.Unauthenticated, "UNAUTHENTICATED", async () => await wrong.Projects.ListProjectsAsync(new ListProjectsRequest()));
        var locked = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, "LOGIN_LOCKED_OUT", async () => await wrong.Projects.ListProjectsAsync(new ListProjectsRequest()));
        Assert.Equal("60", locked.Metadata["retry_after_seconds"]);
        var right = system.WithHeaders(("x-api-key", GrpcSystem.DemoApiKey));
        await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, "LOGIN_LOCKED_OUT", async () => await right.Projects.ListProjectsAsync(new ListProjectsRequest()));
        // Signed calls are another login: not locked out.
        await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest());
    }

    [Fact]
    public async Task A_credential_over_its_rate_limit_is_refused_and_other_tenants_go_on()
    {
        for (var i = 0; i < 2; i++) await system.Other.Projects.ListProjectsAsync(new ListProjectsRequest());
        var limited = await GrpcAssert.FailsAsync(StatusCode.ResourceExhausted, "RATE_LIMITED", async () => await system.Other.Projects.ListProjectsAsync(new ListProjectsRequest()));
        Assert.True(int.Parse(limited.Metadata["retry_after_seconds"], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        for (var i = 0; i < 5; i++) await system.Demo.Projects.ListProjectsAsync(new ListProjectsRequest());
    }
}
