using Ringwall.Tools.AbiGen.Model;
using Ringwall.Tools.AbiGen.Validation;

namespace Ringwall.Tools.AbiGen.Emit;

/// <summary>
/// guestabi/include/ringwall/abi.h: freestanding C (no libc headers; compiles with
/// -ffreestanding -nostdinc), every layout pinned by _Static_assert, and inline
/// hypercall wrappers through the hypercall page.
/// </summary>
public sealed partial class CHeaderEmitter
{
    public const string Path = "guestabi/include/ringwall/abi.h";

    readonly AbiModel model;
    readonly TextBuilder b = new();

    CHeaderEmitter(AbiModel model) { this.model = model; }

    public static string Emit(AbiModel model)
    {
        var e = new CHeaderEmitter(model);
        e.Prelude();
        e.HypercallNumbers();
        e.Errors();
        e.Constants();
        e.Types();
        e.Calls();
        e.b.Line("#endif /* RINGWALL_ABI_H */");
        return e.b.ToString();
    }

    void Prelude()
    {
        b.Line("/* " + Banner.Text + " */");
        b.Line("#ifndef RINGWALL_ABI_H");
        b.Line("#define RINGWALL_ABI_H");
        b.Line();
        b.Line("#if !defined(__x86_64__)");
        b.Line("#error \"ringwall/abi.h describes the x86-64 guest ABI\"");
        b.Line("#endif");
        b.Line();
        foreach (var s in model.Sections)
        {
            if (!s.InHeader) continue;
            CText.Comment(b, s.Title.ToUpperInvariant() + "\n\n" + s.Doc);
            b.Line();
        }
        b.Line("/* Fixed-width types from the compiler's own macros: no <stdint.h> needed. */");
        foreach (var (name, macro) in new[]
        {
            ("rw_u8", "__UINT8_TYPE__"), ("rw_i8", "__INT8_TYPE__"),
            ("rw_u16", "__UINT16_TYPE__"), ("rw_i16", "__INT16_TYPE__"),
            ("rw_u32", "__UINT32_TYPE__"), ("rw_i32", "__INT32_TYPE__"),
            ("rw_u64", "__UINT64_TYPE__"), ("rw_i64", "__INT64_TYPE__"),
        })
            b.Line("typedef " + macro + " " + name + ";");
        b.Line();
        b.Line("/* Hypercall page: one stub of RW_HYPERCALL_STUB_SIZE bytes per hypercall number. */");
        b.Line("#define RW_HYPERCALL_STUB_SIZE 32");
        b.Line("#define RW_HYPERCALL_PAGE_SIZE 4096");
        b.Line("#define RW_HYPERCALL_MAX " + AbiValidator.MaxHypercalls);
        b.Line("#define RW_RINGWALL_RANGE_FIRST " + AbiValidator.RingwallFirst);
        b.Line("#define RW_RINGWALL_RANGE_LAST " + AbiValidator.RingwallLast);
        b.Line();
    }

    void HypercallNumbers()
    {
        b.Line("/* Hypercall numbers (Xen's where Xen has the operation; Ringwall's own in "
            + AbiValidator.RingwallFirst + ".." + AbiValidator.RingwallLast + "). */");
        foreach (var h in model.Hypercalls)
            b.Line("#define __HYPERVISOR_" + h.Name + " " + h.Number
                + " /* " + (h.Implemented ? "implemented" : "not implemented: -RW_ENOSYS") + " */");
        b.Line();
    }

    void Errors()
    {
        b.Line("/* Error values (Xen's errno numbering). Hypercalls return them negated: -RW_EINVAL. */");
        foreach (var e in model.Errors)
        {
            CText.Comment(b, e.Doc + (e.GuestVisible ? "" : " (internal to the VMM: never returned to a guest)"));
            b.Line("#define RW_" + e.Name + " " + e.Value);
        }
        b.Line();
    }

    void Constants()
    {
        foreach (var g in model.Constants)
        {
            CText.Comment(b, g.Doc);
            foreach (var c in g.Constants)
            {
                ConstantValue.TryParse(c.Value, g.Type, out var value, out _);
                CText.Comment(b, c.Doc);
                b.Line("#define " + c.Name + " " + CText.Literal(value));
            }
            b.Line();
        }
    }
}
