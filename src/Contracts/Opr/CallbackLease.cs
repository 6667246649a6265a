using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>The next push an HTTP callback worker should deliver for one seat, under a lease.</summary>
[GenerateSerializer, Immutable, Alias("opr.CallbackLease")]
public sealed record CallbackLease(string OutboxKey, string Url, SequencedPush Push);

/// <summary>Published on <see cref="OprStreams.CallbackNamespace"/> when a seat's outbox has callback work.</summary>
[GenerateSerializer, Immutable, Alias("opr.CallbackWorkAvailable")]
public sealed record CallbackWorkAvailable(string OutboxKey);
