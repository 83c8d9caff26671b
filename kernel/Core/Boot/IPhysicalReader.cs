namespace Ringwall.Core.Boot
{
    // Reads machine memory by physical address. The image implements it over the
    // VMM's direct map; host tests over a byte array. Reads never fault: an address
    // outside what the implementation can reach reads as zero and Contains says so.
    public interface IPhysicalReader
    {
        bool Contains(ulong address, ulong length);
        byte Read8(ulong address);
        uint Read32(ulong address);
        ulong Read64(ulong address);
    }
}
