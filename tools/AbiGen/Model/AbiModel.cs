using System.Collections.Generic;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>The whole ABI: every source file merged, in file-name order, then source order.</summary>
public sealed class AbiModel
{
    public List<DocSection> Sections { get; } = new();
    public List<HypercallDef> Hypercalls { get; } = new();
    public List<ErrorDef> Errors { get; } = new();
    public List<ConstantGroup> Constants { get; } = new();
    public List<TypeDef> Types { get; } = new();

    public void Add(string file, SourceFile source)
    {
        foreach (var s in source.Sections) { s.File = file; Sections.Add(s); }
        foreach (var h in source.Hypercalls) { h.File = file; Hypercalls.Add(h); }
        foreach (var e in source.Errors) { e.File = file; Errors.Add(e); }
        foreach (var c in source.Constants) { c.File = file; Constants.Add(c); }
        foreach (var t in source.Types) { t.File = file; Types.Add(t); }
    }

    public TypeDef FindType(string name) => Types.Find(t => t.Name == name);
}
