using System.Runtime.CompilerServices;
using Ringwall.Arch.Entry;
using Ringwall.Arch.Interrupts;
using Ringwall.Arch.Memory;
using Ringwall.Core.Guests;
using Ringwall.Drivers.Console;
using Ringwall.Runtime;

namespace Ringwall.Arch.Guest
{
    // The domains and vCPUs the VMM runs, and which vCPU is on the CPU.
    // Scheduling is preemptive and weighted, on one CPU: a vCPU runs until it yields,
    // blocks, shuts down or is destroyed, or until its domain's slices are used up at a
    // 10 ms slice boundary (SchedulerTick), then the next runnable vCPU runs,
    // round-robin. Invariants: exactly the vCPU `Current` has its registers on the entry
    // stack and its FPU state in the CPU while a guest runs; every guest entry's frame
    // is the one slot EntryLayout.EntryFrame (Entry.asm), and switching copies the
    // leaving vCPU's registers out and the coming one's in over that slot, so the entry
    // stack never holds another domain's registers; a domain that is not Running has
    // no runnable vCPU.
    public static unsafe class Guests
    {
        public const int MaxVcpus = 16;
        public static readonly Domain[] Domains = new Domain[VmmMemory.MaxDomains];
        private static readonly VcpuContext[] s_vcpus = new VcpuContext[MaxVcpus];
        private static int s_vcpuCount;
        private static int s_current = -1;
        private static bool s_switchRequested;
        // The one byte the return path tests: the running vCPU's evtchn_upcall_pending
        // (a pending event needs the slow way, which delivers it unless events are
        // masked), or s_always (never 0) when something may have changed what the return
        // must load (the running vCPU, its FPU area, its root table).
        private static byte* s_returnCheck;
        private static byte* s_always;
        public static uint DomainCount;

        public static VcpuContext Current
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => s_current < 0 ? null : s_vcpus[s_current];
        }

        public static Domain CurrentDomain => Domains[Current.Domain];

        // The vcpu_info of a vCPU in its domain's shared-info page (direct-map address).
        public static byte* VcpuInfo(uint domain, uint vcpu)
            => Paging.DirectMap.ToVirtual(Memory.VmmMemory.Core.Domain(domain).SharedInfo << 12) + vcpu * 64;

        public static VcpuContext AddVcpu(uint domain, uint id)
        {
            if (s_vcpuCount == MaxVcpus) Panic.Halt("too many vCPUs");
            if (s_always == null)
            {
                s_always = Runtime.Arena.Allocate(16);   // boot time: the arena is not sealed yet
                *s_always = 1;
            }
            var v = new VcpuContext(domain, id);
            v.Info = VcpuInfo(domain, id);
            s_vcpus[s_vcpuCount++] = v;
            return v;
        }

        // vCPU `id` of `domain` (null if it has none such).
        public static VcpuContext VcpuOf(uint domain, uint id)
        {
            for (int i = 0; i < s_vcpuCount; i++)
                if (s_vcpus[i].Domain == domain && s_vcpus[i].Id == id) return s_vcpus[i];
            return null;
        }

        public static void RequestSwitch()
        {
            s_switchRequested = true;
            ReloadNeeded();
        }

        // The running domain's page tables changed (a memory hypercall ran): its root
        // may need a recopy before the return.
        public static void RootMayHaveChanged() => ReloadNeeded();

        // The guest is done with the CPU for good (shutdown or destroyed).
        public static void StopDomain(uint domain)
        {
            for (int i = 0; i < s_vcpuCount; i++)
                if (s_vcpus[i].Domain == domain)
                {
                    s_vcpus[i].Runnable = false;
                    s_vcpus[i].Blocked = false;
                    s_vcpus[i].Polling = false;   // its shared-info page is about to go
                    s_vcpus[i].PollCount = 0;
                    s_vcpus[i].TimerDeadline = 0;
                }
            RequestSwitch();
        }

        // Called before every return to a guest: picks who runs next and puts its
        // registers in `frame`. Does not return when nothing is left to run.
        // Fast path (nothing changed since the entry): the frame is the CPU's own record
        // of this entry, so CS and SS are valid; RFLAGS, which the guest controls, is
        // sanitised, and RIP is checked: an instruction that ends exactly at the top of
        // the lower canonical half (`int $0x82` at 0x00007FFFFFFFFFFE) leaves the
        // non-canonical 0x0000800000000000 as its return address, and IRETQ to it would
        // #GP in ring 0 (SDM: IRET, 64-bit mode exceptions); the slow path destroys such
        // a domain. (QEMU's TCG does not raise that #GP, so the booted A25 test checks the
        // VMM's refusal in its log.)
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void PrepareReturn(InterruptFrame* frame)
        {
            // (rip + 2^47) >> 48 is 0 exactly for canonical rip: one add and one shift.
            if (*s_returnCheck == 0 && (frame->Rip + (1UL << 47)) >> 48 == 0)
                frame->Rflags = FrameSanitizer.SafeFlags(frame->Rflags);
            else
                PrepareReturnSlow(frame);
        }

        private static void ReloadNeeded() => s_returnCheck = s_always;

        private static void PrepareReturnSlow(InterruptFrame* frame)
        {
            // A dead domain's memory goes back one bounded piece per return.
            if (DomainReaper.Pending) DomainReaper.Step();
            while (true)
            {
                PickAndLoad(frame);
                VcpuContext running = Current;
                if (!UpcallDelivery.DeliverIfDue(running, frame)) continue;   // destroyed: pick again
                if (FrameSanitizer.Sanitize(frame)) return;
                Lifecycle.Destroy(Current.Domain, "non-canonical return address or stack pointer", frame->Rip);
            }
        }

        private static void PickAndLoad(InterruptFrame* frame)
        {
            VcpuContext current = Current;
            if (s_switchRequested || current == null || !current.Runnable)
            {
                s_switchRequested = false;
                int next = NextRunnable();
                if (next < 0) next = Idle();
                if (next != s_current)
                {
                    if (current != null) current.Registers = *frame;
                    if (current == null || current.Domain != s_vcpus[next].Domain)
                    {
                        EntryScrub.BeforeDomainSwitch();
                        DomainStacks.Switch(s_vcpus[next].Domain);   // `frame` now lies in the coming domain's page
                    }
                    s_current = next;
                    *frame = s_vcpus[next].Registers;
                    s_vcpus[next].SlicesLeft = s_vcpus[next].Weight;
                }
            }
            VcpuContext running = s_vcpus[s_current];
            // While a teardown is pending every return takes this path (one piece each).
            s_returnCheck = DomainReaper.Pending ? s_always : running.Info;
            EntryArea.PerCpu->FpuArea = (ulong)running.FpuArea;
            GuestGates.Load(running);
            GuestDescriptors.Load(running);
            ulong baseMfn = VmmMemory.Core.Vcpu(running.Domain, running.Id).KernelBase;
            GuestRoot.Load(running.Domain, baseMfn, VmmMemory.Core.Domain(running.Domain).RootEpoch);
        }

        // Every vCPU is blocked or stopped: halt until a tick wakes one (guest timers
        // are checked on each tick). With none blocked, or no timer to wake them, the
        // machine's work is done. A pending teardown runs first, one piece at a time
        // with a window for interrupts after each, so a timer that wakes a vCPU is
        // taken between pieces.
        private static int Idle()
        {
            while (true)
            {
                if (DomainReaper.Pending)
                {
                    EntryStats.RestartMeasurement();   // each piece is an entry of its own
                    DomainReaper.Step();
                    Cpu.Cpu.OpenInterruptWindow();
                    int woken = NextRunnable();
                    if (woken >= 0) return woken;
                    continue;
                }
                bool anyBlocked = false;
                for (int i = 0; i < s_vcpuCount; i++) anyBlocked |= s_vcpus[i].Blocked;
                if (!anyBlocked) Lifecycle.AllDomainsStopped();
                if (!SchedulerTick.Running)
                {
                    Log.Warn().Text("every vCPU is blocked and no timer can wake one").End();
                    Lifecycle.AllDomainsStopped();
                }
                EntryStats.Halt();
                int next = NextRunnable();
                if (next >= 0) return next;
            }
        }

        // An event is pending for (domain, vcpu): a blocked vCPU becomes runnable, and
        // the return path looks at the upcall.
        public static void Wake(uint domain, uint vcpu)
        {
            for (int i = 0; i < s_vcpuCount; i++)
            {
                VcpuContext v = s_vcpus[i];
                if (v.Domain != domain || v.Id != vcpu || !v.Blocked) continue;
                v.Blocked = false;
                v.Polling = false;
                v.Runnable = true;
            }
            ReloadNeeded();
        }

        // A time slice of the running vCPU is over: true when its turn (its weight in
        // slices) is used up and another vCPU should get the CPU.
        public static bool SliceEnded()
        {
            VcpuContext v = Current;
            if (v == null || v.SlicesLeft <= 1) return true;
            v.SlicesLeft--;
            return false;
        }

        // VCPUOP_down: the vCPU stops running (and stops waiting) until Resume; its
        // registers stay where they are (in its context, or on the entry stack if it
        // is the one running, until the switch this requests copies them out).
        public static void Park(VcpuContext vcpu)
        {
            vcpu.Runnable = false;
            vcpu.Blocked = false;
            vcpu.Polling = false;
            if (vcpu == Current) RequestSwitch();
        }

        // VCPUOP_up of a parked (or never started) vCPU.
        public static void Resume(VcpuContext vcpu) => vcpu.Runnable = true;

        // sched_op block: the vCPU waits until an event is pending for it.
        public static void Block(VcpuContext vcpu)
        {
            vcpu.Blocked = true;
            vcpu.Runnable = false;
            RequestSwitch();
        }

        public static int VcpuCount => s_vcpuCount;

        public static VcpuContext Vcpu(int index) => s_vcpus[index];

        private static int NextRunnable()
        {
            for (int step = 1; step <= s_vcpuCount; step++)
            {
                int candidate = (s_current + step + s_vcpuCount) % s_vcpuCount;
                if (s_vcpus[candidate].Runnable) return candidate;
            }
            return -1;
        }

        // Enters the first runnable vCPU; never returns.
        public static void Start()
        {
            s_returnCheck = s_always;
            var frame = (InterruptFrame*)EntryLayout.EntryFrame;
            s_current = -1;
            s_switchRequested = true;
            int first = NextRunnable();
            if (first < 0) Lifecycle.AllDomainsStopped();
            s_current = first;
            DomainStacks.Switch(s_vcpus[first].Domain);
            *frame = s_vcpus[first].Registers;
            s_switchRequested = false;
            PrepareReturn(frame);
            Startup.BenchReport.FirstGuest(Cpu.Cpu.ReadTimestamp());
            // An unmanaged pointer: ILC treats a managed function pointer with bit 1 set
            // as a "fat" pointer to a descriptor and would load through it.
            ((delegate* unmanaged<InterruptFrame*, void>)EntryArea.ResumeGuestAlias)(frame);
        }
    }
}
