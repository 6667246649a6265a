using System.Runtime.CompilerServices;

// The operator-console tests deliver pushes to the edge's fan-out out of order (tests/Opr.Tests/PushOrderTests.cs).
[assembly: InternalsVisibleTo("CallCenter.Opr.Tests")]
