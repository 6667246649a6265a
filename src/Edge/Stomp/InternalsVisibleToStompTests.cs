using System.Runtime.CompilerServices;

// The STOMP codec, SockJS framing and broker are internal to the edge; their unit tests live in tests/Stomp.Tests.
[assembly: InternalsVisibleTo("CallCenter.Stomp.Tests")]
