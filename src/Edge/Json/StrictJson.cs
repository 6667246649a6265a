using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallCenter.Edge.Json;

/// <summary>
/// The one rule every dialect applies to JSON it receives (docs/compatibility.md, "Duplicate keys and invalid UTF-8"):
/// the body must be well-formed UTF-8, and no object anywhere in it may name a key twice. Both are refused rather than
/// resolved (first wins, last wins), so a request never means two things to two readers (a proxy, a signature check,
/// us). Each dialect renders the refusal in its own error shape; <see cref="StrictJsonProblem.Key"/> names the key.
/// </summary>
public static class StrictJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks <paramref name="utf8"/>; null when it is valid JSON by the rule.</summary>
    public static StrictJsonProblem? Check(ReadOnlySpan<byte> utf8, int maxDepth = 64)
    {
        if (InvalidUtf8At(utf8) is { } offset) return new StrictJsonProblem(StrictJsonProblemKind.InvalidUtf8, null, offset);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        // One set of names per open object; arrays push null so that nesting stays aligned.
        var open = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        open.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        open.Push(null);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        // Compared unescaped: "a" and "\u0061" are the same key.
                        var name = reader.GetString()!;
                        if (!open.Peek()!.Add(name)) return new StrictJsonProblem(StrictJsonProblemKind.DuplicateKey, name, reader.TokenStartIndex);
                        break;
                    case JsonTokenType.String when reader.ValueIsEscaped:
                        // An escaped lone surrogate ("\ud800") would only fail when a handler reads the value.
                        _ = reader.GetString();
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return new StrictJsonProblem(StrictJsonProblemKind.Malformed, null, reader.BytesConsumed);
        }
        return null;
    }

    /// <summary>Parses a checked document into a node tree.</summary>
    /// <exception cref="StrictJsonException">The body breaks the rule or is not JSON.</exception>
    public static JsonNode? ParseNode(ReadOnlySpan<byte> utf8, int maxDepth = 64)
    {
        Throw(Check(utf8, maxDepth));
        return JsonNode.Parse(utf8, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth });
    }

    /// <inheritdoc cref="ParseNode(ReadOnlySpan{byte}, int)"/>
    public static JsonDocument ParseDocument(ReadOnlyMemory<byte> utf8, int maxDepth = 64)
    {
        Throw(Check(utf8.Span, maxDepth));
        return JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = maxDepth });
    }

    /// <summary>For text that was decoded already (a STOMP body): only the duplicate-key half applies.</summary>
    public static JsonDocument ParseDocument(string text, int maxDepth = 64) => ParseDocument(Encoding.UTF8.GetBytes(text), maxDepth);

    /// <summary>The offset of the first byte that is not well-formed UTF-8, or null.</summary>
    public static long? InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return null;
        try
        {
            StrictUtf8.GetCharCount(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return e.Index;
        }
        return 0;
    }

    private static void Throw(StrictJsonProblem? problem)
    {
        if (problem is not null) throw new StrictJsonException(problem);
    }
}

public enum StrictJsonProblemKind { Malformed, InvalidUtf8, DuplicateKey }

/// <summary>Why a body was refused: <see cref="Key"/> for a duplicate, <see cref="Offset"/> (bytes) for the rest.</summary>
public sealed record StrictJsonProblem(StrictJsonProblemKind Kind, string? Key, long Offset)
{
    /// <summary>English, for the dialects whose error texts are English (STOMP, platform, operator console logs).</summary>
    public string Describe() => Kind switch
    {
        StrictJsonProblemKind.DuplicateKey => $"duplicate key '{Key}'",
        StrictJsonProblemKind.InvalidUtf8 => $"invalid UTF-8 at byte {Offset}",
        _ => $"malformed JSON at byte {Offset}",
    };
}

public sealed class StrictJsonException(StrictJsonProblem problem) : JsonException(problem.Describe())
{
    public StrictJsonProblem Problem { get; } = problem;
}
