using CallCenter.Runtime.Core;
using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Transport;

/// <summary>
/// Delivers messages to activations in this process. With <see cref="RuntimeOptions.SerializeCalls"/> it first puts the
/// arguments through the wire serializer (synchronously, so the sender's order is kept), as a remote transport must.
/// </summary>
internal sealed class InProcessGrainCallTransport(GrainRuntime runtime) : IGrainCallTransport
{
    public void Send(GrainMessage message)
    {
        if (runtime.SerializeCalls)
        {
            try
            {
                message.PrepareForWire(runtime);
            }
            catch (Exception exception)
            {
                message.RejectAtSend(runtime, exception);
                return;
            }
        }
        if (!runtime.Catalog.TryDispatch(message)) message.RejectAtSend(runtime, runtime.Catalog.StoppedException());
    }
}
