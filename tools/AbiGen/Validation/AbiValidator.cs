using System.Collections.Generic;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Validation;

/// <summary>
/// Checks the merged source before anything is generated: names, numbers, doc text,
/// layouts. Collects every problem, then throws one AbiException listing them all.
/// </summary>
public sealed partial class AbiValidator
{
    /// <summary>Hypercall stubs are 32 bytes in one 4 KiB page: numbers 0..127.</summary>
    public const int MaxHypercalls = 128;
    /// <summary>Ringwall's own hypercalls and sub-commands live in 64..79.</summary>
    public const int RingwallFirst = 64;
    public const int RingwallLast = 79;

    readonly AbiModel model;
    readonly List<string> problems = new();
    /// <summary>Every name that becomes a C identifier, for clashes across kinds.</summary>
    readonly Dictionary<string, string> cNames = new();

    AbiValidator(AbiModel model) { this.model = model; }

    public static void Validate(AbiModel model)
    {
        var validator = new AbiValidator(model);
        validator.Run();
        if (validator.problems.Count > 0)
            throw new AbiException(validator.problems);
    }

    void Run()
    {
        CheckSections();
        CheckErrors();
        CheckConstants();
        CheckTypes();
        CheckHypercalls();
    }

    void Problem(string file, string what, string message) => problems.Add(file + ": " + what + ": " + message);

    void RequireDoc(string file, string what, string doc)
    {
        if (string.IsNullOrWhiteSpace(doc))
            Problem(file, what, "missing doc");
    }

    bool RequireName(string file, string what, string name)
    {
        if (Naming.IsIdentifier(name))
            return true;
        Problem(file, what, "missing or invalid name '" + name + "'");
        return false;
    }

    void ClaimCName(string file, string what, string cName)
    {
        if (cNames.TryGetValue(cName, out string owner))
            Problem(file, what, "duplicate name " + cName + " (already " + owner + ")");
        else
            cNames[cName] = what + " in " + file;
    }

    void CheckSections()
    {
        var ids = new HashSet<string>();
        foreach (var s in model.Sections)
        {
            string what = "section '" + s.Id + "'";
            if (RequireName(s.File, what, s.Id) && !ids.Add(s.Id))
                Problem(s.File, what, "duplicate section id");
            if (string.IsNullOrWhiteSpace(s.Title))
                Problem(s.File, what, "missing title");
            RequireDoc(s.File, what, s.Doc);
        }
    }
}
