using Microsoft.Extensions.Options;

namespace CallCenter.Runtime.Core;

internal sealed class RuntimeOptionsValidator : IValidateOptions<RuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RuntimeOptions options)
    {
        var failures = new List<string>();
        if (options.CallTimeout <= TimeSpan.Zero) failures.Add("Runtime:CallTimeout must be positive.");
        if (options.CollectionAge <= TimeSpan.Zero) failures.Add("Runtime:CollectionAge must be positive.");
        if (options.CollectionQuantum <= TimeSpan.Zero) failures.Add("Runtime:CollectionQuantum must be positive.");
        if (options.ActivationTimeout <= TimeSpan.Zero) failures.Add("Runtime:ActivationTimeout must be positive.");
        if (options.DeactivationTimeout <= TimeSpan.Zero) failures.Add("Runtime:DeactivationTimeout must be positive.");
        if (options.MinimumReminderPeriod <= TimeSpan.Zero) failures.Add("Runtime:MinimumReminderPeriod must be positive.");
        if (options.StreamSubscriberQueueCapacity < 1) failures.Add("Runtime:StreamSubscriberQueueCapacity must be at least 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
