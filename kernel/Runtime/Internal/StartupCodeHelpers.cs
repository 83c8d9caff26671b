using System.Runtime;
using Ringwall.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // Runs before any other C#: allocates the objects that hold reference-typed statics
    // and runs the static constructors ILC could not preinitialise. Everything is found
    // through each module's ReadyToRun header, listed in the `__modules` section:
    //   header: uint signature 0x00525452, ushort major, minor, uint flags,
    //           ushort section count (+12), byte entry size (+14), byte entry type,
    //           entries from +16: { int id; int flags; void* start; void* end }.
    // Section 201 (GC static region): 4-byte relative pointers to 8-byte slots; a slot
    // holds a 4-byte relative MethodTable pointer whose low bits say 1 = not yet
    // allocated, 2 = preinitialised data follows (a relative pointer in the next 4
    // bytes). Section 205 (eager class constructors): 4-byte relative pointers to code.
    internal static unsafe class StartupCodeHelpers
    {
        private const uint ReadyToRunSignature = 0x00525452;
        private const int GcStaticRegion = 201;
        private const int EagerClassConstructors = 205;
        private const long Uninitialized = 1;
        private const long HasPreinitializedData = 2;
        private const long FlagMask = 3;

        [RuntimeExport("rw_runtime_init")]
        private static void Initialize(void** modulesStart, void** modulesEnd)
        {
            for (void** module = modulesStart; module < modulesEnd; module++)
                if (*module != null) InitializeStatics((byte*)*module);
            for (void** module = modulesStart; module < modulesEnd; module++)
                if (*module != null) RunEagerConstructors((byte*)*module);
        }

        private static byte* ReadRelative(byte* at) => at + *(int*)at;

        private static bool FindSection(byte* header, int id, out byte* start, out byte* end)
        {
            start = null;
            end = null;
            if (*(uint*)header != ReadyToRunSignature) Panic.Halt("bad ReadyToRun header in __modules");
            int count = *(ushort*)(header + 12);
            int entrySize = header[14];
            for (int i = 0; i < count; i++)
            {
                byte* entry = header + 16 + i * entrySize;
                if (*(int*)entry != id) continue;
                start = *(byte**)(entry + 8);
                end = *(byte**)(entry + 16);
                return true;
            }
            return false;
        }

        private static void InitializeStatics(byte* header)
        {
            if (!FindSection(header, GcStaticRegion, out byte* start, out byte* end)) return;
            for (byte* block = start; block < end; block += 4)
            {
                byte* slot = ReadRelative(block);
                long typeAndFlags = (long)ReadRelative(slot);
                if ((typeAndFlags & Uninitialized) == 0) continue;
                MethodTable* type = (MethodTable*)(typeAndFlags & ~FlagMask);
                byte* obj = Arena.Allocate(type->BaseSize);
                *(MethodTable**)obj = type;
                if ((typeAndFlags & HasPreinitializedData) != 0)
                {
                    byte* data = ReadRelative(slot + 4);
                    ulong bytes = type->BaseSize - 16;
                    for (ulong i = 0; i < bytes; i++) obj[8 + i] = data[i];
                }
                *(byte**)slot = obj;
            }
        }

        private static void RunEagerConstructors(byte* header)
        {
            if (!FindSection(header, EagerClassConstructors, out byte* start, out byte* end)) return;
            for (byte* entry = start; entry < end; entry += 4)
                ((delegate*<void>)ReadRelative(entry))();
        }
    }
}
