using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Transport;

/// <summary>
/// The seam between grain references and activations. A reference hands every message here and never touches an
/// activation, so a transport that crosses processes (partition queues on the broker) can replace the in-process one
/// without changes to grain or edge code.
/// </summary>
internal interface IGrainCallTransport
{
    /// <summary>
    /// Delivers <paramref name="message"/> to the activation of its target, creating the activation if there is none.
    /// Messages sent one after another by the same sender arrive in that order. Returns at once; the outcome reaches
    /// the caller through the message (and a refusal at the sender through <see cref="GrainMessage.RejectAtSend"/>).
    /// </summary>
    void Send(GrainMessage message);
}
