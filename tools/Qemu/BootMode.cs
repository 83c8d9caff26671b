namespace Ringwall.Tools.Qemu
{
    /// <summary>How QEMU loads the image (see shared/design/qemu.md, "Boot paths").</summary>
    public enum BootMode
    {
        /// <summary>PVH direct boot: <c>-kernel image.elf</c>; command line via <c>-append</c>.</summary>
        Pvh,

        /// <summary>GRUB ISO on SeaBIOS: <c>-cdrom image.iso</c>.</summary>
        IsoBios,

        /// <summary>GRUB ISO on OVMF: <c>-bios OVMF.fd -cdrom image.iso</c> (4-6 s of firmware).</summary>
        IsoUefi,
    }
}
