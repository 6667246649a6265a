namespace CallCenter.Runtime.Streams;

/// <summary>
/// The position of an item in its stream: 1, 2, 3… in publication order, the same for every subscriber, so a subscriber
/// that sees a jump knows it missed items (Orleans: <c>StreamSequenceToken</c>).
/// </summary>
public sealed record StreamSequenceToken(long SequenceNumber) : IComparable<StreamSequenceToken>
{
    /// <summary>Always 0: items are published one at a time (Orleans batches use it).</summary>
    public int EventIndex => 0;

    public int CompareTo(StreamSequenceToken? other) => other is null ? 1 : SequenceNumber.CompareTo(other.SequenceNumber);

    public bool Newer(StreamSequenceToken other) => CompareTo(other) > 0;

    public bool Older(StreamSequenceToken other) => CompareTo(other) < 0;
}
