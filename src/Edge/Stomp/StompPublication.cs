namespace CallCenter.Edge.Stomp;

/// <summary>One message published to a destination, shared by all its subscribers (the body is encoded once).</summary>
/// <param name="Epoch">Identifies the destination's numbering; a new epoch means the numbering restarted.</param>
/// <param name="Seq">The destination's publication number within the epoch, from 1.</param>
/// <param name="BodyBytes">UTF-8 length of <paramref name="Body"/>, the MESSAGE's content-length.</param>
/// <param name="PublishedAt">Wall-clock timestamp (<see cref="TimeProvider.GetTimestamp"/>), for history retention.</param>
internal sealed record StompPublication(string Epoch, long Seq, string Body, int BodyBytes, long PublishedAt);
