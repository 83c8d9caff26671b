namespace Ringwall.Core.Guests
{
    // One domain's console output, collected into lines so that every line on the
    // VMM console carries the domain's name. Bytes a terminal would interpret
    // (control characters other than tab, and everything above 0x7E) are replaced by
    // '?', so a guest cannot forge other lines or move the cursor. A line longer than
    // Capacity is emitted in pieces.
    public sealed class ConsoleLine
    {
        public const int Capacity = 200;
        public readonly byte[] Bytes = new byte[Capacity];
        public int Length;

        // Adds one byte; true when a line is complete (Bytes[0..Length) is the line,
        // without its newline) and must be emitted, then Clear()ed.
        public bool Add(byte b)
        {
            if (b == (byte)'\n') return true;
            if (b == (byte)'\r') return false;
            Bytes[Length++] = (b == (byte)'\t' || (b >= 0x20 && b <= 0x7E)) ? b : (byte)'?';
            return Length == Capacity;
        }

        public void Clear() => Length = 0;
    }
}
