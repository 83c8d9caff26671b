using System.Collections.Generic;
using Ringwall.Tools.AbiGen.Model;

namespace Ringwall.Tools.AbiGen.Validation;

public sealed partial class AbiValidator
{
    static readonly HashSet<string> ArgTypes = new() { "u32", "i32", "u64", "ptr" };

    void CheckHypercalls()
    {
        var numbers = new Dictionary<int, string>();
        var names = new HashSet<string>();
        var errorNames = new HashSet<string>();
        foreach (var e in model.Errors) errorNames.Add(e.Name);
        foreach (var h in model.Hypercalls)
        {
            string what = "hypercall '" + h.Name + "'";
            if (RequireName(h.File, what, h.Name))
            {
                if (!names.Add(h.Name))
                    Problem(h.File, what, "duplicate hypercall name");
                ClaimCName(h.File, what, "__HYPERVISOR_" + h.Name);
            }
            RequireDoc(h.File, what, h.Doc);
            CheckNumber(h, what, numbers);
            if (h.Implemented && string.IsNullOrWhiteSpace(h.Returns))
                Problem(h.File, what, "an implemented hypercall must document what it returns");
            if (h.Args.Count > 5)
                Problem(h.File, what, "at most 5 arguments (RDI, RSI, RDX, R10, R8)");
            var argNames = new HashSet<string>();
            foreach (var a in h.Args)
                CheckArg(h, what + " argument '" + a.Name + "'", a, argNames);
            foreach (var e in h.Errors)
            {
                if (!errorNames.Contains(e.Name ?? ""))
                    Problem(h.File, what, "unknown error '" + e.Name + "'");
                RequireDoc(h.File, what + " error '" + e.Name + "'", e.When);
            }
            if (h.Commands != null && model.Constants.Find(g => g.Group == h.Commands) == null)
                Problem(h.File, what, "unknown constant group '" + h.Commands + "'");
        }
    }

    void CheckNumber(HypercallDef h, string what, Dictionary<int, string> numbers)
    {
        if (h.Number is not int n || n < 0 || n >= MaxHypercalls)
        {
            Problem(h.File, what, "number must be 0.." + (MaxHypercalls - 1) + " (one 32-byte stub each in a 4 KiB page)");
            return;
        }
        if (numbers.TryGetValue(n, out string other))
            Problem(h.File, what, "duplicate number " + n + " (already '" + other + "')");
        else
            numbers[n] = h.Name;
        bool inRingwallRange = n >= RingwallFirst && n <= RingwallLast;
        if (h.Origin == "ringwall" && !inRingwallRange)
            Problem(h.File, what, "Ringwall's hypercalls are numbered " + RingwallFirst + ".." + RingwallLast);
        else if (h.Origin == "xen" && inRingwallRange)
            Problem(h.File, what, "numbers " + RingwallFirst + ".." + RingwallLast + " are Ringwall's own range");
        else if (h.Origin != "xen" && h.Origin != "ringwall")
            Problem(h.File, what, "origin must be \"xen\" or \"ringwall\"");
    }

    void CheckArg(HypercallDef h, string what, ArgDef a, HashSet<string> argNames)
    {
        if (RequireName(h.File, what, a.Name) && !argNames.Add(a.Name))
            Problem(h.File, what, "duplicate argument name");
        RequireDoc(h.File, what, a.Doc);
        if (!ArgTypes.Contains(a.Type ?? ""))
            Problem(h.File, what, "type must be u32, i32, u64 or ptr");
        else if (a.Type == "ptr" && a.Target != "void" && !Layout.IsPrimitive(a.Target) && model.FindType(a.Target ?? "") == null)
            Problem(h.File, what, "ptr target must be void, a primitive or a declared type, not '" + a.Target + "'");
        else if (a.Type != "ptr" && (a.Target != null || a.Const))
            Problem(h.File, what, "target and const apply only to ptr arguments");
    }
}
