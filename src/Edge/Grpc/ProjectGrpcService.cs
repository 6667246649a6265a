using CallCenter.Edge.Management;
using CallCenter.Edge.Management.Http;
using CallCenter.Management.Agents;
using CallCenter.Management.Projects;
using Grpc.Core;
using Microsoft.Extensions.Options;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>callcenter.v1.ProjectService over the management API's project grains.</summary>
internal sealed class ProjectGrpcService(IGrainFactory grains, IOptions<ManagementOptions> options) : V1.ProjectService.ProjectServiceBase
{
    public override async Task<V1.Project> CreateProject(V1.CreateProjectRequest request, ServerCallContext context)
    {
        var code = GrpcWire.Code(request.ProjectCode, "project_code", IProjectGrain.IsValidCode);
        if (request.Seats is < 1 or > ProjectCreation.MaxSeats)
            throw GrpcFailure.InvalidArgument("seats", $"seats must be between 1 and {ProjectCreation.MaxSeats}");
        var created = await Project(context, code).CreateAsync(new ProjectCreation(request.Seats)).WaitAsync(context.CancellationToken);
        return ToWire(created.Value());
    }

    public override async Task<V1.ListProjectsResponse> ListProjects(V1.ListProjectsRequest request, ServerCallContext context)
    {
        var tenant = context.TenantId();
        var codes = await grains.GetGrain<IProjectDirectoryGrain>(IProjectDirectoryGrain.KeyFor(tenant)).ListAsync().WaitAsync(context.CancellationToken);
        var response = new V1.ListProjectsResponse();
        foreach (var code in codes.Order(StringComparer.Ordinal))
        {
            if (await Project(context, code).GetAsync().WaitAsync(context.CancellationToken) is { } info) response.Projects.Add(ToWire(info));
        }
        return response;
    }

    public override async Task<V1.ExtensionGrant> ClaimExtension(V1.ClaimExtensionRequest request, ServerCallContext context)
    {
        var certificate = GrpcWire.Code(request.Certificate, "certificate", WireNames.IsCertificate);
        var username = GrpcWire.OptionalCode(request.Username, "username", WireNames.IsExtension);
        var role = request.Role switch
        {
            V1.AgentRole.Unspecified or V1.AgentRole.Agent => AgentRole.Agent,
            V1.AgentRole.ProjectManager => AgentRole.ProjectManager,
            _ => throw GrpcFailure.InvalidArgument("role", "role must be AGENT_ROLE_AGENT or AGENT_ROLE_PROJECT_MANAGER"),
        };
        var tenant = context.TenantId();
        var projectCode = await grains.GetGrain<IProjectDirectoryGrain>(IProjectDirectoryGrain.KeyFor(tenant)).FindByCertificateAsync(certificate).WaitAsync(context.CancellationToken)
            ?? throw GrpcFailure.From(CallCenter.Management.ManagementError.CertificateNotFound, null);
        var grant = (await Project(context, projectCode).ClaimExtensionAsync(new ExtensionClaim(certificate, role, username)).WaitAsync(context.CancellationToken)).Value();
        return new V1.ExtensionGrant { Username = grant.Username, Password = grant.Password, Uri = $"sip:{grant.Username}@{grant.SipDomain}", ProjectCode = grant.ProjectCode };
    }

    public override async Task<V1.ListExtensionsResponse> ListExtensions(V1.ListExtensionsRequest request, ServerCallContext context)
    {
        var code = GrpcWire.Code(request.ProjectCode, "project_code", IProjectGrain.IsValidCode);
        var agents = (await Project(context, code).ListExtensionsAsync().WaitAsync(context.CancellationToken)).Value();
        var response = new V1.ListExtensionsResponse();
        response.Agents.AddRange(agents.OrderBy(a => a.Username, StringComparer.Ordinal).Select(GrpcWire.Agent));
        return response;
    }

    private IProjectGrain Project(ServerCallContext context, string code) => grains.GetGrain<IProjectGrain>(IProjectGrain.KeyFor(context.TenantId(), code));

    private V1.Project ToWire(ProjectInfo project) => new()
    {
        ProjectCode = project.ProjectCode,
        Certificate = project.Certificate,
        Servers = options.Value.Servers,
        NativeServers = options.Value.NativeServers,
        Finished = project.Status == ProjectStatus.Finished,
    };
}
