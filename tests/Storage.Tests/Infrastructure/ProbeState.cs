namespace CallCenter.Storage.Tests.Infrastructure;

/// <summary>A grain state as grains keep them: a class with a parameterless constructor, a collection, a nested record.</summary>
public sealed class ProbeState
{
    public int Count { get; set; }

    public string Name { get; set; } = "";

    public List<string> Items { get; set; } = [];

    public ProbeOwner? Owner { get; set; }
}

public sealed record ProbeOwner(string Tenant, int Extension);
