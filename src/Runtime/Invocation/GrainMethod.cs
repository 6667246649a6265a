using System.Reflection;

namespace CallCenter.Runtime.Invocation;

/// <summary>
/// A grain interface method, prepared once: how the caller's side turns an invocation into a message, and how the
/// grain's side invokes it (a compiled delegate, see <see cref="GrainMethodCompiler"/>).
/// </summary>
internal abstract class GrainMethod
{
    protected GrainMethod(MethodInfo method, GrainMethodReturnKind returnKind, Type resultType)
    {
        Method = method;
        ReturnKind = returnKind;
        ResultType = resultType;
        InterfaceType = method.DeclaringType!;
        Name = $"{InterfaceType.Name}.{method.Name}";
        Parameters = method.GetParameters();
        ParameterTypes = Array.ConvertAll(Parameters, p => p.ParameterType);
        IsOneWay = method.IsDefined(typeof(OneWayAttribute), inherit: true);
    }

    public MethodInfo Method { get; }

    public Type InterfaceType { get; }

    /// <summary>Interface-qualified, e.g. <c>ISeatGrain.Login</c>.</summary>
    public string Name { get; }

    public ParameterInfo[] Parameters { get; }

    public Type[] ParameterTypes { get; }

    public GrainMethodReturnKind ReturnKind { get; }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;, or <see cref="VoidResult"/>.</summary>
    public Type ResultType { get; }

    public bool IsOneWay { get; }

    /// <summary>Caller's side: sends the call through the reference's transport and returns what the interface method
    /// returns (a Task or a boxed ValueTask).</summary>
    public abstract object Send(GrainProxy reference, object?[] arguments);
}
