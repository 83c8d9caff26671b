namespace Ringwall.Drivers.Console
{
    // Levelled log lines built without allocation:
    //     Log.Warn().Text("unknown option '").Ascii(buf, at, len).Text("'").End();
    // A line below the threshold costs one comparison per call and prints nothing.
    // Error and warning lines are prefixed "ERROR: " and "WARN: "; info and debug lines
    // carry no prefix (debug lines start with "debug: ").
    public static class Log
    {
        private static LogLevel s_threshold = LogLevel.Info;

        public static LogLevel Threshold
        {
            get => s_threshold;
            set => s_threshold = value;
        }

        public static LogLine Error() => Begin(LogLevel.Error, "ERROR: ");
        public static LogLine Warn() => Begin(LogLevel.Warn, "WARN: ");
        public static LogLine Info() => Begin(LogLevel.Info, null);
        public static LogLine Debug() => Begin(LogLevel.Debug, "debug: ");

        private static LogLine Begin(LogLevel level, string prefix)
        {
            bool enabled = level <= s_threshold;
            if (enabled) Console.Write(prefix);
            return new LogLine(enabled);
        }
    }

    public readonly unsafe struct LogLine
    {
        private readonly bool _enabled;

        internal LogLine(bool enabled) { _enabled = enabled; }

        public LogLine Text(string s) { if (_enabled) Console.Write(s); return this; }
        public LogLine Char(char c) { if (_enabled) Console.Write(c); return this; }
        public LogLine Decimal(ulong v) { if (_enabled) Console.WriteDecimal(v); return this; }
        public LogLine Signed(long v) { if (_enabled) Console.WriteDecimal(v); return this; }
        public LogLine Hex(ulong v, int digits = 16) { if (_enabled) { Console.Write("0x"); Console.WriteHex(v, digits); } return this; }
        public LogLine Ascii(byte[] bytes, int start, int length) { if (_enabled) Console.WriteAscii(bytes, start, length); return this; }
        public LogLine Ascii(byte* s) { if (_enabled) Console.WriteAscii(s); return this; }
        public LogLine Flag(string name, bool on) { if (_enabled && on) { Console.Write(' '); Console.Write(name); } return this; }
        public void End() { if (_enabled) Console.Write('\n'); }
    }
}
