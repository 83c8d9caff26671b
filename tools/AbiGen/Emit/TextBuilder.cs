using System.Text;

namespace Ringwall.Tools.AbiGen.Emit;

/// <summary>Builds generated text with "\n" line ends only, so output is the same on every OS.</summary>
public sealed class TextBuilder
{
    readonly StringBuilder text = new();

    public TextBuilder Line(string line = "")
    {
        text.Append(line.TrimEnd()).Append('\n');
        return this;
    }

    public override string ToString() => text.ToString();
}
