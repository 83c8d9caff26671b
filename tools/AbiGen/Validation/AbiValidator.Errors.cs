using System.Collections.Generic;

namespace Ringwall.Tools.AbiGen.Validation;

public sealed partial class AbiValidator
{
    void CheckErrors()
    {
        var values = new Dictionary<int, string>();
        foreach (var e in model.Errors)
        {
            string what = "error '" + e.Name + "'";
            if (RequireName(e.File, what, e.Name))
                ClaimCName(e.File, what, "RW_" + e.Name);
            RequireDoc(e.File, what, e.Doc);
            if (e.Value is not int value || value <= 0)
                Problem(e.File, what, "value must be a positive errno number (hypercalls return it negated)");
            else if (values.TryGetValue(value, out string other))
                Problem(e.File, what, "duplicate value " + value + " (already " + other + ")");
            else
                values[value] = e.Name;
        }
    }
}
