using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>
/// Doc text in the source is either one string or an array of lines (easier to read
/// and review in JSON); lines are joined with newlines, so Markdown lists and
/// paragraphs (an empty line) work.
/// </summary>
public sealed class DocTextConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return reader.GetString();
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("doc text must be a string or an array of strings");
        var lines = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException("doc text arrays hold only strings");
            lines.Add(reader.GetString());
        }
        return string.Join("\n", lines);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
