using System.Collections.Generic;

namespace Ringwall.Tools.AbiGen.Model;

/// <summary>One JSON file of guestabi/abi. Every top-level list is optional.</summary>
public sealed class SourceFile
{
    public List<DocSection> Sections { get; set; } = new();
    public List<HypercallDef> Hypercalls { get; set; } = new();
    public List<ErrorDef> Errors { get; set; } = new();
    public List<ConstantGroup> Constants { get; set; } = new();
    public List<TypeDef> Types { get; set; } = new();
}
