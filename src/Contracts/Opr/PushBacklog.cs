using CallCenter.Opr.Pushes;

namespace CallCenter.Opr;

/// <summary>Pushes a seat's outbox still holds after a sequence number, for a reconnecting client.</summary>
/// <param name="Complete">False when pushes after the requested number were already dropped (retention exceeded): the
/// client should take the current board state as a fresh start.</param>
/// <param name="LastSeq">The newest sequence number issued so far (0 if none).</param>
[GenerateSerializer, Immutable, Alias("opr.PushBacklog")]
public sealed record PushBacklog(IReadOnlyList<SequencedPush> Items, bool Complete, long LastSeq);
