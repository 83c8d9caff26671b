using Ringwall.Drivers.Uart;

namespace Ringwall.Drivers.Console
{
    // The VMM's console: COM1 output with number formatting and no allocation.
    // Newlines are sent as CR LF.
    public static unsafe class Console
    {
        public static void Write(char c)
        {
            if (c == '\n') Uart16550.Write((byte)'\r');
            Uart16550.Write((byte)c);
        }

        public static void Write(string s)
        {
            if (s == null) return;
            for (int i = 0; i < s.Length; i++) Write(s[i]);
        }

        public static void WriteAscii(byte* s)
        {
            if (s == null) return;
            for (; *s != 0; s++) Write((char)*s);
        }

        public static void WriteAscii(byte[] bytes, int start, int length)
        {
            for (int i = 0; i < length; i++) Write((char)bytes[start + i]);
        }

        public static void WriteLine(string s)
        {
            Write(s);
            Write('\n');
        }

        // Fixed-width lower-case hexadecimal, no prefix.
        public static void WriteHex(ulong value, int digits)
        {
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
                Write("0123456789abcdef"[(int)((value >> shift) & 0xF)]);
        }

        public static void WriteDecimal(ulong value)
        {
            char* buffer = stackalloc char[20];
            int n = 0;
            do
            {
                buffer[n++] = (char)('0' + (int)(value % 10));
                value /= 10;
            } while (value != 0);
            while (n > 0) Write(buffer[--n]);
        }

        public static void WriteDecimal(long value)
        {
            if (value < 0)
            {
                Write('-');
                WriteDecimal((ulong)(-value));
            }
            else
            {
                WriteDecimal((ulong)value);
            }
        }
    }
}
