namespace CallCenter.Grains.Opr;

/// <summary>The leg-owner kinds of the operator console (stored on legs, so they must never change).</summary>
internal static class OprLegOwnerKinds
{
    public const string Seat = "seat";
    public const string SeatGroup = "seat-group";
}
