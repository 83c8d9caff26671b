namespace Ringwall.Arch.Paging
{
    // All RAM is mapped at DirectMap.Base + physical address in the VMM's own page
    // table (and, for 0-4 GiB, already in the early tables of boot/entry.asm).
    public static unsafe class DirectMap
    {
        public const ulong Base = 0xFFFF800000000000;

        public static byte* ToVirtual(ulong physical) => (byte*)(Base + physical);
    }
}
