using Ringwall.Abi;
using Ringwall.Arch.Guest;

namespace Ringwall.Arch.Hypercalls
{
    // xen_version: XENVER_version answers the ABI version (major << 16 | minor);
    // extraversion (16 bytes) and capabilities (1024 bytes) fill NUL-padded strings;
    // platform_parameters gives the start of the VMM's reserved range; get_features
    // answers an empty feature map for every index; pagesize 4096. Other commands:
    // -ENOSYS. A destination the guest cannot write: -EFAULT.
    public static unsafe class XenVersionCall
    {
        public static long Handle(VcpuContext vcpu, ulong command, ulong argument)
        {
            if (command == XenVersionCmd.Version) return (long)((AbiVersion.Major << 16) | AbiVersion.Minor);
            if (command == XenVersionCmd.Pagesize) return 4096;
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            switch (command)
            {
                case XenVersionCmd.Extraversion: return WriteString(ref guest, argument, ".0-ringwall", 16);
                case XenVersionCmd.Capabilities: return WriteString(ref guest, argument, StartInfoMagic.Magic, 1024);
                case XenVersionCmd.PlatformParameters:
                    return guest.TryWrite64(argument, VmmRange.HypervisorVirtStart) ? 0 : (long)Errno.EFAULT;
                case XenVersionCmd.GetFeatures:
                    if (!guest.TryRead32(argument, out uint _)) return (long)Errno.EFAULT;
                    return guest.TryWrite32(argument + 4, 0) ? 0 : (long)Errno.EFAULT;
                default: return (long)Errno.ENOSYS;
            }
        }

        private static long WriteString(ref GuestVirtualMemory guest, ulong address, string text, int size)
        {
            byte* buffer = stackalloc byte[size];
            for (int i = 0; i < size; i++) buffer[i] = i < text.Length ? (byte)text[i] : (byte)0;
            buffer[size - 1] = 0;
            return guest.TryWriteBytes(address, buffer, (ulong)size) ? 0 : (long)Errno.EFAULT;
        }
    }
}
