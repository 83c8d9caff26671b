using Internal.Runtime;
using System.Runtime.CompilerServices;

namespace System.Runtime
{
    // Cast helpers ILC calls for `is`, `as`, casts and array stores it cannot resolve at
    // compile time. They really check: exact type, class parent chain, the interface
    // map. Array covariance and generic variance are not supported: such casts fail
    // (CheckCast panics) rather than succeeding unchecked. See docs/runtime.md.
    internal static unsafe class TypeCast
    {
        private static bool IsAssignable(MethodTable* source, MethodTable* target)
        {
            if (source == target) return true;
            if (source->IsCanonical)
            {
                for (MethodTable* t = source->RelatedType; t != null; t = t->RelatedType)
                    if (t == target) return true;
                MethodTable** map = source->InterfaceMap;
                for (int i = 0; i < source->InterfaceCount; i++)
                    if (map[i] == target) return true;
            }
            return false;
        }

        private static MethodTable* TypeOf(object obj) => obj.m_pMethodTable;

        // The element slot of an object array without going through ldelema (which
        // would call LdelemaRef again).
        private static ref object ElementSlot(object[] array, nint index)
        {
            ref byte first = ref Unsafe.As<RawArrayData>(array).Data;
            return ref Unsafe.As<byte, object>(ref Unsafe.Add(ref first, index * 8));
        }

        private sealed class RawArrayData
        {
            public uint Length;
            public uint Padding;
            public byte Data;
        }

        public static object IsInstanceOfClass(MethodTable* target, object obj)
            => obj == null || IsAssignable(TypeOf(obj), target) ? obj : null;

        public static object IsInstanceOfInterface(MethodTable* target, object obj)
            => obj == null || IsAssignable(TypeOf(obj), target) ? obj : null;

        public static object IsInstanceOfAny(MethodTable* target, object obj)
            => obj == null || IsAssignable(TypeOf(obj), target) ? obj : null;

        public static object IsInstanceOfException(MethodTable* target, object obj)
            => IsInstanceOfClass(target, obj);

        public static object CheckCastClass(MethodTable* target, object obj)
        {
            if (obj == null || IsAssignable(TypeOf(obj), target)) return obj;
            Ringwall.Runtime.Panic.Halt("invalid cast");
            return null;
        }

        public static object CheckCastInterface(MethodTable* target, object obj) => CheckCastClass(target, obj);

        public static object CheckCastAny(MethodTable* target, object obj) => CheckCastClass(target, obj);

        public static object CheckCastClassSpecial(MethodTable* target, object obj) => CheckCastClass(target, obj);

        public static void StelemRef(object[] array, nint index, object obj)
        {
            if ((ulong)index >= (ulong)array.Length) Ringwall.Runtime.Panic.Halt("index out of range");
            if (obj != null)
            {
                MethodTable* element = TypeOf(array)->RelatedType;
                if (!IsAssignable(TypeOf(obj), element)) Ringwall.Runtime.Panic.Halt("array type mismatch");
            }
            ElementSlot(array, index) = obj;
        }

        public static ref object LdelemaRef(object[] array, nint index, MethodTable* elementType)
        {
            if ((ulong)index >= (ulong)array.Length) Ringwall.Runtime.Panic.Halt("index out of range");
            if (TypeOf(array)->RelatedType != elementType) Ringwall.Runtime.Panic.Halt("array type mismatch");
            return ref ElementSlot(array, index);
        }
    }
}
