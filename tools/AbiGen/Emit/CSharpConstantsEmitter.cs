using Ringwall.Tools.AbiGen.Model;
using Ringwall.Tools.AbiGen.Validation;

namespace Ringwall.Tools.AbiGen.Emit;

/// <summary>
/// guestabi/generated/AbiConstants.cs: hypercall numbers, error values and constant
/// groups of namespace Ringwall.Abi. Constants and enums only, so the portable core
/// of the VMM (no pointers) can compile it.
/// </summary>
public static class CSharpConstantsEmitter
{
    public const string Path = "guestabi/generated/AbiConstants.cs";

    public static string Emit(AbiModel model)
    {
        var b = new TextBuilder();
        CsText.Header(b);
        b.Line("namespace Ringwall.Abi;");
        b.Line();
        HypercallPage(b);
        Hypercalls(b, model);
        Errors(b, model);
        foreach (var g in model.Constants)
            Group(b, g);
        return b.ToString();
    }

    static void HypercallPage(TextBuilder b)
    {
        CsText.Summary(b, "The hypercall page: one stub per hypercall number, at number * StubSize.", "");
        b.Line("public static class HypercallPage");
        b.Line("{");
        b.Line("    public const int StubSize = 32;");
        b.Line("    public const int PageSize = 4096;");
        b.Line("    /// <summary>Numbers are 0..Max-1 (as many stubs as fit in the page).</summary>");
        b.Line("    public const int Max = " + AbiValidator.MaxHypercalls + ";");
        b.Line("    /// <summary>Ringwall's own hypercalls and sub-commands: RingwallFirst..RingwallLast.</summary>");
        b.Line("    public const int RingwallFirst = " + AbiValidator.RingwallFirst + ";");
        b.Line("    public const int RingwallLast = " + AbiValidator.RingwallLast + ";");
        b.Line("}");
        b.Line();
    }

    static void Hypercalls(TextBuilder b, AbiModel model)
    {
        ulong low = 0, high = 0;
        CsText.Summary(b, "Hypercall numbers (RAX on entry).", "");
        b.Line("public static class Hypercall");
        b.Line("{");
        foreach (var h in model.Hypercalls)
        {
            int n = h.Number.Value;
            if (h.Implemented) { if (n < 64) low |= 1UL << n; else high |= 1UL << (n - 64); }
            CsText.Summary(b, h.Doc + (h.Implemented ? "" : "\nNot implemented: answered with ENOSYS."), "    ");
            b.Line("    public const uint " + Naming.Pascal(h.Name) + " = " + n + ";");
        }
        b.Line();
        b.Line("    /// <summary>Bit n set: hypercall n (0..63) is implemented.</summary>");
        b.Line("    public const ulong ImplementedLow = 0x" + low.ToString("X16") + "UL;");
        b.Line("    /// <summary>Bit n set: hypercall 64 + n is implemented.</summary>");
        b.Line("    public const ulong ImplementedHigh = 0x" + high.ToString("X16") + "UL;");
        b.Line("}");
        b.Line();
    }

    static void Errors(TextBuilder b, AbiModel model)
    {
        CsText.Summary(b, "Hypercall results as returned in RAX: 0, or a negated Xen errno value.\n"
            + "The values are those of Ringwall.Core.Status (checked by tools/AbiGen.Tests).", "");
        b.Line("public enum Errno : int");
        b.Line("{");
        b.Line("    /// <summary>Success.</summary>");
        b.Line("    Ok = 0,");
        foreach (var e in model.Errors)
        {
            CsText.Summary(b, e.Doc + (e.GuestVisible ? "" : " Internal to the VMM: never returned to a guest."), "    ");
            b.Line("    " + e.Name + " = -" + e.Value + ",");
        }
        b.Line("}");
        b.Line();
    }

    static void Group(TextBuilder b, ConstantGroup g)
    {
        CsText.Summary(b, g.Doc, "");
        b.Line("public static class " + (g.Csharp ?? Naming.Pascal(g.Group)));
        b.Line("{");
        foreach (var c in g.Constants)
        {
            ConstantValue.TryParse(c.Value, g.Type, out var value, out _);
            CsText.Summary(b, c.Name + ": " + c.Doc, "    ");
            b.Line("    public const " + CsText.Type(g.Type) + " " + Naming.ConstantMember(c.Name, g.Prefix)
                + " = " + CsText.Literal(value) + ";");
        }
        b.Line("}");
        b.Line();
    }
}
