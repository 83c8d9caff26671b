namespace Ringwall.Core.Boot
{
    // One option of a command line: `key` or `key=value`, separated by spaces.
    public struct CommandLineOption
    {
        public int KeyStart;
        public int KeyLength;
        public int ValueStart;
        public int ValueLength;
        public bool HasValue;
        // The whole token (for messages).
        public int TokenStart;
        public int TokenLength;
    }

    // Splits ASCII command lines held in a byte array without allocating.
    public static class CommandLine
    {
        // Finds the option that starts at or after `position` (before `end`); returns
        // false when there is none. `position` moves past the option.
        public static bool Next(byte[] text, ref int position, int end, out CommandLineOption option)
        {
            option = default;
            while (position < end && IsSpace(text[position])) position++;
            if (position >= end) return false;
            option.TokenStart = position;
            option.KeyStart = position;
            while (position < end && !IsSpace(text[position]) && text[position] != (byte)'=') position++;
            option.KeyLength = position - option.KeyStart;
            if (position < end && text[position] == (byte)'=')
            {
                option.HasValue = true;
                position++;
                option.ValueStart = position;
                while (position < end && !IsSpace(text[position])) position++;
                option.ValueLength = position - option.ValueStart;
            }
            option.TokenLength = position - option.TokenStart;
            return true;
        }

        public static bool Equals(byte[] text, int start, int length, string expected)
        {
            if (length != expected.Length) return false;
            for (int i = 0; i < length; i++)
                if (text[start + i] != (byte)expected[i]) return false;
            return true;
        }

        public static bool KeyIs(byte[] text, in CommandLineOption option, string key)
            => Equals(text, option.KeyStart, option.KeyLength, key);

        public static bool ValueIs(byte[] text, in CommandLineOption option, string value)
            => option.HasValue && Equals(text, option.ValueStart, option.ValueLength, value);

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\n' || b == (byte)'\r';
    }
}
