namespace CallCenter.Runtime.Tests.Grains;

/// <summary>A grain interface method that cannot be a grain method (returns a plain value); implemented by no grain
/// class, so only the interface check sees it.</summary>
public interface IMisfitGrain : IGrainWithStringKey
{
    int Count();
}

public interface IMisfitOneWayGrain : IGrainWithStringKey
{
    [OneWay]
    Task<int> Count();
}
