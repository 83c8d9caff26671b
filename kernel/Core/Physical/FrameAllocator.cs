namespace Ringwall.Core.Physical
{
    // The pool of free machine frames (4 KiB) the VMM hands out: a bitmap, one bit per
    // frame below FrameLimit, set = free.
    // Invariants: a frame is free only if it lies wholly inside a usable region of the
    // memory map and inside no other region; frames marked used (image, boot modules,
    // firmware, ACPI, the first MiB) are never handed out; FreeFrames always equals the
    // number of set bits; a frame is handed out at most once until it is freed.
    public sealed class FrameAllocator
    {
        public const ulong FrameSize = 4096;
        public const ulong FramesPerExtent = 512; // 2 MiB

        private readonly ulong[] _free;
        private readonly ulong _frameLimit;
        private ulong _freeFrames;
        private ulong _hint;

        public FrameAllocator(ulong frameLimit)
        {
            _frameLimit = frameLimit;
            _free = new ulong[(frameLimit + 63) / 64];
        }

        public ulong FrameLimit => _frameLimit;
        public ulong FreeFrames => _freeFrames;

        public static ulong BitmapBytesFor(ulong frameLimit) => (frameLimit + 63) / 64 * 8;

        public bool IsFree(ulong frame) => frame < _frameLimit && (_free[frame / 64] & (1UL << (int)(frame % 64))) != 0;

        // Frees every frame wholly inside [start, end).
        public void AddFreeRange(ulong start, ulong end)
        {
            if (end <= start) return;
            // Rounded up without computing start + FrameSize - 1, which wraps near 2^64.
            ulong first = start / FrameSize + (start % FrameSize != 0 ? 1UL : 0UL);
            ulong last = end / FrameSize;
            for (ulong f = first; f < last && f < _frameLimit; f++) SetFree(f);
        }

        // Takes out every frame that [start, end) touches.
        public void ReserveRange(ulong start, ulong end)
        {
            if (end <= start) return;
            ulong first = start / FrameSize;
            ulong last = end / FrameSize + (end % FrameSize != 0 ? 1UL : 0UL); // no wrap near 2^64
            for (ulong f = first; f < last && f < _frameLimit; f++) SetUsed(f);
        }

        public bool TryAllocate(out ulong frame)
        {
            for (ulong pass = 0; pass < 2; pass++)
            {
                ulong from = pass == 0 ? _hint / 64 : 0;
                for (ulong word = from; word < (ulong)_free.Length; word++)
                {
                    ulong bits = _free[word];
                    if (bits == 0) continue;
                    frame = word * 64 + LowestSetBit(bits);
                    SetUsed(frame);
                    _hint = frame;
                    return true;
                }
            }
            frame = 0;
            return false;
        }

        // `count` contiguous free frames whose first frame is a multiple of `alignment`
        // (frames, a power of two) and whose last frame lies below `limit`.
        public bool TryAllocateContiguous(ulong count, ulong alignment, ulong limit, out ulong frame)
        {
            frame = 0;
            if (count == 0 || alignment == 0 || (alignment & (alignment - 1)) != 0) return false;
            if (limit > _frameLimit) limit = _frameLimit;
            for (ulong start = 0; start + count <= limit; start += alignment)
            {
                ulong run = 0;
                while (run < count && IsFree(start + run)) run++;
                if (run == count)
                {
                    for (ulong i = 0; i < count; i++) SetUsed(start + i);
                    frame = start;
                    return true;
                }
            }
            return false;
        }

        // An aligned 2 MiB extent (512 frames).
        public bool TryAllocateExtent(out ulong firstFrame)
            => TryAllocateContiguous(FramesPerExtent, FramesPerExtent, _frameLimit, out firstFrame);

        // Returns false (and changes nothing) for a frame that is not allocated.
        public bool Free(ulong frame)
        {
            if (frame >= _frameLimit || IsFree(frame)) return false;
            SetFree(frame);
            return true;
        }

        private static ulong LowestSetBit(ulong bits)
        {
            ulong index = 0;
            while ((bits & 1) == 0) { bits >>= 1; index++; }
            return index;
        }

        private void SetFree(ulong frame)
        {
            ulong mask = 1UL << (int)(frame % 64);
            if ((_free[frame / 64] & mask) != 0) return;
            _free[frame / 64] |= mask;
            _freeFrames++;
        }

        private void SetUsed(ulong frame)
        {
            ulong mask = 1UL << (int)(frame % 64);
            if ((_free[frame / 64] & mask) == 0) return;
            _free[frame / 64] &= ~mask;
            _freeFrames--;
        }
    }
}
