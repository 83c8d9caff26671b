namespace System
{
    // The primitive value types. The compiler knows their layout; each one only needs
    // to exist with its single instance field of its own type.
    public struct Void { }
    public struct Boolean { private bool m_value; }
    public struct Char { private char m_value; }
    public struct SByte { private sbyte m_value; public const sbyte MinValue = -128, MaxValue = 127; }
    public struct Byte { private byte m_value; public const byte MinValue = 0, MaxValue = 255; }
    public struct Int16 { private short m_value; public const short MinValue = -32768, MaxValue = 32767; }
    public struct UInt16 { private ushort m_value; public const ushort MinValue = 0, MaxValue = 65535; }
    public struct Int32 { private int m_value; public const int MinValue = -2147483648, MaxValue = 2147483647; }
    public struct UInt32 { private uint m_value; public const uint MinValue = 0, MaxValue = 4294967295; }
    public struct Int64 { private long m_value; public const long MinValue = -9223372036854775808, MaxValue = 9223372036854775807; }
    public struct UInt64 { private ulong m_value; public const ulong MinValue = 0, MaxValue = 18446744073709551615; }
    public struct Single { private float m_value; }
    public struct Double { private double m_value; }

    public unsafe struct IntPtr
    {
        private void* _value;
        public IntPtr(void* value) { _value = value; }
        public IntPtr(long value) { _value = (void*)value; }
        public static readonly IntPtr Zero;
        public static int Size => 8;
        public void* ToPointer() => _value;
        public long ToInt64() => (long)_value;
        public static explicit operator IntPtr(long value) => new IntPtr(value);
        public static explicit operator IntPtr(void* value) => new IntPtr(value);
        public static explicit operator void*(IntPtr value) => value._value;
        public static explicit operator long(IntPtr value) => (long)value._value;
    }

    public unsafe struct UIntPtr
    {
        private void* _value;
        public UIntPtr(void* value) { _value = value; }
        public UIntPtr(ulong value) { _value = (void*)value; }
        public static readonly UIntPtr Zero;
        public static int Size => 8;
        public void* ToPointer() => _value;
        public ulong ToUInt64() => (ulong)_value;
        public static explicit operator UIntPtr(ulong value) => new UIntPtr(value);
        public static explicit operator UIntPtr(void* value) => new UIntPtr(value);
        public static explicit operator void*(UIntPtr value) => value._value;
        public static explicit operator ulong(UIntPtr value) => (ulong)value._value;
    }
}
