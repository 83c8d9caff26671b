namespace System
{
    // Handle and reflection placeholders the compiler requires to exist. Reflection is
    // not supported in the kernel.
    public struct RuntimeTypeHandle { private IntPtr _value; }
    public struct RuntimeMethodHandle { private IntPtr _value; }
    public struct RuntimeFieldHandle { private IntPtr _value; }
    public struct RuntimeArgumentHandle { private IntPtr _value; }
    public struct TypedReference { private IntPtr _value; private IntPtr _type; }
    public struct ArgIterator { private IntPtr _value; }
    public abstract class Type { }
    internal sealed class RuntimeType : Type { }

    // There are no exceptions in the kernel: every path that would throw panics
    // instead (see ThrowHelpers). The type exists because the compiler names it.
    public class Exception
    {
        public Exception() { }
        public Exception(string message) { }
    }

    public interface IDisposable { void Dispose(); }
}
