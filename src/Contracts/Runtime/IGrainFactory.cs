namespace CallCenter.Runtime;

/// <summary>Hands out typed references to grains; the reference is cheap and the activation is created on first call.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string primaryKey) where TGrainInterface : IGrainWithStringKey;
}
