using Ringwall.Abi;
using Ringwall.Arch.Guest;
using Ringwall.Arch.Memory;
using Ringwall.Arch.Paging;
using Ringwall.Core;
using Ringwall.Core.Descriptors;
using Ringwall.Core.Memory;

namespace Ringwall.Arch.Hypercalls
{
    // set_gdt and update_descriptor (docs/ring1.md, "Guest descriptor tables").
    // set_gdt(frames, entries): the guest's table is one machine frame the domain owns
    // (frames[0]; more are never needed: at most GuestGdt.TableEntries entries); its
    // first `entries` descriptors are read once through the direct map, checked whole
    // (GuestGdt.CheckTable), and only then become the vCPU's shadow. The frame is not
    // held or retyped: later guest writes to it have no effect (only update_descriptor
    // changes an installed table). update_descriptor(ma, desc): checks the descriptor,
    // writes it to the guest frame (owned by the domain and guest-writable: no page
    // table, descriptor or DMA type) and into the shadow of every vCPU of the domain
    // whose table is that frame and includes that entry. Both force the slow return
    // path, so the frame's CS and SS are checked against the changed GDT.
    public static unsafe class DescriptorCalls
    {
        private static readonly ulong[] s_words = new ulong[GuestGdt.TableEntries];
        private static readonly ulong[] s_installed = new ulong[GuestGdt.GuestEntries];

        public static long SetGdt(VcpuContext vcpu, ulong frames, ulong entries)
        {
            if (entries > GuestGdt.TableEntries) return (long)Errno.EINVAL;
            uint count = (uint)entries;
            ulong mfn = GuestGdt.NoFrame;
            if (count > 0)
            {
                if (!Hypercalls.GuestMemoryOf(vcpu).TryRead64(frames, out mfn)) return (long)Errno.EFAULT;
                Status owned = CheckOwned(vcpu.Domain, mfn);
                if (owned != Status.Ok) return (long)owned;
                ulong* words = (ulong*)DirectMap.ToVirtual(mfn << 12);
                for (int i = 0; i < GuestGdt.TableEntries; i++) s_words[i] = i < (int)count ? words[i] : 0;
            }
            Status s = GuestGdt.CheckTable(s_words, count, s_installed);
            if (s != Status.Ok) return (long)s;
            vcpu.Gdt.Install(mfn, count, s_installed);
            if (GuestDescriptors.Loaded == vcpu) GuestDescriptors.Load(vcpu);   // the live slots now
            return 0;
        }

        public static long UpdateDescriptor(VcpuContext vcpu, ulong ma, ulong desc)
        {
            if ((ma & 7) != 0) return (long)Errno.EINVAL;
            ulong mfn = ma >> 12;
            Status s = CheckOwned(vcpu.Domain, mfn);
            if (s != Status.Ok) return (long)s;
            PageType type = VmmMemory.Core.Frame(mfn).Type;
            if (type != PageType.None && type != PageType.Writable) return (long)Errno.EPERM;
            s = DescriptorCheck.Check(desc, out ulong installed);
            if (s != Status.Ok) return (long)s;
            uint index = (uint)((ma & 0xFFF) >> 3);
            // Every table of the domain that uses the frame must accept the change first.
            for (int i = 0; i < Guests.VcpuCount; i++)
            {
                VcpuContext v = Guests.Vcpu(i);
                if (v.Domain != vcpu.Domain) continue;
                s = v.Gdt.CheckUpdate(mfn, index, installed, out bool _);
                if (s != Status.Ok) return (long)s;
            }
            *(ulong*)(DirectMap.ToVirtual(mfn << 12) + (ma & 0xFFF)) = installed;
            for (int i = 0; i < Guests.VcpuCount; i++)
            {
                VcpuContext v = Guests.Vcpu(i);
                if (v.Domain != vcpu.Domain) continue;
                v.Gdt.CheckUpdate(mfn, index, installed, out bool inTable);
                if (!inTable) continue;
                v.Gdt.Apply(index, installed);
                if (GuestDescriptors.Loaded == v) GuestDescriptors.WriteSlot(index, installed);
            }
            return 0;
        }

        // EINVAL for a frame number beyond machine memory, EPERM for a frame the
        // domain does not own (free, the VMM's, shared, another domain's).
        private static Status CheckOwned(uint domain, ulong mfn)
        {
            if (mfn >= VmmMemory.Core.FrameCount) return Status.EINVAL;
            FrameInfo f = VmmMemory.Core.Frame(mfn);
            if (f.Owner != FrameOwner.Domain || f.Domain != domain) return Status.EPERM;
            return Status.Ok;
        }
    }
}
