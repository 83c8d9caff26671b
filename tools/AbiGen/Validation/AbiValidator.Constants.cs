using System;
using System.Collections.Generic;

namespace Ringwall.Tools.AbiGen.Validation;

public sealed partial class AbiValidator
{
    void CheckConstants()
    {
        var groups = new HashSet<string>();
        var classes = new HashSet<string>(ReservedCSharpNames);
        foreach (var g in model.Constants)
        {
            string what = "constant group '" + g.Group + "'";
            if (RequireName(g.File, what, g.Group) && !groups.Add(g.Group))
                Problem(g.File, what, "duplicate group name");
            RequireDoc(g.File, what, g.Doc);
            if (Array.IndexOf(ConstantValue.Types, g.Type) < 0)
            {
                Problem(g.File, what, "type must be one of " + string.Join(", ", ConstantValue.Types));
                continue;
            }
            string className = g.Csharp ?? Naming.Pascal(g.Group ?? "");
            if (!classes.Add(className))
                Problem(g.File, what, "C# class name " + className + " is already used");
            if (g.Constants.Count == 0)
                Problem(g.File, what, "no constants");
            var values = new Dictionary<string, string>();
            var members = new HashSet<string>();
            foreach (var c in g.Constants)
            {
                string cWhat = "constant '" + c.Name + "'";
                if (RequireName(g.File, cWhat, c.Name))
                {
                    ClaimCName(g.File, cWhat, c.Name);
                    if (Naming.ConstantMember(c.Name, g.Prefix) == className)
                        Problem(g.File, cWhat, "C# member name " + className + " equals its class name; change the prefix or the class");
                    else if (!members.Add(Naming.ConstantMember(c.Name, g.Prefix)))
                        Problem(g.File, cWhat, "C# member name " + Naming.ConstantMember(c.Name, g.Prefix) + " clashes in " + className);
                }
                RequireDoc(g.File, cWhat, c.Doc);
                if (!ConstantValue.TryParse(c.Value, g.Type, out var value, out string error))
                    Problem(g.File, cWhat, error);
                else if (g.Distinct && values.TryGetValue(value.Key, out string other))
                    Problem(g.File, cWhat, "duplicate value " + value.Text + " in group " + g.Group + " (already " + other + ")");
                else
                    values.TryAdd(value.Key, c.Name);
            }
        }
    }

    /// <summary>Class names the C# emitters use themselves.</summary>
    static readonly string[] ReservedCSharpNames = { "Hypercall", "HypercallPage", "Errno" };
}
