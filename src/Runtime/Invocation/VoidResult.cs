namespace CallCenter.Runtime.Invocation;

/// <summary>The result of a grain method that returns <see cref="Task"/> or <see cref="ValueTask"/>, so that every call
/// travels through the same typed path.</summary>
internal readonly struct VoidResult;
