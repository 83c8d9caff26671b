namespace Ringwall.Tools.Qemu
{
    /// <summary>
    /// Bytes typed on COM1 during a run: sent once everything COM1 printed so far contains
    /// <see cref="After"/> (searched after the point where the previous step's text was
    /// found), or as soon as the runner is connected when <see cref="After"/> is null.
    /// </summary>
    public sealed record SerialInput(string After, byte[] Bytes);
}
