using System.Text;

namespace Ringwall.Tools.AbiGen;

/// <summary>Turns source names (snake_case, UPPER_CASE, Xen's mixed case) into C# names.</summary>
public static class Naming
{
    /// <summary>start_info → StartInfo, PIN_L1_TABLE → PinL1Table, domU → DomU.</summary>
    public static string Pascal(string name)
    {
        var result = new StringBuilder();
        bool upper = true;
        bool allCaps = name.ToUpperInvariant() == name;
        foreach (char c in name)
        {
            if (c == '_') { upper = true; continue; }
            if (upper) result.Append(char.ToUpperInvariant(c));
            else result.Append(allCaps ? char.ToLowerInvariant(c) : c);
            upper = false;
        }
        if (result.Length > 0 && char.IsDigit(result[0]))
            result.Insert(0, '_');
        return result.ToString();
    }

    /// <summary>The C# name of a constant: prefix stripped, then PascalCase.</summary>
    public static string ConstantMember(string name, string prefix)
    {
        string rest = prefix.Length > 0 && name.StartsWith(prefix) ? name.Substring(prefix.Length) : name;
        return Pascal(rest);
    }

    public static bool IsIdentifier(string name)
    {
        if (string.IsNullOrEmpty(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
            return false;
        foreach (char c in name)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        return true;
    }
}
