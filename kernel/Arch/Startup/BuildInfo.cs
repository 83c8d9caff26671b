using System.Runtime;
using System.Runtime.CompilerServices;

namespace Ringwall.Arch.Startup
{
    /// <summary>
    /// The build's own description, assembled into the image by kernel/Arch/Asm/BuildInfo.asm
    /// from build/build-info.inc (tools/build/build-info.sh): the source revision
    /// (<c>git describe --always --dirty</c>, "unavailable" outside a checkout) and the
    /// compiler. Read-only data; xen_version answers XENVER_changeset and
    /// XENVER_compile_info from it.
    /// </summary>
    public static unsafe class BuildInfo
    {
        /// <summary>Bytes of each string field, NUL-padded (the last byte is always NUL).</summary>
        public const int FieldBytes = 64;

        /// <summary>The 64-byte NUL-padded revision string.</summary>
        public static byte* Changeset => rw_build_info();

        /// <summary>The 64-byte NUL-padded compiler string.</summary>
        public static byte* Compiler => rw_build_info() + FieldBytes;

        [MethodImpl(MethodImplOptions.InternalCall), RuntimeImport("*", "rw_build_info")]
        private static extern byte* rw_build_info();
    }
}
