namespace Ringwall.Core.Physical
{
    // Physical ranges that hold something at boot (the image, boot modules, the boot
    // information, early allocations) and must never be handed out as free frames.
    public sealed class ReservedRanges
    {
        public const int Capacity = 64;
        private readonly ulong[] _start = new ulong[Capacity];
        private readonly ulong[] _end = new ulong[Capacity];
        private int _count;

        public int Count => _count;
        public ulong Start(int i) => _start[i];
        public ulong End(int i) => _end[i];

        // False when the table is full (the caller must treat that as fatal).
        public bool Add(ulong start, ulong end)
        {
            if (end <= start) return true;
            if (_count == Capacity) return false;
            _start[_count] = start;
            _end[_count] = end;
            _count++;
            return true;
        }

        public bool Overlaps(ulong start, ulong end)
        {
            if (end <= start) return false;
            for (int i = 0; i < _count; i++)
                if (start < _end[i] && _start[i] < end) return true;
            return false;
        }

        // The lowest page-aligned [s, s + size) inside [regionStart, regionEnd) that
        // overlaps no reserved range; false if there is none.
        public bool FindGap(ulong regionStart, ulong regionEnd, ulong size, out ulong found)
        {
            ulong candidate = (regionStart + 0xFFF) & ~0xFFFUL;
            // Rounding up past the top of the address space wraps below regionStart.
            if (candidate < regionStart) { found = 0; return false; }
            while (candidate + size <= regionEnd && candidate + size > candidate)
            {
                ulong blocker = 0;
                bool blocked = false;
                for (int i = 0; i < _count; i++)
                {
                    if (candidate < _end[i] && _start[i] < candidate + size && _end[i] > blocker)
                    {
                        blocker = _end[i];
                        blocked = true;
                    }
                }
                if (!blocked)
                {
                    found = candidate;
                    return true;
                }
                ulong next = (blocker + 0xFFF) & ~0xFFFUL;
                if (next <= candidate) break; // wrapped past the top: no room above the blocker
                candidate = next;
            }
            found = 0;
            return false;
        }
    }
}
