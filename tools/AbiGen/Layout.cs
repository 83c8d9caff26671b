using System.Collections.Generic;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen;

/// <summary>Sizes and alignments of x86-64 (System V) primitives and of source types.</summary>
public static class Layout
{
    static readonly Dictionary<string, int> PrimitiveSizes = new()
    {
        ["u8"] = 1, ["i8"] = 1, ["char"] = 1,
        ["u16"] = 2, ["i16"] = 2,
        ["u32"] = 4, ["i32"] = 4,
        ["u64"] = 8, ["i64"] = 8,
    };

    public static bool IsPrimitive(string type) => type != null && PrimitiveSizes.ContainsKey(type);

    public static int PrimitiveSize(string type) => PrimitiveSizes[type];

    /// <summary>Size of one element (primitive or a declared type with a valid size).</summary>
    public static int SizeOf(AbiModel model, string type) =>
        IsPrimitive(type) ? PrimitiveSizes[type] : model.FindType(type).Size ?? 0;

    /// <summary>Natural alignment: a primitive's size, or the largest alignment of its fields.</summary>
    public static int AlignOf(AbiModel model, string type)
    {
        if (IsPrimitive(type))
            return PrimitiveSizes[type];
        int align = 1;
        foreach (var field in model.FindType(type).Fields)
            align = System.Math.Max(align, AlignOf(model, field.Type));
        return align;
    }

    public static int FieldSize(AbiModel model, FieldDef field) =>
        SizeOf(model, field.Type) * (field.Count ?? 1);

    public static int AlignUp(int value, int align) => (value + align - 1) / align * align;
}
