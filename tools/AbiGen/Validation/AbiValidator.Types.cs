using System.Collections.Generic;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Validation;

public sealed partial class AbiValidator
{
    void CheckTypes()
    {
        var defined = new HashSet<string>();
        foreach (var t in model.Types)
        {
            string what = t.Kind + " '" + t.Name + "'";
            bool named = RequireName(t.File, what, t.Name);
            if (named && (defined.Contains(t.Name) || Layout.IsPrimitive(t.Name)))
                Problem(t.File, what, "duplicate type name");
            RequireDoc(t.File, what, t.Doc);
            if (t.Kind != "struct" && t.Kind != "union")
                Problem(t.File, what, "kind must be \"struct\" or \"union\"");
            else if (CheckFields(t, defined))
                CheckLayout(t);
            if (named)
                defined.Add(t.Name);
        }
    }

    /// <summary>Names, docs and field types; false if the layout cannot be computed.</summary>
    bool CheckFields(TypeDef t, HashSet<string> defined)
    {
        string owner = t.Kind + " '" + t.Name + "'";
        bool ok = true;
        var names = new HashSet<string>();
        var csharpNames = new HashSet<string> { Naming.Pascal(t.Name ?? ""), "Size" };
        if (t.Fields.Count == 0) { Problem(t.File, owner, "no fields"); ok = false; }
        foreach (var f in t.Fields)
        {
            string what = owner + " field '" + f.Name + "'";
            if (RequireName(t.File, what, f.Name))
            {
                if (!names.Add(f.Name))
                    Problem(t.File, what, "duplicate field name");
                else if (!csharpNames.Add(Naming.Pascal(f.Name)))
                    Problem(t.File, what, "C# name " + Naming.Pascal(f.Name) + " clashes with another member");
            }
            RequireDoc(t.File, what, f.Doc);
            if (!Layout.IsPrimitive(f.Type) && !defined.Contains(f.Type ?? ""))
            {
                Problem(t.File, what, model.FindType(f.Type ?? "") != null
                    ? "type '" + f.Type + "' is used before its definition (define it earlier)"
                    : "unknown type '" + f.Type + "'");
                ok = false;
            }
            if (f.Count is int count && count < 1) { Problem(t.File, what, "count must be at least 1"); ok = false; }
            if (f.Offset is not int offset || offset < 0) { Problem(t.File, what, "missing or negative offset"); ok = false; }
        }
        if (t.Size is not int size || size <= 0) { Problem(t.File, owner, "missing or invalid size"); ok = false; }
        return ok;
    }

    /// <summary>
    /// Declared offsets and size must be exactly what a C compiler lays out for x86-64:
    /// each field at the end of the previous one rounded up to its alignment (no
    /// overlap, no unexplained gap), the size rounded up to the largest alignment.
    /// Union members all sit at offset 0.
    /// </summary>
    void CheckLayout(TypeDef t)
    {
        string owner = t.Kind + " '" + t.Name + "'";
        int end = 0;
        int maxAlign = 1;
        FieldDef previous = null;
        foreach (var f in t.Fields)
        {
            string what = owner + " field '" + f.Name + "'";
            int align = Layout.AlignOf(model, f.Type);
            int size = Layout.FieldSize(model, f);
            int offset = f.Offset.Value;
            maxAlign = System.Math.Max(maxAlign, align);
            if (t.Kind == "union")
            {
                if (offset != 0)
                    Problem(t.File, what, "union members sit at offset 0, not " + offset);
                end = System.Math.Max(end, size);
                continue;
            }
            int expected = Layout.AlignUp(end, align);
            if (offset < end)
                Problem(t.File, what, "offset " + offset + " overlaps field '" + previous.Name + "' (which ends at " + end + ")");
            else if (offset != expected)
                Problem(t.File, what, "offset " + offset + " does not add up: " +
                    (previous == null ? "the first field" : "after '" + previous.Name + "' (ending at " + end + ")") +
                    " a field aligned to " + align + " starts at " + expected + "; declare padding explicitly");
            else if (offset % align != 0)
                Problem(t.File, what, "offset " + offset + " is not aligned to " + align);
            end = System.Math.Max(end, offset + size);
            previous = f;
        }
        int expectedSize = Layout.AlignUp(end, maxAlign);
        if (t.Size != expectedSize)
            Problem(t.File, owner, "size " + t.Size + " does not add up: the fields end at " + end +
                ", rounded up to alignment " + maxAlign + " that is " + expectedSize);
    }
}
