using System.Runtime.CompilerServices;

// The operator-console tests check the board state machine (BoardRules) against the transition table in
// docs/opr-boards.md, so code and table stay in step.
[assembly: InternalsVisibleTo("CallCenter.Opr.Tests")]
