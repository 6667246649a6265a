using System.Linq.Expressions;
using System.Reflection;

namespace CallCenter.Runtime.Invocation;

/// <summary>
/// Prepares grain interface methods: checks that they fit the programming model and compiles, per method, a delegate
/// <c>(grain, args) =&gt; ((IFoo)grain).Method((A)args[0], …)</c> normalised to <see cref="ValueTask{TResult}"/>, so the grain's
/// side of a call is a direct interface call rather than <see cref="MethodBase.Invoke(object, object[])"/>.
/// </summary>
internal static class GrainMethodCompiler
{
    private static readonly MethodInfo CreateTypedMethod =
        typeof(GrainMethodCompiler).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo FromTaskMethod =
        typeof(GrainMethodCompiler).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo FromValueTaskMethod =
        typeof(GrainMethodCompiler).GetMethod(nameof(FromValueTask), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <exception cref="InvalidOperationException">The method cannot be a grain method; the message says why.</exception>
    public static GrainMethod Create(MethodInfo method)
    {
        var where = $"{method.DeclaringType?.FullName}.{method.Name}";
        if (method.IsGenericMethodDefinition)
            throw new InvalidOperationException($"Grain method {where} is generic; grain methods cannot be.");
        foreach (var parameter in method.GetParameters())
        {
            if (parameter.ParameterType.IsByRef || parameter.ParameterType.IsPointer)
                throw new InvalidOperationException($"Grain method {where} takes '{parameter.Name}' by reference; arguments are passed by value (as records).");
        }

        var (kind, resultType) = Classify(method.ReturnType)
            ?? throw new InvalidOperationException(
                $"Grain method {where} returns {method.ReturnType.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");
        if (method.IsDefined(typeof(OneWayAttribute), inherit: true) && kind is not (GrainMethodReturnKind.Task or GrainMethodReturnKind.ValueTask))
            throw new InvalidOperationException($"Grain method {where} is [OneWay] but returns a result; one-way methods return Task or ValueTask.");

        return (GrainMethod)CreateTypedMethod.MakeGenericMethod(resultType).Invoke(null, [method, kind])!;
    }

    private static (GrainMethodReturnKind Kind, Type Result)? Classify(Type returnType)
    {
        if (returnType == typeof(Task)) return (GrainMethodReturnKind.Task, typeof(VoidResult));
        if (returnType == typeof(ValueTask)) return (GrainMethodReturnKind.ValueTask, typeof(VoidResult));
        if (!returnType.IsGenericType) return null;
        var definition = returnType.GetGenericTypeDefinition();
        if (definition == typeof(Task<>)) return (GrainMethodReturnKind.TaskOfResult, returnType.GetGenericArguments()[0]);
        if (definition == typeof(ValueTask<>)) return (GrainMethodReturnKind.ValueTaskOfResult, returnType.GetGenericArguments()[0]);
        return null;
    }

    private static GrainMethod<TResult> CreateTyped<TResult>(MethodInfo method, GrainMethodReturnKind kind)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var parameters = method.GetParameters();
        var callArguments = new Expression[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            callArguments[i] = Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), parameters[i].ParameterType);
        }
        Expression call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, callArguments);
        Expression body = kind switch
        {
            GrainMethodReturnKind.Task => Expression.Call(FromTaskMethod, call),
            GrainMethodReturnKind.ValueTask => Expression.Call(FromValueTaskMethod, call),
            GrainMethodReturnKind.TaskOfResult => Expression.New(typeof(ValueTask<TResult>).GetConstructor([typeof(Task<TResult>)])!, call),
            _ => call,
        };
        var invoker = Expression.Lambda<Func<object, object?[], ValueTask<TResult>>>(body, grain, arguments).Compile();
        return new GrainMethod<TResult>(method, kind, invoker);
    }

    private static ValueTask<VoidResult> FromTask(Task task)
        => task.IsCompletedSuccessfully ? default : AwaitTask(task);

    private static ValueTask<VoidResult> FromValueTask(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully) return AwaitValueTask(task);
        task.GetAwaiter().GetResult();
        return default;
    }

    private static async ValueTask<VoidResult> AwaitTask(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }

    private static async ValueTask<VoidResult> AwaitValueTask(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}
