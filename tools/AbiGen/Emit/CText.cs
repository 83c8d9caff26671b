using System.Globalization;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Emit;

/// <summary>C spellings: types, literals and comments.</summary>
public static class CText
{
    public static string Type(AbiModel model, string type) => type switch
    {
        "u8" => "rw_u8", "i8" => "rw_i8", "char" => "char",
        "u16" => "rw_u16", "i16" => "rw_i16",
        "u32" => "rw_u32", "i32" => "rw_i32",
        "u64" => "rw_u64", "i64" => "rw_i64",
        _ => model.FindType(type).Kind + " " + type,
    };

    public static string Literal(ConstantValue value) => value.Type switch
    {
        "string" => "\"" + value.Text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        "u64" => value.Text + "UL",
        "u8" or "u16" or "u32" => value.Text + "U",
        "i64" => value.Signed < 0 ? "(" + value.Text + "L)" : value.Text + "L",
        _ => value.Signed < 0 ? "(" + value.Text + ")" : value.Text,
    };

    /// <summary>A block comment, one " * " line per doc line.</summary>
    public static void Comment(TextBuilder b, string doc, string indent = "")
    {
        var lines = Safe(doc).Split('\n');
        if (lines.Length == 1 && lines[0].Length < 90)
        {
            b.Line(indent + "/* " + lines[0] + " */");
            return;
        }
        b.Line(indent + "/*");
        foreach (var line in lines)
            b.Line(indent + " * " + line);
        b.Line(indent + " */");
    }

    static string Safe(string doc) => doc.Replace("*/", "* /").Replace("/*", "/ *");

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
