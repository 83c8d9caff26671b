using System.Text.Json.Serialization;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>An error value (Xen's errno numbering); hypercalls return it negated.</summary>
public sealed class ErrorDef : Located
{
    public string Name { get; set; }
    public int? Value { get; set; }
    [JsonConverter(typeof(DocTextConverter))] public string Doc { get; set; }
    /// <summary>False for values internal to the VMM that never reach a guest (EINTR).</summary>
    public bool GuestVisible { get; set; } = true;
}
