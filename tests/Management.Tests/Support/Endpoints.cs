namespace CallCenter.Management.Tests.Support;

/// <summary>Every management endpoint this issue delivers, with its documented method (plus the tenant-settings
/// extensions). The task endpoints belong to the dialer.</summary>
public static class Endpoints
{
    public static readonly (string Method, string Path)[] All =
    [
        ("POST", "/callcenter/callProject/api/createProject/v1"),
        ("GET", "/callcenter/callProject/api/getByCertificate/v1"),
        ("GET", "/callcenter/callProject/api/getExtentionByProject/v1"),
        ("POST", "/callcenter/callProject/api/setWorkStatus/v1"),
        ("POST", "/callcenter/callProject/api/setWorkStatusByProjectCode/v1"),
        ("POST", "/callcenter/callProject/api/setExtensionStatus/v1"),
        ("POST", "/callcenter/callProject/api/distributionSeat/v1"),
        ("POST", "/callcenter/callProject/api/sendToUser/v1"),
        ("POST", "/callcenter/callProject/api/finishProject/v1"),
        ("POST", "/callcenter/callProject/api/uploadVoiceFile/v1"),
        ("GET", "/callcenter/callLog/api/getList/v1"),
        ("GET", "/callcenter/callLog/api/getListByResult/v1"),
        ("POST", "/freeswitch/gateway/api/add/v1"),
        ("POST", "/freeswitch/gateway/api/update/v1"),
        ("GET", "/freeswitch/gateway/api/getList/v1"),
        ("GET", "/freeswitch/gateway/api/getAvailableList/v1"),
        ("GET", "/callcenter/tenant/api/getSettings/v1"),
        ("POST", "/callcenter/tenant/api/setIpWhitelist/v1"),
        ("POST", "/callcenter/tenant/api/setNotifyUrl/v1"),
        ("POST", "/callcenter/tenant/api/setSignaturePolicy/v1"),
    ];

    public static TheoryData<string, string> Theory()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, path) in All) data.Add(method, path);
        return data;
    }
}
