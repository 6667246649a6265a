namespace CallCenter.Telephony.Tests.Support;

/// <summary>Checks the per-leg event grammar a real FreeSWITCH follows, over any recorded stream.</summary>
internal static class EventOrder
{
    public static void AssertValid(IEnumerable<SwitchEvent> events)
    {
        foreach (var leg in events.Where(e => e.LegId.Length > 0).GroupBy(e => e.LegId))
        {
            var sequence = leg.ToList();
            var context = $"leg {leg.Key}: {string.Join(", ", sequence.Select(e => e.GetType().Name))}";
            if (sequence is [LegHungUp])
            {
                continue; // refused before a channel existed
            }
            Assert.True(sequence[0] is LegCreated, $"starts with LegCreated — {context}");
            var hangups = sequence.Count(e => e is LegHungUp);
            Assert.True(hangups <= 1, $"hangs up at most once — {context}");
            if (hangups == 1) Assert.True(sequence[^1] is LegHungUp, $"nothing after LegHungUp — {context}");
            Assert.True(sequence.Count(e => e is LegAnswered) <= 1, $"answered at most once — {context}");

            var answered = false;
            string? bridgedTo = null;
            for (var i = 1; i < sequence.Count; i++)
            {
                var previous = sequence[i - 1];
                Assert.True(sequence[i].Timestamp >= previous.Timestamp, $"time never goes backwards — {context}");
                switch (sequence[i])
                {
                    case LegCreated:
                        Assert.Fail($"created once — {context}");
                        break;
                    case LegRinging:
                        Assert.False(answered, $"rings before answer — {context}");
                        break;
                    case LegAnswered:
                        answered = true;
                        break;
                    case LegBridged bridged:
                        Assert.True(answered, $"bridged only when answered — {context}");
                        Assert.Null(bridgedTo);
                        bridgedTo = bridged.OtherLegId;
                        break;
                    case LegUnbridged unbridged:
                        Assert.Equal(bridgedTo, unbridged.OtherLegId);
                        bridgedTo = null;
                        break;
                    case LegHungUp hungUp:
                        Assert.True(bridgedTo is null, $"unbridged before hang-up — {context}");
                        Assert.Equal(answered, hungUp.AnsweredAt is not null);
                        Assert.True(hungUp.BillSeconds <= hungUp.DurationSeconds);
                        break;
                }
            }
        }
    }
}
