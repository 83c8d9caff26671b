using System.Collections.Generic;
using System.Linq;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Emit;

public sealed partial class CHeaderEmitter
{
    static readonly string[] Registers = { "rdi", "rsi", "rdx", "r10", "r8" };

    void Calls()
    {
        b.Line("/*");
        b.Line(" * The hypercall page: the guest provides it (page-aligned, 4096 bytes, named by");
        b.Line(" * XEN_ELFNOTE_HYPERCALL_PAGE) and the VMM fills it at domain build time.");
        b.Line(" */");
        b.Line("extern char hypercall_page[RW_HYPERCALL_PAGE_SIZE];");
        b.Line();
        for (int n = 0; n <= Registers.Length; n++)
            Generic(n);
        foreach (var h in model.Hypercalls)
            Typed(h);
    }

    /// <summary>rw_hypercallN(nr, a1..aN): the register convention, for any number.</summary>
    void Generic(int n)
    {
        var parameters = new List<string> { "unsigned long nr" };
        for (int i = 1; i <= n; i++) parameters.Add("unsigned long a" + i);
        b.Line("/* Hypercall `nr` with " + n + " argument(s): call the stub at hypercall_page + nr * 32. */");
        b.Line("static inline long rw_hypercall" + n + "(" + string.Join(", ", parameters) + ")");
        b.Line("{");
        b.Line("    unsigned long stub = (unsigned long)hypercall_page + nr * RW_HYPERCALL_STUB_SIZE;");
        for (int i = 0; i < n; i++)
            b.Line("    register unsigned long " + Registers[i] + " __asm__(\"" + Registers[i] + "\") = a" + (i + 1) + ";");
        b.Line("    long ret;");
        var outputs = new List<string> { "\"=a\"(ret)" };
        outputs.AddRange(Registers.Take(n).Select(r => "\"+r\"(" + r + ")"));
        var clobbers = new List<string> { "rcx", "r11" };
        clobbers.AddRange(Registers.Skip(n));
        clobbers.Add("memory");
        clobbers.Add("cc");
        b.Line("    __asm__ volatile(\"call *%[stub]\"");
        b.Line("                     : " + string.Join(", ", outputs));
        b.Line("                     : [stub] \"r\"(stub)");
        b.Line("                     : " + string.Join(", ", clobbers.Select(c => "\"" + c + "\"")) + ");");
        b.Line("    return ret;");
        b.Line("}");
        b.Line();
    }

    /// <summary>HYPERVISOR_name(typed arguments), as Xen guests spell them.</summary>
    void Typed(HypercallDef h)
    {
        var doc = h.Doc + (h.Implemented ? "" : "\nNot implemented yet: returns -RW_ENOSYS.");
        foreach (var a in h.Args)
            doc += "\n" + a.Name + ": " + a.Doc;
        CText.Comment(b, doc);
        string parameters = h.Args.Count == 0 ? "void" : string.Join(", ", h.Args.Select(a => ArgType(a) + " " + a.Name));
        b.Line("static inline long HYPERVISOR_" + h.Name + "(" + parameters + ")");
        b.Line("{");
        var values = new List<string> { "__HYPERVISOR_" + h.Name };
        values.AddRange(h.Args.Select(a => a.Type == "i32" ? "(unsigned long)(long)" + a.Name : "(unsigned long)" + a.Name));
        b.Line("    return rw_hypercall" + h.Args.Count + "(" + string.Join(", ", values) + ");");
        b.Line("}");
        b.Line();
    }

    string ArgType(ArgDef a)
    {
        if (a.Type != "ptr")
            return CText.Type(model, a.Type);
        string target = a.Target == "void" ? "void" : CText.Type(model, a.Target);
        return (a.Const ? "const " : "") + target + " *";
    }
}
