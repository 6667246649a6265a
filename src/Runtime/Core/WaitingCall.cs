using CallCenter.Runtime.Messaging;

namespace CallCenter.Runtime.Core;

/// <summary>A call whose caller is waiting, and what it is waiting behind.</summary>
internal readonly record struct WaitingCall(GrainMessage Message, bool Running, GrainMessage? Blocker, ActivationState State);
