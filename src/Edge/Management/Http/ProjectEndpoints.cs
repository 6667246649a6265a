using CallCenter.Edge.Tenancy;
using CallCenter.Management;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;
using Microsoft.Extensions.Options;

namespace CallCenter.Edge.Management.Http;

/// <summary>/callcenter/callProject/api/...: projects, their extensions and their agents' work status.</summary>
internal static class ProjectEndpoints
{
    private const string Base = "/callProject/api";

    public static void Map(RouteGroupBuilder callcenter)
    {
        callcenter.MapMethods(Base + "/createProject/v1", ["POST", "GET"], CreateProjectAsync);
        callcenter.MapMethods(Base + "/getByCertificate/v1", ["GET", "POST"], GetByCertificateAsync);
        callcenter.MapMethods(Base + "/getExtentionByProject/v1", ["GET", "POST"], GetExtensionsAsync);
        callcenter.MapMethods(Base + "/setWorkStatus/v1", ["POST", "GET"], SetWorkStatusAsync);
        callcenter.MapMethods(Base + "/setWorkStatusByProjectCode/v1", ["POST", "GET"], SetWorkStatusByProjectAsync);
        callcenter.MapMethods(Base + "/setExtensionStatus/v1", ["POST", "GET"], SetExtensionStatusAsync);
        callcenter.MapMethods(Base + "/distributionSeat/v1", ["POST", "GET"], DistributionSeatAsync);
        callcenter.MapMethods(Base + "/sendToUser/v1", ["POST", "GET"], SendToUserAsync);
        callcenter.MapMethods(Base + "/finishProject/v1", ["POST", "GET"], FinishProjectAsync);
    }

    private static async Task<IResult> CreateProjectAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        var seats = p.RequiredInt("seats", 1, ProjectCreation.MaxSeats);
        var result = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(http.GetTenant().TenantId, code)).CreateAsync(new ProjectCreation(seats));
        return ManagementEnvelope.From(result, project => new { certificate = project.Certificate, servers = options.Value.Servers, nativeServers = options.Value.NativeServers });
    }

    private static async Task<IResult> GetByCertificateAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var certificate = p.RequiredCode("certificate", WireNames.IsCertificate);
        var username = p.OptionalCode("username", WireNames.IsExtension);
        var role = (AgentRole)p.RequiredChoice("type", (int)AgentRole.Agent, (int)AgentRole.ProjectManager);
        var tenant = http.GetTenant().TenantId;
        var projectCode = await grains.GetGrain<IProjectDirectoryGrain>(IProjectDirectoryGrain.KeyFor(tenant)).FindByCertificateAsync(certificate);
        if (projectCode is null) return ManagementEnvelope.Fail(ManagementError.CertificateNotFound);
        var result = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(tenant, projectCode)).ClaimExtensionAsync(new ExtensionClaim(certificate, role, username));
        // The answer carries a SIP password: no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        return ManagementEnvelope.From(result, grant => new
        {
            servers = options.Value.Servers,
            nativeServers = options.Value.NativeServers,
            username = grant.Username,
            password = grant.Password,
            uri = $"sip:{grant.Username}@{grant.SipDomain}",
        });
    }

    private static async Task<IResult> GetExtensionsAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        var result = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(http.GetTenant().TenantId, code)).ListExtensionsAsync();
        if (!result.Ok) return ManagementEnvelope.Fail(result.Error, result.Detail);
        var items = result.Value!.OrderBy(a => a.Username, StringComparer.Ordinal).Select(ExtensionRecordWire.From).ToList();
        return ManagementEnvelope.Ok(items, items.Count);
    }

    private static async Task<IResult> SetWorkStatusAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var status = p.OptionalChoice("workStatus", 0, 1);
        var username = p.RequiredCode("username", WireNames.IsExtension);
        var agent = grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(http.GetTenant().TenantId, username));
        if (status is null)
        {
            // The spec marks workStatus optional: without it nothing changes and the current state is reported.
            var current = await agent.GetAsync();
            return current is null ? ManagementEnvelope.Fail(ManagementError.ExtensionNotFound) : Nothing(WorkStatusData(current));
        }
        var result = await agent.SetWorkStatusAsync((AgentWorkStatus)status.Value);
        return ManagementEnvelope.From(result, WorkStatusData);
    }

    private static async Task<IResult> SetWorkStatusByProjectAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var status = p.RequiredChoice("workStatus", 0, 1);
        var code = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        var result = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(http.GetTenant().TenantId, code)).SetWorkStatusAllAsync((AgentWorkStatus)status);
        return result.Ok ? ManagementEnvelope.Ok() : ManagementEnvelope.Fail(result.Error, result.Detail);
    }

    private static async Task<IResult> SetExtensionStatusAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var status = p.OptionalChoice("workStatus", -1, 0);
        var username = p.RequiredCode("username", WireNames.IsExtension);
        var agent = grains.GetGrain<IAgentGrain>(IAgentGrain.KeyFor(http.GetTenant().TenantId, username));
        if (status is null)
        {
            var current = await agent.GetAsync();
            return current is null ? ManagementEnvelope.Fail(ManagementError.ExtensionNotFound) : Nothing(EnabledData(current));
        }
        var result = await agent.SetEnabledAsync(status == 0);
        return ManagementEnvelope.From(result, EnabledData);
    }

    private static async Task<IResult> DistributionSeatAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        var username = p.RequiredCode("username", WireNames.IsExtension);
        var result = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(http.GetTenant().TenantId, code)).AddSeatAsync(username);
        return result.Ok ? ManagementEnvelope.Ok() : ManagementEnvelope.Fail(result.Error, result.Detail);
    }

    private static async Task<IResult> SendToUserAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        var username = p.OptionalCode("username", WireNames.IsExtension);
        var content = p.Required("content", 4096);
        var result = await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(http.GetTenant().TenantId, code)).SendMessageAsync(username, content);
        return result.Ok ? ManagementEnvelope.Ok() : ManagementEnvelope.Fail(result.Error, result.Detail);
    }

    private static async Task<IResult> FinishProjectAsync(HttpContext http, IGrainFactory grains, IOptions<ManagementOptions> options)
    {
        var p = await ManagementParameters.ReadAsync(http, options.Value.MaxBodyBytes);
        var code = p.RequiredCode("projectCode", IProjectGrain.IsValidCode);
        return ManagementEnvelope.From(await grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(http.GetTenant().TenantId, code)).FinishAsync());
    }

    private static object WorkStatusData(AgentSnapshot agent) => new { username = agent.Username, workStatus = (int)agent.WorkStatus, sessionStatus = (int)agent.SessionStatus };

    private static object EnabledData(AgentSnapshot agent) => new { username = agent.Username, workStatus = agent.Enabled ? 0 : -1 };

    /// <summary>Code 0 ("nothing done") with the current state as data.</summary>
    private static IResult Nothing(object data)
        => Results.Json(new ManagementEnvelope(new ReqResult(ManagementCodes.NothingDone, ManagementCodes.Message(ManagementError.NothingDone)), data),
            Json.EdgeJson.Options, ManagementEnvelope.ContentType);
}
