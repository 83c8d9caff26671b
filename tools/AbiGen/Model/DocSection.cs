using System.Text.Json.Serialization;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>A prose section of docs/abi.md (calling convention, start of day, ...).</summary>
public sealed class DocSection : Located
{
    public string Id { get; set; }
    public string Title { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
    /// <summary>Also emitted as a comment block at the top of the C header.</summary>
    public bool InHeader { get; set; }
}
