using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>One hypercall: its number, status, arguments, errors and doc text.</summary>
public sealed class HypercallDef : Located
{
    public string Name { get; set; }
    public int? Number { get; set; }
    /// <summary>"xen" (Xen's number and semantics) or "ringwall" (Ringwall's own range).</summary>
    public string Origin { get; set; }
    public bool Implemented { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
    public List<ArgDef> Args { get; set; } = new();
    [JsonConverter(typeof(DocTextConverter))] public string Returns { get; set; }
    public List<ErrorUse> Errors { get; set; } = new();
    /// <summary>The constant group naming the sub-commands of the first argument, if any.</summary>
    public string Commands { get; set; }
}

/// <summary>One argument register of a hypercall.</summary>
public sealed class ArgDef
{
    public string Name { get; set; }
    /// <summary>u32, i32, u64 or ptr.</summary>
    public string Type { get; set; }
    /// <summary>For ptr: a type of the source, "void" or "char".</summary>
    public string Target { get; set; }
    public bool Const { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
}

/// <summary>An error a hypercall returns, and when.</summary>
public sealed class ErrorUse
{
    public string Name { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string When { get; set; }
}
