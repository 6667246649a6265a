namespace CallCenter.Runtime;

/// <summary>Marker for every grain interface (Orleans: <c>Orleans.IGrain</c>).</summary>
public interface IGrain;

/// <summary>A grain addressed by a string key. Every key starts with the tenant id (DESIGN.md §7).</summary>
public interface IGrainWithStringKey : IGrain;
