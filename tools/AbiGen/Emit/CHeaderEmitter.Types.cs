using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Emit;

public sealed partial class CHeaderEmitter
{
    void Types()
    {
        foreach (var t in model.Types)
        {
            CText.Comment(b, t.Doc);
            b.Line(t.Kind + " " + t.Name + " {");
            foreach (var f in t.Fields)
            {
                CText.Comment(b, f.Doc + " (offset " + f.Offset + ")", "    ");
                string array = f.Count is int n ? "[" + n + "]" : "";
                b.Line("    " + CText.Type(model, f.Type) + " " + f.Name + array + ";");
            }
            b.Line("};");
            b.Line("typedef " + t.Kind + " " + t.Name + " " + t.Name + "_t;");
            string tag = t.Kind + " " + t.Name;
            b.Line("_Static_assert(sizeof(" + tag + ") == " + t.Size + ", \"" + t.Name + " is " + t.Size + " bytes\");");
            foreach (var f in t.Fields)
                b.Line("_Static_assert(__builtin_offsetof(" + tag + ", " + f.Name + ") == " + f.Offset
                    + ", \"" + t.Name + "." + f.Name + " at " + f.Offset + "\");");
            b.Line();
        }
    }
}
