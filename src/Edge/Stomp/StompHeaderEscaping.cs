namespace CallCenter.Edge.Stomp;

/// <summary>How header names and values are escaped, which depends on the negotiated protocol version.</summary>
internal enum StompHeaderEscaping
{
    /// <summary>STOMP 1.0 (and CONNECT/CONNECTED frames in every version): no escaping at all.</summary>
    None,

    /// <summary>STOMP 1.1: \n, \c and \\.</summary>
    Stomp11,

    /// <summary>STOMP 1.2: as 1.1, plus \r.</summary>
    Stomp12,
}
