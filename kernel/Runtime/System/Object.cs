namespace System
{
    // The root of every reference type. Its first field is the MethodTable pointer the
    // compiler writes at offset 0 of every object (a layout contract with ILC).
    public unsafe class Object
    {
        internal Internal.Runtime.MethodTable* m_pMethodTable;

        public Object() { }

        public virtual bool Equals(object obj) => (object)this == obj;

        public virtual int GetHashCode() => 0;

        public virtual string ToString() => null;

        ~Object() { }
    }
}
