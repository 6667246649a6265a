using CallCenter.Recording;
using CallCenter.Telephony.FreeSwitch;
using CallCenter.Telephony.Recording;
using CallCenter.Telephony.Simulated;

namespace CallCenter.Silo.Hosting;

/// <summary>Chooses the media server ("Telephony:Provider") and the recording archive ("Recording:Provider") from
/// configuration.</summary>
internal static class TelephonyComposition
{
    public static bool UsesFreeSwitch(IConfiguration configuration)
        => string.Equals(configuration["Telephony:Provider"], "FreeSwitch", StringComparison.OrdinalIgnoreCase);

    /// <summary>FreeSWITCH fetches the SIP directory (extensions, gateways) from us over mod_xml_curl.</summary>
    public static void Map(WebApplication app)
    {
        if (UsesFreeSwitch(app.Configuration)) app.MapFreeSwitchXmlCurl().WithTags("freeswitch-directory");
    }

    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        // The local folder is the spool every recording is written to first; the archive (Recording:Provider) keeps it.
        services.AddLocalFolderBlobStore(configuration);
        services.AddRecordingArchive(configuration);
        var selection = configuration.GetSection("Telephony").Get<TelephonySelection>() ?? new TelephonySelection();
        switch (selection.Provider.ToLowerInvariant())
        {
            case "simulated":
                services.AddSimulatedTelephony(configuration);
                break;
            case "freeswitch":
                services.AddFreeSwitchTelephony(configuration);
                break;
            default:
                throw new InvalidOperationException($"Telephony:Provider '{selection.Provider}' is not one of Simulated, FreeSwitch");
        }
    }
}
