using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>The next push an HTTP callback worker should deliver for one seat, under a lease.</summary>
[GenerateSerializer, Immutable, Alias("opr.CallbackLease")]
public sealed record CallbackLease(string OutboxKey, string Url, SequencedPush Push);
