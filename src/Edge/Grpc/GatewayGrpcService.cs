using CallCenter.Management.Gateways;
using Grpc.Core;
using V1 = CallCenter.Grpc.V1;

namespace CallCenter.Edge.Grpc;

/// <summary>callcenter.v1.GatewayService over the tenant's gateway directory grain.</summary>
internal sealed class GatewayGrpcService(IGrainFactory grains) : V1.GatewayService.GatewayServiceBase
{
    public override async Task<V1.Gateway> CreateGateway(V1.CreateGatewayRequest request, ServerCallContext context)
    {
        var code = GrpcWire.OptionalCode(request.GwCode, "gw_code", IGatewayGrain.IsValidCode);
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 128) throw GrpcFailure.InvalidArgument("name", "name is required (at most 128 characters)");
        if (request.RegisterType is not (1 or 2)) throw GrpcFailure.InvalidArgument("register_type", "register_type must be 1 (register) or 2 (IP)");
        if (string.IsNullOrWhiteSpace(request.Realm) || request.Realm.Length > 255 || request.Realm.Any(char.IsWhiteSpace))
            throw GrpcFailure.InvalidArgument("realm", "realm must be a host[:port]");
        if (request.ExpectCount < 0) throw GrpcFailure.InvalidArgument("expect_count", "expect_count cannot be negative");
        if (request.BillSeconds < 0 || request.PriceFen < 0) throw GrpcFailure.InvalidArgument("price_fen", "bill_seconds and price_fen cannot be negative");
        var billed = request.PriceFen > 0;
        var settings = new GatewaySettings(
            GwName: request.Name,
            RegisterType: request.RegisterType,
            Realm: request.Realm,
            Status: request.Enabled ? 1 : 0,
            ReturnVisit: 0,
            OriginationCallId: Empty(request.OriginationCallerId),
            MobilePhonePrefix: Empty(request.MobilePrefix),
            FixedPhonePrefix: Empty(request.FixedPrefix),
            Username: Empty(request.Username),
            Password: Empty(request.Password),
            BillType: billed ? (request.BillSeconds > 0 ? 2 : 1) : null,
            BillSec: billed ? request.BillSeconds : null,
            Price: billed ? request.PriceFen : null,
            ExpectCount: request.ExpectCount > 0 ? request.ExpectCount : null);
        var created = await Directory(context).AddAsync(settings, code).WaitAsync(context.CancellationToken);
        return GrpcWire.Gateway(created.Value());
    }

    public override async Task<V1.ListGatewaysResponse> ListGateways(V1.ListGatewaysRequest request, ServerCallContext context)
    {
        var all = await Directory(context).ListAsync().WaitAsync(context.CancellationToken);
        var response = new V1.ListGatewaysResponse();
        response.Gateways.AddRange(all.Select(GrpcWire.Gateway));
        return response;
    }

    private IGatewayDirectoryGrain Directory(ServerCallContext context) => grains.GetGrain<IGatewayDirectoryGrain>(IGatewayDirectoryGrain.KeyFor(context.TenantId()));

    private static string? Empty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
