using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>
/// A group of related constants (sub-commands of one hypercall, flags of one field, ...).
/// In C each constant keeps its name; in C# the group becomes a static class and the
/// prefix is stripped from each name (MMUEXT_PIN_L1_TABLE becomes MmuExtCmd.PinL1Table).
/// </summary>
public sealed class ConstantGroup : Located
{
    public string Group { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
    /// <summary>u8, u16, u32, u64, i32, i64 or string.</summary>
    public string Type { get; set; }
    public string Prefix { get; set; } = "";
    /// <summary>The C# class name (defaults to the group name in PascalCase).</summary>
    public string Csharp { get; set; }
    /// <summary>Values must differ (command numbers); false for flags and aliases.</summary>
    public bool Distinct { get; set; }
    public List<ConstantDef> Constants { get; set; } = new();
}

/// <summary>One constant; the value is a JSON number, or a string (hex "0x..." or text).</summary>
public sealed class ConstantDef
{
    public string Name { get; set; }
    public JsonElement Value { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
}
