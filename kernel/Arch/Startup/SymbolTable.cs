namespace Ringwall.Arch.Startup
{
    // The code symbols embedded in the image by tools/build/embed-symbols.sh:
    //   ulong count; then count entries {ulong address; ulong nameAddress} sorted by
    //   address; names are NUL-terminated ASCII.
    public static unsafe class SymbolTable
    {
        private static ulong* s_table;

        public static void Initialize(ulong tableAddress) => s_table = (ulong*)tableAddress;

        public static ulong Count => s_table == null ? 0 : s_table[0];

        // The symbol at or below `address`; false when none (or no table).
        public static bool Find(ulong address, out byte* name, out ulong offset)
        {
            name = null;
            offset = 0;
            ulong count = Count;
            if (count == 0) return false;
            ulong* entries = s_table + 1;
            if (address < entries[0]) return false;
            ulong low = 0, high = count - 1;
            while (low < high)
            {
                ulong middle = (low + high + 1) / 2;
                if (entries[middle * 2] <= address) low = middle; else high = middle - 1;
            }
            name = (byte*)entries[low * 2 + 1];
            offset = address - entries[low * 2];
            return true;
        }
    }
}
