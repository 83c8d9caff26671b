namespace System.Runtime.InteropServices
{
    // ILC's scanner asks for this type; Ringwall implements it nowhere, so the
    // compiler can prove dynamic interface casting unused.
    public interface IDynamicInterfaceCastable
    {
        RuntimeTypeHandle GetInterfaceImplementation(RuntimeTypeHandle interfaceType);

        private static IntPtr GetDynamicInterfaceImplementation(IDynamicInterfaceCastable instance, IntPtr interfaceType, ushort slot)
        {
            Ringwall.Runtime.Panic.Halt("dynamic interface casting is not supported");
            return default;
        }
    }
}
