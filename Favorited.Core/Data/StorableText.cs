using System.Data.Common;
using System.Text;
using System.Text.Json;
using NpgsqlTypes;
using Npgsql;

namespace Favorited.Core.Data;

/// <summary>
/// The one rule for text that may be sent to PostgreSQL: no U+0000 (<c>text</c> refuses it, and <c>jsonb</c> refuses its
/// <c>\u0000</c> escape) and no unpaired UTF-16 surrogate (Npgsql's UTF-8 encoder refuses one, and so does <c>jsonb</c> as an
/// escape). The Api checks its inputs with it to answer 400 naming the field; <see cref="Ensure"/> checks every command's
/// parameters before they are sent.
/// </summary>
/// <remarks>
/// Why commands are checked too: with auto-prepare on (<c>DatabaseExtensions</c>), a statement whose parameters PostgreSQL
/// refuses while binding, on the very execution that prepares it, stays marked prepared in Npgsql 10 without its row
/// description, and the next run of that statement on that connection fails with "Received unexpected backend message
/// DataRow" (npgsql/npgsql#6391 is the same bookkeeping). Refused text is the only such value the product can be handed, so
/// it never reaches a connection.
/// </remarks>
public static class StorableText
{
    public const string Problem = "must not contain U+0000 (NUL) or unpaired surrogates";

    public static bool IsStorable(string? value) =>
        value is null || (!value.Contains('\0') && !HasUnpairedSurrogate(value));

    /// <summary>JSON text whose property names and strings, unescaped, are all storable (assumes it parses).</summary>
    public static bool IsStorableJson(string? json)
    {
        if (json is null)
        {
            return true;
        }
        if (!IsStorable(json))
        {
            return false;
        }
        // An escape such as \u0000 or a lone \ud800 only shows once unescaped; text without one needs no parse.
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return true;
        }
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsStorable(reader.GetString()))
                {
                    return false;
                }
            }
            return true;
        }
        catch (InvalidOperationException)
        {
            // GetString refuses an escaped unpaired surrogate.
            return false;
        }
    }

    /// <summary>Throws <see cref="UnstorableTextException"/> when a parameter carries text PostgreSQL would refuse.</summary>
    public static void Ensure(DbParameterCollection parameters)
    {
        foreach (DbParameter parameter in parameters)
        {
            var isJson = parameter is NpgsqlParameter { NpgsqlDbType: NpgsqlDbType.Jsonb or NpgsqlDbType.Json }
                || parameter is NpgsqlParameter { DataTypeName: "jsonb" or "json" };
            var storable = parameter.Value switch
            {
                string text => isJson ? IsStorableJson(text) : IsStorable(text),
                IEnumerable<string?> texts => texts.All(IsStorable),
                _ => true,
            };
            if (!storable)
            {
                throw new UnstorableTextException(parameter.ParameterName);
            }
        }
    }

    private static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        var index = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (index >= 0)
        {
            if (!char.IsHighSurrogate(span[index]) || index + 1 >= span.Length || !char.IsLowSurrogate(span[index + 1]))
            {
                return true;
            }
            span = span[(index + 2)..];
            index = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        }
        return false;
    }
}

/// <summary>A command was about to send text PostgreSQL refuses (<see cref="StorableText"/>); nothing was sent.</summary>
public sealed class UnstorableTextException(string parameterName)
    : ArgumentException($"Text {StorableText.Problem}", parameterName);
