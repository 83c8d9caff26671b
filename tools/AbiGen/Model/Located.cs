namespace Ringwall.Tools.AbiGen.Model;

/// <summary>Anything defined in a source file remembers which one, for error messages.</summary>
public abstract class Located
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string File { get; set; } = "";
}
