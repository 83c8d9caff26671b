namespace Ringwall.Runtime
{
    // Polled output on COM1 with no state and no set-up beyond what firmware or the
    // UART driver left: the runtime's voice before and after the console driver.
    public static unsafe class RawSerial
    {
        private const ushort Com1 = 0x3F8;

        public static void WriteByte(byte b)
        {
            for (int spin = 0; spin < 100000; spin++)
                if ((Machine.InByte(Com1 + 5) & 0x20) != 0) break;
            Machine.OutByte(Com1, b);
        }

        public static void Write(string s)
        {
            if (s == null) return;
            for (int i = 0; i < s.Length; i++) WriteByte((byte)s[i]);
        }

        public static void WriteAscii(byte* s)
        {
            if (s == null) return;
            for (; *s != 0; s++) WriteByte(*s);
        }
    }
}
