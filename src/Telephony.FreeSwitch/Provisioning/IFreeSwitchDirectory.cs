namespace CallCenter.Telephony.FreeSwitch;

/// <summary>
/// The SIP users and gateways FreeSWITCH should know, as the control plane provisioned them. FreeSWITCH reads them on
/// demand through mod_xml_curl (<see cref="XmlCurlResponder"/>); the in-memory default suits one control-plane node,
/// a multi-node deployment registers an implementation backed by shared storage.
/// </summary>
public interface IFreeSwitchDirectory
{
    Task UpsertExtensionAsync(ExtensionCredentials credentials, CancellationToken cancellationToken = default);

    /// <returns>False if there was no such extension.</returns>
    Task<bool> RemoveExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default);

    Task<ExtensionCredentials?> FindExtensionAsync(string extension, string domain, CancellationToken cancellationToken = default);

    /// <returns>True if a gateway of that name existed and was replaced.</returns>
    Task<bool> UpsertGatewayAsync(GatewayDefinition gateway, CancellationToken cancellationToken = default);

    Task<bool> RemoveGatewayAsync(string gateway, CancellationToken cancellationToken = default);

    Task<GatewayDefinition?> FindGatewayAsync(string gateway, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<GatewayDefinition>> ListGatewaysAsync(CancellationToken cancellationToken = default);
}
