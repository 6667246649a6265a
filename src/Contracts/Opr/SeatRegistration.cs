using System.Text;

namespace CallCenter.Opr;

/// <summary>A seat as configured by seat_register. <see cref="Password"/> is the seat phone's SIP password: it goes to the
/// extension (encrypted at rest there) and is never logged or stored by the seat.</summary>
/// <param name="CallbackUrl">Where HTTP pushes go for this seat unless the login names one; null: the client's address
/// (<c>http://&lt;client ip&gt;:8082/</c> by default).</param>
[GenerateSerializer, Immutable, Alias("opr.SeatRegistration")]
public sealed record SeatRegistration(string SeatId, string SeatGroupNo, string SeatPhone, string Password, string? CallbackUrl = null)
{
    // Records print every member; this one must not print the password.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"SeatId = {SeatId}, SeatGroupNo = {SeatGroupNo}, SeatPhone = {SeatPhone}, Password = ***, CallbackUrl = {CallbackUrl}");
        return true;
    }
}

/// <summary>A registered seat, without secrets.</summary>
[GenerateSerializer, Immutable, Alias("opr.SeatInfo")]
public sealed record SeatInfo(string SeatId, string SeatGroupNo, string SeatPhone, string? CallbackUrl, string? OperatorId);
