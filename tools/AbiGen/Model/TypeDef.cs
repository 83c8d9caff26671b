using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>
/// A structure or union with its exact x86-64 layout: every field states its offset
/// and the type its size; the generator checks both against the C layout rules.
/// </summary>
public sealed class TypeDef : Located
{
    public string Name { get; set; }
    /// <summary>"struct" or "union".</summary>
    public string Kind { get; set; }
    public int? Size { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
    public List<FieldDef> Fields { get; set; } = new();
}

/// <summary>One field: a primitive or a type of the source, optionally an array.</summary>
public sealed class FieldDef
{
    public string Name { get; set; }
    public string Type { get; set; }
    public int? Offset { get; set; }
    public int? Count { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
}
