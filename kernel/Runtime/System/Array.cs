namespace System
{
    // Single-dimension, zero-based arrays. _numComponents is a layout contract with ILC
    // (the length sits at offset 8, right after the MethodTable pointer).
    public abstract class Array
    {
        private int _numComponents;

        public int Length => _numComponents;
    }

    // ILC's generic view of T[] (implements nothing: no IList<T> in this runtime).
    public class Array<T> : Array { }
}
