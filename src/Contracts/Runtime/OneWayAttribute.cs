namespace CallCenter.Runtime;

/// <summary>
/// The caller does not wait for the method to run: it is queued on the target's mailbox and the returned task completes
/// at once. For notifications (domain events) so that a long turn never holds up its publisher. The method must return
/// <see cref="Task"/> or <see cref="ValueTask"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute;
