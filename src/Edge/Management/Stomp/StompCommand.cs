using System.Text.Json;
using CallCenter.Edge.Management.Http;
using CallCenter.Edge.Management.Push;
using CallCenter.Edge.Stomp;
using CallCenter.Management;

namespace CallCenter.Edge.Management.Stomp;

/// <summary>
/// A SEND to one of the management API's /app destinations, parsed: its JSON body's fields as strings (the original's
/// clients send numbers as strings and vice versa), the sender's identity, and how to answer on their notify topic.
/// </summary>
public sealed class StompCommand
{
    private readonly Dictionary<string, string> _fields;
    private readonly IStompBroker _broker;

    private StompCommand(StompAppMessage message, Dictionary<string, string> fields, IStompBroker broker)
    {
        Message = message;
        _fields = fields;
        _broker = broker;
    }

    public StompAppMessage Message { get; }

    public string TenantId => Message.TenantId;

    /// <summary>Null when the body is not a JSON object: there is nobody to answer, so the command is dropped (and logged).</summary>
    public static StompCommand? Parse(StompAppMessage message, IStompBroker broker)
    {
        try
        {
            using var document = JsonDocument.Parse(message.Body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (value is not null) fields.TryAdd(property.Name, value.Trim());
            }
            return new StompCommand(message, fields, broker);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? Field(string name) => _fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>An extension-number field: null when missing or malformed.</summary>
    public string? Extension(string name) => Field(name) is { } value && WireNames.IsExtension(value) ? value : null;

    public bool Flag(string name) => Field(name) is "1" or "true" or "True";

    /// <summary>
    /// Whether the session may act for <paramref name="username"/>: an agent's session only for its own extension (and a
    /// manager's for the extension it supervises from); back-office and anonymous sessions (the original had no
    /// authentication) for any extension of their tenant.
    /// </summary>
    public bool MayActFor(string username)
        => Message.Principal is not { } principal
           || !principal.StartsWith(ManagementStompAuthenticator.AgentPrincipalPrefix, StringComparison.Ordinal)
           || principal.AsSpan(ManagementStompAuthenticator.AgentPrincipalPrefix.Length).SequenceEqual(username);

    /// <summary>Answers on the user's notify topics.</summary>
    public async ValueTask ReplyAsync(string username, string? projectCode, NotifyMessage message, CancellationToken cancellationToken)
    {
        foreach (var push in ManagementPushes.Notify(projectCode, username, message.ToJson()))
            await _broker.PublishAsync(TenantId, push.Destination, push.Body, cancellationToken);
    }

    public ValueTask ReplyAsync(string username, string? projectCode, ManagementResult result, string successText, CancellationToken cancellationToken)
        => ReplyAsync(username, projectCode, result.Ok ? NotifyMessage.Of(successText) : NotifyMessage.Failure(result.Error), cancellationToken);

    public ValueTask FailAsync(string username, string? projectCode, string text, CancellationToken cancellationToken)
        => ReplyAsync(username, projectCode, NotifyMessage.Of(text, NotifyMessage.Error), cancellationToken);
}
