namespace System
{
    // Strings exist only as literals (preinitialised into the image by ILC). The field
    // names _stringLength and _firstChar are a contract with ILC's preinitializer.
    public sealed class String
    {
        private int _stringLength;
        private char _firstChar;

        public int Length => _stringLength;

        [System.Runtime.CompilerServices.IndexerName("Chars")]
        public unsafe char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength)
                    Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                fixed (char* p = &_firstChar) return p[index];
            }
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;
    }
}
