using Ringwall.Arch.Paging;
using Ringwall.Core.Memory;

namespace Ringwall.Arch.Memory
{
    // Machine memory for the PV memory core, through the VMM's direct map. The core
    // range-checks every frame number before it reaches here.
    public unsafe struct DirectMapMachineMemory : IMachineMemory
    {
        public ulong Read64(ulong machineAddress) => *(ulong*)DirectMap.ToVirtual(machineAddress);

        public void Write64(ulong machineAddress, ulong value) => *(ulong*)DirectMap.ToVirtual(machineAddress) = value;

        public void ZeroFrame(ulong mfn)
        {
            ulong* p = (ulong*)DirectMap.ToVirtual(mfn << 12);
            for (int i = 0; i < 512; i++) p[i] = 0;
        }

        public void CopyFrame(ulong destinationMfn, ulong sourceMfn)
        {
            ulong* d = (ulong*)DirectMap.ToVirtual(destinationMfn << 12);
            ulong* s = (ulong*)DirectMap.ToVirtual(sourceMfn << 12);
            for (int i = 0; i < 512; i++) d[i] = s[i];
        }
    }
}
