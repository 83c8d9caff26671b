using System.Collections.Generic;
using Ringwall.Tools.AbiGen.Emit;
using Ringwall.Tools.AbiGen.Model;
using Ringwall.Tools.AbiGen.Validation;

namespace Ringwall.Tools.AbiGen;

/// <summary>One generated file: its path relative to the repository root, and its text.</summary>
public sealed record GeneratedFile(string Path, string Content);

/// <summary>Validates the model, then renders every output. Pure: same model, same text.</summary>
public static class Generator
{
    public static IReadOnlyList<GeneratedFile> Generate(AbiModel model)
    {
        AbiValidator.Validate(model);
        return new[]
        {
            new GeneratedFile(CHeaderEmitter.Path, CHeaderEmitter.Emit(model)),
            new GeneratedFile(CSharpConstantsEmitter.Path, CSharpConstantsEmitter.Emit(model)),
            new GeneratedFile(CSharpStructsEmitter.Path, CSharpStructsEmitter.Emit(model)),
            new GeneratedFile(MarkdownEmitter.Path, MarkdownEmitter.Emit(model)),
        };
    }

    /// <summary>Loads guestabi/abi under the repository root and generates.</summary>
    public static IReadOnlyList<GeneratedFile> GenerateFromRepository(string root) =>
        Generate(AbiLoader.LoadDirectory(System.IO.Path.Combine(root, "guestabi", "abi")));
}
