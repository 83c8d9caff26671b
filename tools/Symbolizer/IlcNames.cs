using System;
using System.Text;

namespace Ringwall.Tools.Symbolizer
{
    /// <summary>
    /// Light demangling of ILC (NativeAOT) symbol names, which are
    /// &lt;assembly&gt;_&lt;namespace&gt;_&lt;Type&gt;__&lt;Method&gt; with every '.' turned into '_':
    /// <c>Ringwall_Kernel_Ringwall_Kernel_Panic__Fault</c> is Ringwall.Kernel.Panic.Fault in assembly
    /// Ringwall.Kernel, and <c>S_P_CoreLib_System_String__Concat</c> is System.String.Concat in
    /// System.Private.CoreLib. The assembly prefix is recognised when it is one of
    /// <see cref="KnownAssemblies"/> (longest first), when it repeats as the namespace's start, or
    /// when it is one all-lowercase word (corelib, kernel). Anything else is left alone: the raw
    /// name is always what counts.
    /// </summary>
    public static class IlcNames
    {
        /// <summary>The image's assemblies (AssemblyName of kernel/, drivers/ projects) and the BCL's core library.</summary>
        public static readonly string[] KnownAssemblies =
        {
            "Ringwall.CoreLib", "Ringwall.Kernel", "Ringwall.Drivers", "Ringwall.Core", "Ringwall.GuestAbi",
            "System.Private.CoreLib",
        };

        /// <summary>"Namespace.Type.Method" or null when the name is not an unambiguous ILC method name.</summary>
        public static string Demangle(string symbol)
        {
            if (string.IsNullOrEmpty(symbol) || symbol.StartsWith("_", StringComparison.Ordinal))
                return null;
            if (symbol.IndexOfAny(new[] { '<', '>', ',', '@', '.', '$', ' ' }) >= 0)
                return null;
            int split = symbol.IndexOf("__", StringComparison.Ordinal);
            if (split <= 0 || symbol.IndexOf("__", split + 2, StringComparison.Ordinal) >= 0)
                return null;
            string typePart = symbol.Substring(0, split);
            string method = symbol.Substring(split + 2);
            if (method.Length == 0)
                return null;
            if (method == "_ctor" || method == "_cctor")
                method = "." + method.Substring(1);
            else if (method.StartsWith("_", StringComparison.Ordinal))
                return null;

            string[] tokens = typePart.Split('_');
            if (Array.IndexOf(tokens, "") >= 0)
                return null;
            int skip = AssemblyTokens(tokens);
            if (skip <= 0 || skip >= tokens.Length)
                return null;

            var sb = new StringBuilder();
            for (int i = skip; i < tokens.Length; i++)
            {
                bool arity = i > skip && IsDigits(tokens[i]);
                if (i > skip)
                    sb.Append(arity ? '`' : '.');
                sb.Append(tokens[i]);
            }
            return sb.Append('.').Append(method).ToString();
        }

        /// <summary>How many leading tokens name the assembly, or 0 when that cannot be told.</summary>
        private static int AssemblyTokens(string[] t)
        {
            if (t.Length >= 3 && t[0] == "S" && t[1] == "P" && t[2] == "CoreLib")
                return 3;
            int known = 0;
            foreach (string assembly in KnownAssemblies)
            {
                string[] a = assembly.Split('.');
                if (a.Length > known && a.Length < t.Length && StartsWith(t, a))
                    known = a.Length;
            }
            if (known > 0)
                return known;
            for (int k = t.Length / 2; k >= 1; k--)
            {
                bool repeats = true;
                for (int i = 0; i < k && repeats; i++)
                    repeats = t[i] == t[k + i];
                if (repeats && 2 * k < t.Length)
                    return k;
            }
            if (IsLowerWord(t[0]))
                return 1;
            return 0;
        }

        private static bool StartsWith(string[] tokens, string[] prefix)
        {
            for (int i = 0; i < prefix.Length; i++)
            {
                if (tokens[i] != prefix[i])
                    return false;
            }
            return true;
        }

        private static bool IsDigits(string s)
        {
            foreach (char c in s)
            {
                if (c < '0' || c > '9')
                    return false;
            }
            return s.Length > 0;
        }

        private static bool IsLowerWord(string s)
        {
            foreach (char c in s)
            {
                if (!(c >= 'a' && c <= 'z'))
                    return false;
            }
            return s.Length > 0;
        }
    }
}
