using Ringwall.Arch.Paging;
using Ringwall.Core.Boot;

namespace Ringwall.Arch.Startup
{
    // Boot-time reads of physical memory through the direct map (0-4 GiB is mapped
    // from the first instruction; boot information always lies there).
    public unsafe struct PhysicalReader : IPhysicalReader
    {
        private const ulong Limit = 0x100000000UL;

        public bool Contains(ulong address, ulong length) => address < Limit && length <= Limit - address;
        public byte Read8(ulong address) => Contains(address, 1) ? *DirectMap.ToVirtual(address) : (byte)0;
        public uint Read32(ulong address) => Contains(address, 4) ? *(uint*)DirectMap.ToVirtual(address) : 0;
        public ulong Read64(ulong address) => Contains(address, 8) ? *(ulong*)DirectMap.ToVirtual(address) : 0;
    }
}
