namespace Ringwall.Core.Boot
{
    public enum BootParseResult
    {
        Ok = 0,
        BadMagic,
        UnsupportedVersion,
        Unreadable,
        Malformed,
    }
}
