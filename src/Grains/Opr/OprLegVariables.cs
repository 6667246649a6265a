namespace CallCenter.Grains.Opr;

/// <summary>
/// Channel variables the console puts on its legs besides the owner ones, so that after a control-plane restart a seat can
/// put every live leg back on the board and side it was on (ISwitch.ListLegsAsync returns them).
/// </summary>
internal static class OprLegVariables
{
    public const string Board = "cc_opr_board";
    public const string Side = "cc_opr_side";

    /// <summary>Values of <see cref="Telephony.ChannelVariables.Role"/>.</summary>
    public const string RoleParty = "party";
    public const string RoleOperator = "operator";
}
