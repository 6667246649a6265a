namespace CallCenter.Runtime.Invocation;

/// <summary>The four shapes a grain method may return.</summary>
internal enum GrainMethodReturnKind
{
    Task,
    TaskOfResult,
    ValueTask,
    ValueTaskOfResult,
}
