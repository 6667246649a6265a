using System.Reflection;
using System.Text;
using CallCenter.Runtime.Tests.Support;
using CallCenter.Telephony;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace CallCenter.Runtime.Tests;

/// <summary>
/// Every type that crosses a grain boundary has an Orleans codec, round-trips, and is named on the wire by its alias,
/// never by its CLR name. Inside one silo Orleans copies instead of serializing (and skips <c>[Immutable]</c> types), so a
/// missing annotation would otherwise show only between silos.
/// </summary>
public sealed class SerializationCoverageTests(SerializationCoverageTests.Silo silo) : IClassFixture<SerializationCoverageTests.Silo>
{
    private static readonly Assembly ContractsAssembly = typeof(ISwitch).Assembly;
    private readonly OrleansTestHost _host = silo.Host;

    /// <summary>One silo for all the cases: only its serializer is used.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        public OrleansTestHost Host { get; private set; } = null!;

        public async Task InitializeAsync() => Host = await OrleansTestHost.StartAsync();

        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    public static TheoryData<string> ContractTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in ContractsAssembly.GetTypes().Where(t => t.IsDefined(typeof(GenerateSerializerAttribute), false) && !t.IsAbstract && !t.IsGenericTypeDefinition))
            data.Add(type.FullName!);
        return data;
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void A_contract_type_round_trips_and_is_named_by_its_alias(string typeName)
    {
        var type = ContractsAssembly.GetType(typeName)!;
        var serializer = _host.Services.GetRequiredService<Serializer>();
        var sample = Sample(type);
        var bytes = serializer.SerializeToArray<object?>(sample);
        var back = serializer.Deserialize<object?>(bytes);
        Assert.Equal(type, back?.GetType());
        // Serializing what came back gives the same bytes: nothing was lost or changed on the way.
        Assert.Equal(bytes, serializer.SerializeToArray<object?>(back));
        Assert.DoesNotContain("CallCenter.", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Every_argument_and_result_of_every_grain_interface_has_a_codec()
    {
        var serializer = _host.Services.GetRequiredService<Serializer>();
        var missing = new List<string>();
        foreach (var grainInterface in ContractsAssembly.GetTypes().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t)))
        {
            foreach (var method in grainInterface.GetMethods())
            {
                var types = method.GetParameters().Select(p => p.ParameterType).Append(Unwrap(method.ReturnType));
                foreach (var type in types.Where(t => t != typeof(void) && !t.IsGenericParameter))
                {
                    if (!serializer.CanSerialize(type)) missing.Add($"{grainInterface.Name}.{method.Name}: {type}");
                }
            }
        }
        Assert.Empty(missing);
    }

    private static Type Unwrap(Type type)
        => type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>))
            ? type.GetGenericArguments()[0]
            : type == typeof(Task) || type == typeof(ValueTask) ? typeof(void) : type;

    /// <summary>An instance with every constructor argument at a non-default sample value where one is easy to make.</summary>
    private static object? Sample(Type type)
    {
        if (type.IsEnum) return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1);
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (constructor is null) return Activator.CreateInstance(type);
        var arguments = constructor.GetParameters().Select(p => Value(p.ParameterType)).ToArray();
        return constructor.Invoke(arguments);
    }

    private static object? Value(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string)) return "s";
        if (underlying == typeof(int)) return 7;
        if (underlying == typeof(long)) return 7L;
        if (underlying == typeof(double)) return 0.5;
        if (underlying == typeof(decimal)) return 1.25m;
        if (underlying == typeof(bool)) return true;
        if (underlying == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        if (underlying == typeof(TimeSpan)) return TimeSpan.FromSeconds(3);
        if (underlying.IsEnum) return Enum.GetValues(underlying).GetValue(0);
        // Collections, nested records and references stay at their defaults: equality of records compares collections
        // by reference, and nested types are covered by their own cases.
        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }
}
