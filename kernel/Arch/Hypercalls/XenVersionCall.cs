using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Startup;

namespace Ringwall.Arch.Hypercalls
{
    // xen_version: XENVER_version answers the ABI version (major << 16 | minor);
    // extraversion (16 bytes), capabilities (1024 bytes) and changeset (64 bytes: the
    // source revision, BuildInfo) fill NUL-padded strings; compile_info fills
    // xen_compile_info (the compiler, "ringwall", an empty domain and date);
    // platform_parameters gives the start of the VMM's reserved range; get_features
    // answers an empty feature map for every index; pagesize 4096. Other commands
    // (guest_handle, commandline, unknown): -ENOSYS. A destination the guest cannot write
    // whole: -EFAULT (each answer is one copy, assembled first).
    public static unsafe class XenVersionCall
    {
        public static long Handle(VcpuContext vcpu, ulong command, ulong argument)
        {
            if (command == XenVersionCmd.Version) return (long)((AbiVersion.Major << 16) | AbiVersion.Minor);
            if (command == XenVersionCmd.Pagesize) return 4096;
            GuestVirtualMemory guest = Hypercalls.GuestMemoryOf(vcpu);
            switch (command)
            {
                case XenVersionCmd.Extraversion:
                    return WriteString(ref guest, argument, ".0-ringwall", (int)XenVersionLength.ExtraversionLen);
                case XenVersionCmd.Capabilities:
                    return WriteString(ref guest, argument, StartInfoMagic.Magic, (int)XenVersionLength.CapabilitiesInfoLen);
                case XenVersionCmd.Changeset:
                {
                    byte* text = stackalloc byte[(int)XenVersionLength.ChangesetInfoLen];
                    Pad(text, (int)XenVersionLength.ChangesetInfoLen, BuildInfo.Changeset, BuildInfo.FieldBytes);
                    return guest.TryWriteBytes(argument, text, XenVersionLength.ChangesetInfoLen) ? 0 : (long)Errno.EFAULT;
                }
                case XenVersionCmd.CompileInfo:
                {
                    byte* info = stackalloc byte[XenCompileInfo.Size];
                    Pad(info + XenCompileInfo.CompilerOffset, XenCompileInfo.CompilerCount, BuildInfo.Compiler, BuildInfo.FieldBytes);
                    WriteAscii(info + XenCompileInfo.CompileByOffset, XenCompileInfo.CompileByCount, "ringwall");
                    WriteAscii(info + XenCompileInfo.CompileDomainOffset, XenCompileInfo.CompileDomainCount, "");
                    WriteAscii(info + XenCompileInfo.CompileDateOffset, XenCompileInfo.CompileDateCount, "");
                    return guest.TryWriteBytes(argument, info, XenCompileInfo.Size) ? 0 : (long)Errno.EFAULT;
                }
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
            WriteAscii(buffer, size, text);
            return guest.TryWriteBytes(address, buffer, (ulong)size) ? 0 : (long)Errno.EFAULT;
        }

        // `text` into `size` bytes, NUL-padded, the last byte NUL whatever its length.
        private static void WriteAscii(byte* into, int size, string text)
        {
            for (int i = 0; i < size; i++) into[i] = i < text.Length ? (byte)text[i] : (byte)0;
            into[size - 1] = 0;
        }

        // A NUL-padded field of `fromSize` bytes into one of `size`, ending in NUL.
        private static void Pad(byte* into, int size, byte* from, int fromSize)
        {
            bool ended = false;
            for (int i = 0; i < size; i++)
            {
                byte b = ended || i >= fromSize ? (byte)0 : from[i];
                if (b == 0) ended = true;
                into[i] = b;
            }
            into[size - 1] = 0;
        }
    }
}
