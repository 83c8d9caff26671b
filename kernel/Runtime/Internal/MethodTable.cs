using System.Runtime.InteropServices;

namespace Internal.Runtime
{
    // The header ILC emits for every type (NativeAOT's MethodTable). Layout contract:
    //   +0  ushort component size (arrays, strings)   +2 ushort flags (kind in bits 0-1)
    //   +4  uint base size                            +8 related type (parent class,
    //   or element type of an array)                  +16 ushort vtable slots
    //   +18 ushort interface count                    +20 uint hash
    //   +24 vtable slots (8 bytes each), then the interface map (MethodTable* each).
    // The booted runtime self-test checks this layout against real casts.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct MethodTable
    {
        internal ushort _usComponentSize;
        internal ushort _usFlags;
        internal uint _uBaseSize;
        internal MethodTable* _relatedType;
        internal ushort _usNumVtableSlots;
        internal ushort _usNumInterfaces;
        internal uint _uHashCode;

        private const int KindMask = 0x3;
        private const int KindCanonical = 0;
        private const int KindParameterized = 2;

        internal uint BaseSize => _uBaseSize;
        internal ushort ComponentSize => _usComponentSize;
        internal bool IsCanonical => (_usFlags & KindMask) == KindCanonical;
        internal bool IsParameterized => (_usFlags & KindMask) == KindParameterized;
        internal MethodTable* RelatedType => _relatedType;

        internal MethodTable** InterfaceMap
        {
            get
            {
                fixed (MethodTable* self = &this)
                    return (MethodTable**)((byte*)self + sizeof(MethodTable) + _usNumVtableSlots * 8);
            }
        }

        internal int InterfaceCount => _usNumInterfaces;
    }
}
