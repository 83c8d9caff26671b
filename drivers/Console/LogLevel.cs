namespace Ringwall.Drivers.Console
{
    // Lower values are more severe. Lines at a level above the current threshold are
    // not printed. Set from the command line with loglevel=error|warn|info|debug.
    public enum LogLevel
    {
        Error = 0,
        Warn = 1,
        Info = 2,
        Debug = 3,
    }
}
