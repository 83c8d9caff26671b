using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Emit;

/// <summary>
/// guestabi/generated/AbiStructs.cs: every structure and union as an explicit-layout
/// struct ([StructLayout(Explicit, Size)] + [FieldOffset]). Arrays are not fields (a
/// fixed-size buffer would need pointer code, which the VMM's fence keeps out of
/// guestabi/): the struct keeps their bytes through its Size and publishes
/// NameOffset, NameCount and NameElementSize for code that reads them. Every field
/// also has a NameOffset constant, for code that reads guest memory field by field.
/// </summary>
public static class CSharpStructsEmitter
{
    public const string Path = "guestabi/generated/AbiStructs.cs";

    public static string Emit(AbiModel model)
    {
        var b = new TextBuilder();
        CsText.Header(b);
        b.Line("using System.Runtime.InteropServices;");
        b.Line();
        b.Line("namespace Ringwall.Abi;");
        b.Line();
        foreach (var t in model.Types)
            Type(b, model, t);
        return b.ToString();
    }

    static void Type(TextBuilder b, AbiModel model, TypeDef t)
    {
        CsText.Summary(b, t.Kind + " " + t.Name + ": " + t.Doc, "");
        b.Line("[StructLayout(LayoutKind.Explicit, Size = " + t.Size + ")]");
        b.Line("public struct " + Naming.Pascal(t.Name));
        b.Line("{");
        b.Line("    /// <summary>Size in bytes.</summary>");
        b.Line("    public const int Size = " + t.Size + ";");
        foreach (var f in t.Fields)
        {
            string name = Naming.Pascal(f.Name);
            b.Line();
            CsText.Summary(b, f.Name + ": " + f.Doc, "    ");
            if (f.Count is int count)
            {
                b.Line("    public const int " + name + "Offset = " + f.Offset + ";");
                b.Line("    public const int " + name + "Count = " + count + ";");
                b.Line("    public const int " + name + "ElementSize = " + Layout.SizeOf(model, f.Type) + ";");
            }
            else
            {
                b.Line("    [FieldOffset(" + f.Offset + ")] public " + CsText.Type(f.Type) + " " + name + ";");
                b.Line("    public const int " + name + "Offset = " + f.Offset + ";");
            }
        }
        b.Line("}");
        b.Line();
    }
}
