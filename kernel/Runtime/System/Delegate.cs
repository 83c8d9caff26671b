namespace System
{
    // Delegates are declared so the compiler can bind function-pointer-like types; the
    // kernel dialect uses function pointers instead (delegates would allocate).
    public abstract class Delegate
    {
        internal object m_firstParameter;
        internal object m_helperObject;
        internal IntPtr m_extraFunctionPointerOrData;
        internal IntPtr m_functionPointer;
    }

    public abstract class MulticastDelegate : Delegate { }
}
