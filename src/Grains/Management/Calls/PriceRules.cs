using System.Globalization;

namespace CallCenter.Grains.Management.Calls;

/// <summary>
/// The spec's price rule "N|P": P fen per started N seconds of billed time, so <c>priceCal = ceil(billsec / N) * P</c>.
/// A per-call gateway (billType 1) is written "0|P": P for every answered call.
/// </summary>
public static class PriceRules
{
    public static string? Format(int? billType, int? billSeconds, decimal? price)
    {
        if (price is not { } p) return null;
        var amount = p.ToString("0.0###", CultureInfo.InvariantCulture);
        return billType == 1 ? $"0|{amount}" : $"{(billSeconds is > 0 ? billSeconds.Value : 60).ToString(CultureInfo.InvariantCulture)}|{amount}";
    }

    /// <returns>The cost in fen, or null when there is no (valid) rule.</returns>
    public static decimal? Calculate(string? rule, int billSeconds)
    {
        if (rule is null) return null;
        var bar = rule.IndexOf('|');
        if (bar <= 0
            || !int.TryParse(rule.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var unit)
            || !decimal.TryParse(rule.AsSpan(bar + 1), NumberStyles.Number, CultureInfo.InvariantCulture, out var price))
            return null;
        if (billSeconds <= 0) return 0m;
        return unit == 0 ? price : (billSeconds + unit - 1) / unit * price;
    }
}
