using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Keras.Utils;

/// <summary>
/// JSON as Python's <c>json</c> module writes it for Keras (histories, logs): numbers that are not finite as the bare
/// tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which strict JSON lacks, so that a run whose loss diverged
/// still writes its files, and they read back.
/// </summary>
public static class PythonJson
{
    private static readonly JsonSerializerOptions Writing = new() { WriteIndented = true, Converters = { new NonFiniteConverter() } };

    /// <summary>The value as JSON, non-finite numbers as Python's bare tokens.</summary>
    /// <param name="value">What to write: dictionaries, lists, numbers, strings.</param>
    /// <returns>The text.</returns>
    public static string Serialize(object? value) => JsonSerializer.Serialize(value, Writing);

    /// <summary>Parses JSON that may hold Python's bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>; read such numbers with <see cref="ToDouble"/>.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The parsed node.</returns>
    public static JsonNode? Parse(string text) => JsonNode.Parse(QuoteNonFinite(text));

    /// <summary>A number of JSON <see cref="Parse"/> read: a plain number, or NaN or an infinity.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The number.</returns>
    public static double ToDouble(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<double>(out double d) => d,
        JsonValue v when v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity" => double.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new JsonException($"{node?.ToJsonString() ?? "null"} is not a number."),
    };

    private static readonly string[] NonFiniteTokens = { "-Infinity", "Infinity", "NaN" };

    /// <summary>Python's bare non-finite tokens outside strings, quoted, so that a strict parser takes them.</summary>
    private static string QuoteNonFinite(string text)
    {
        var result = new StringBuilder(text.Length);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < text.Length) result.Append(text[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            string? token = TokenAt(text, i);
            if (token is null)
            {
                result.Append(c);
                continue;
            }
            result.Append('"').Append(token).Append('"');
            i += token.Length - 1;
        }
        return result.ToString();
    }

    /// <summary>The non-finite token that starts at <paramref name="at"/>, or null; looked up once per character, so it allocates nothing.</summary>
    private static string? TokenAt(string text, int at)
    {
        foreach (string token in NonFiniteTokens)
            if (string.CompareOrdinal(text, at, token, 0, token.Length) == 0) return token;
        return null;
    }

    private sealed class NonFiniteConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteRawValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
        }
    }
}
