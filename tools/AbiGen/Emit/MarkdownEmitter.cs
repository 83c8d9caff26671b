using System.Collections.Generic;
using System.Linq;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Emit;

/// <summary>docs/abi.md: the newcomer's reference, from the same source as the bindings.</summary>
public sealed class MarkdownEmitter
{
    public const string Path = "docs/abi.md";
    static readonly string[] Registers = { "RDI", "RSI", "RDX", "R10", "R8" };

    readonly AbiModel model;
    readonly TextBuilder b = new();

    MarkdownEmitter(AbiModel model) { this.model = model; }

    public static string Emit(AbiModel model)
    {
        var e = new MarkdownEmitter(model);
        e.Top();
        foreach (var s in model.Sections)
            e.b.Line("## " + s.Title).Line().Line(s.Doc).Line();
        e.HypercallTable();
        e.HypercallDetails();
        e.Errors();
        e.Constants();
        e.Types();
        return e.b.ToString().TrimEnd('\n') + "\n";
    }

    static string Cell(string text) => (text ?? "").Replace("\n", " ").Replace("|", "\\|").Trim();

    static string Anchor(string text) => text.ToLowerInvariant().Replace("_", "_").Replace(" ", "-");

    void Top()
    {
        b.Line("<!-- " + Banner.Text + " -->");
        b.Line("# The Ringwall guest ABI");
        b.Line();
        b.Line("_" + Banner.Text.Replace("`", "") + "_ The source is the JSON in `guestabi/abi/`; "
            + "the same source gives the C header `guestabi/include/ringwall/abi.h` and the C# bindings "
            + "`guestabi/generated/AbiConstants.cs` and `guestabi/generated/AbiStructs.cs` (namespace `Ringwall.Abi`).");
        b.Line();
        b.Line("Contents: " + string.Join(" · ", model.Sections.Select(s => "[" + s.Title + "](#" + Anchor(s.Title) + ")")
            .Concat(new[] { "[Hypercalls](#hypercalls)", "[Errors](#errors)", "[Constants](#constants)", "[Structures](#structures)" })));
        b.Line();
    }

    void HypercallTable()
    {
        b.Line("## Hypercalls").Line();
        b.Line("C: `__HYPERVISOR_<name>` and `HYPERVISOR_<name>(...)`; C#: `Ringwall.Abi.Hypercall.<Name>`. "
            + "A hypercall that is not implemented returns -ENOSYS.").Line();
        b.Line("| # | name | status | arguments (" + string.Join(", ", Registers) + ") | errors |");
        b.Line("|---:|---|---|---|---|");
        foreach (var h in model.Hypercalls.OrderBy(h => h.Number))
        {
            string args = h.Args.Count == 0 ? "none" : string.Join(", ", h.Args.Select(a => "`" + a.Name + "`"));
            string errors = h.Errors.Count == 0 ? "" : string.Join(", ", h.Errors.Select(e => e.Name));
            string status = h.Implemented ? "**implemented**" : "not implemented";
            string origin = h.Origin == "ringwall" ? " (Ringwall)" : "";
            b.Line("| " + h.Number + " | [`" + h.Name + "`](#" + h.Number + "-" + Anchor(h.Name) + ")" + origin
                + " | " + status + " | " + args + " | " + errors + " |");
        }
        b.Line();
    }

    void HypercallDetails()
    {
        foreach (var h in model.Hypercalls.OrderBy(h => h.Number))
        {
            b.Line("### " + h.Number + " " + h.Name).Line();
            b.Line((h.Implemented ? "**Implemented.** " : "**Not implemented** (returns -ENOSYS). ")
                + (h.Origin == "ringwall" ? "Ringwall's own." : "Xen's number and semantics.")).Line();
            b.Line(h.Doc).Line();
            if (h.Args.Count > 0)
            {
                b.Line("| register | argument | type | meaning |").Line("|---|---|---|---|");
                for (int i = 0; i < h.Args.Count; i++)
                {
                    var a = h.Args[i];
                    string type = a.Type == "ptr" ? (a.Const ? "const " : "") + a.Target + " *" : a.Type;
                    b.Line("| " + Registers[i] + " | `" + a.Name + "` | `" + type + "` | " + Cell(a.Doc) + " |");
                }
                b.Line();
            }
            if (!string.IsNullOrWhiteSpace(h.Returns))
                b.Line("Returns: " + h.Returns).Line();
            if (h.Commands != null)
                b.Line("Sub-commands: see [" + h.Commands + "](#" + Anchor(h.Commands) + ").").Line();
            if (h.Errors.Count > 0)
            {
                b.Line("Errors:").Line();
                foreach (var e in h.Errors)
                    b.Line("- `-" + e.Name + "`: " + Cell(e.When));
                b.Line();
            }
        }
    }

    void Errors()
    {
        b.Line("## Errors").Line();
        b.Line("Xen's errno numbering; a hypercall returns the value negated in RAX. "
            + "C: `RW_<NAME>` (positive); C#: `Ringwall.Abi.Errno.<NAME>` (negated, equal to `Ringwall.Core.Status`).").Line();
        b.Line("| name | value | meaning |").Line("|---|---:|---|");
        foreach (var e in model.Errors)
            b.Line("| `" + e.Name + "` | " + e.Value + " | " + Cell(e.Doc) + (e.GuestVisible ? "" : " (internal: never returned to a guest)") + " |");
        b.Line();
    }

    void Constants()
    {
        b.Line("## Constants").Line();
        foreach (var g in model.Constants)
        {
            string cls = g.Csharp ?? Naming.Pascal(g.Group);
            b.Line("### " + g.Group).Line();
            b.Line(g.Doc).Line();
            b.Line("Type `" + g.Type + "`; C# class `Ringwall.Abi." + cls + "`.").Line();
            b.Line("| C name | value | C# | meaning |").Line("|---|---|---|---|");
            foreach (var c in g.Constants)
            {
                ConstantValue.TryParse(c.Value, g.Type, out var value, out _);
                string shown = value.IsString ? "\"" + value.Text + "\"" : value.Text;
                b.Line("| `" + c.Name + "` | `" + shown + "` | `" + cls + "." + Naming.ConstantMember(c.Name, g.Prefix)
                    + "` | " + Cell(c.Doc) + " |");
            }
            b.Line();
        }
    }

    void Types()
    {
        b.Line("## Structures").Line();
        b.Line("Exact x86-64 layouts; the C header checks each with `_Static_assert` and the C# structs use "
            + "`[StructLayout(LayoutKind.Explicit)]` with `[FieldOffset]` (arrays are published as `<Field>Offset`, "
            + "`<Field>Count` and `<Field>ElementSize` constants).").Line();
        foreach (var t in model.Types)
        {
            b.Line("### " + t.Kind + " " + t.Name).Line();
            b.Line(t.Doc).Line();
            b.Line("Size " + t.Size + " bytes; C `" + t.Kind + " " + t.Name + "`, C# `Ringwall.Abi." + Naming.Pascal(t.Name) + "`.").Line();
            b.Line("| offset | size | field | type | meaning |").Line("|---:|---:|---|---|---|");
            foreach (var f in t.Fields)
            {
                string type = f.Type + (f.Count is int n ? "[" + n + "]" : "");
                b.Line("| " + f.Offset + " | " + Layout.FieldSize(model, f) + " | `" + f.Name + "` | `" + type + "` | " + Cell(f.Doc) + " |");
            }
            b.Line();
        }
    }
}
