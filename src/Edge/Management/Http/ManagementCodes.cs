using CallCenter.Management;

namespace CallCenter.Edge.Management.Http;

/// <summary>
/// The <c>reqResult.code</c> values of the management API and what each means. Stable: a code never changes meaning, new
/// reasons get new codes. docs/management-api.md lists them.
/// </summary>
public static class ManagementCodes
{
    public const int Success = 1;
    public const int NothingDone = 0;
    public const int UnexpectedError = -9997;
    /// <summary>A rate limit or a login lock-out (HTTP 429 with Retry-After); not in the original, which had neither.</summary>
    public const int TooManyRequests = -9998;

    // Validation: the request itself is wrong.
    public const int MissingParameter = -100001;
    public const int NotANumber = -100002;
    public const int ValueNotAllowed = -100003;
    public const int BadFormat = -100004;
    public const int MalformedBody = -100005;
    public const int BadDateTime = -100006;
    public const int BadPaging = -100007;
    public const int BadPhoneNumber = -100008;
    public const int BadJsonValue = -100009;
    public const int BadUpload = -100010;
    public const int BodyTooLarge = -100011;

    // Business: a valid request the current state refuses.
    public const int ProjectNotFound = -1000100;
    public const int ProjectConflict = -1000101;
    public const int ExtensionNotFound = -1000102;
    public const int AgentStateRefused = -1000103;
    public const int NoResource = -1000104;
    public const int GatewayRefused = -1000105;
    public const int TaskRefused = -1000106;
    public const int VoiceNotFound = -1000107;
    /// <summary>The call has no recording this tenant can read (unknown call, not recorded, not yet saved, expired).</summary>
    public const int RecordingNotFound = -1000108;

    public static int For(ManagementError error) => error switch
    {
        ManagementError.None => Success,
        ManagementError.NothingDone => NothingDone,
        ManagementError.InvalidArgument or ManagementError.AccountExists => ValueNotAllowed,
        ManagementError.ProjectNotFound or ManagementError.CertificateNotFound => ProjectNotFound,
        ManagementError.ProjectExists or ManagementError.ProjectFinished => ProjectConflict,
        ManagementError.ExtensionNotFound or ManagementError.AgentNotInProject => ExtensionNotFound,
        ManagementError.AgentDisabled or ManagementError.AgentNotRegistered or ManagementError.AgentBusy or ManagementError.AgentNotIdle
            or ManagementError.CallNotFound or ManagementError.CallStateInvalid or ManagementError.SupervisionNotActive => AgentStateRefused,
        ManagementError.NoFreeExtension or ManagementError.NoGatewayAvailable => NoResource,
        ManagementError.GatewayNotFound or ManagementError.GatewayExists or ManagementError.GatewayDisabled => GatewayRefused,
        ManagementError.TaskNotFound or ManagementError.TaskExists or ManagementError.TaskRefused => TaskRefused,
        ManagementError.VoiceNotFound => VoiceNotFound,
        _ => UnexpectedError,
    };

    /// <summary>The message clients show (Chinese, as the original's), naming the specific reason.</summary>
    public static string Message(ManagementError error) => error switch
    {
        ManagementError.None => "成功",
        ManagementError.NothingDone => "未做任何修改",
        ManagementError.InvalidArgument => "参数值不合法",
        ManagementError.AccountExists => "账号已存在",
        ManagementError.ProjectNotFound => "项目不存在",
        ManagementError.CertificateNotFound => "凭证无效",
        ManagementError.ProjectExists => "项目已存在",
        ManagementError.ProjectFinished => "项目已完结",
        ManagementError.ExtensionNotFound => "分机不存在",
        ManagementError.AgentNotInProject => "分机不属于该项目",
        ManagementError.AgentDisabled => "分机已禁用",
        ManagementError.AgentNotRegistered => "分机未注册",
        ManagementError.AgentBusy => "坐席忙",
        ManagementError.AgentNotIdle => "坐席未置闲",
        ManagementError.CallNotFound => "通话不存在",
        ManagementError.CallStateInvalid => "当前通话状态不允许该操作",
        ManagementError.SupervisionNotActive => "没有进行中的监听或会议",
        ManagementError.NoFreeExtension => "没有可分配的分机",
        ManagementError.NoGatewayAvailable => "没有可用线路",
        ManagementError.GatewayNotFound => "线路不存在",
        ManagementError.GatewayExists => "线路已存在",
        ManagementError.GatewayDisabled => "线路已禁用",
        ManagementError.TaskNotFound => "任务不存在",
        ManagementError.TaskExists => "任务已存在",
        ManagementError.TaskRefused => "任务当前状态不允许该操作",
        ManagementError.VoiceNotFound => "语音文件不存在",
        _ => "系统错误",
    };
}
