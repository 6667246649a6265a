using CallCenter.Calls;
using Microsoft.Extensions.DependencyInjection;

namespace CallCenter.Grains.Switching;

/// <summary>One owner kind: the name stored on legs and how to reach a grain of that kind.</summary>
public sealed record LegOwnerKind(string Kind, Func<IGrainFactory, string, IGrain> Resolve);

/// <summary>
/// Turns a <see cref="LegOwner"/> (kind + key, as stored on a leg) into a grain reference. Kinds are registered by each
/// dialect's grains with <see cref="LegOwnerKindsServiceCollectionExtensions.AddLegOwnerKind{TGrain}"/>; a grain interface
/// is registered under one kind so that one interface never maps to two grain classes.
/// </summary>
public sealed class LegOwnerKinds(IEnumerable<LegOwnerKind> kinds, IGrainFactory grains)
{
    private readonly Dictionary<string, LegOwnerKind> _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    public bool IsKnown(string kind) => _kinds.ContainsKey(kind);

    /// <summary>The owner as <typeparamref name="TInterface"/> (e.g. <see cref="ISwitchEventSink"/>).</summary>
    /// <exception cref="InvalidOperationException">Unknown kind, or the kind's grain does not implement it.</exception>
    public TInterface Resolve<TInterface>(LegOwner owner) where TInterface : class, IGrain
    {
        if (!_kinds.TryGetValue(owner.Kind, out var kind)) throw new InvalidOperationException($"no grain kind '{owner.Kind}' is registered for leg owners");
        return kind.Resolve(grains, owner.Key) as TInterface
            ?? throw new InvalidOperationException($"grains of kind '{owner.Kind}' do not implement {typeof(TInterface).Name}");
    }
}

public static class LegOwnerKindsServiceCollectionExtensions
{
    public static IServiceCollection AddLegOwnerKind<TGrain>(this IServiceCollection services, string kind) where TGrain : IGrainWithStringKey
        => services.AddSingleton(new LegOwnerKind(kind, (grains, key) => grains.GetGrain<TGrain>(key)));
}
