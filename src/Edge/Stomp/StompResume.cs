namespace CallCenter.Edge.Stomp;

/// <summary>Where a reconnecting client left off on a destination: the "pub-epoch" and "pub-seq" of the last MESSAGE it
/// saw, sent back as SUBSCRIBE headers "resume-epoch" and "resume-after".</summary>
internal readonly record struct StompResumePoint(string Epoch, long After);

/// <summary>What became of a resume request; reported in the SUBSCRIBE's RECEIPT ("resume" header).</summary>
internal enum StompResumeOutcome
{
    NotRequested,

    /// <summary>Everything published after the resume point was replayed (possibly nothing): no state change missed.</summary>
    Complete,

    /// <summary>The broker no longer has all of it (other epoch: restart or another edge; or too old): nothing was replayed
    /// and the client must re-read the state it tracks.</summary>
    Gap,
}
