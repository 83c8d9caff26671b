namespace Ringwall.Arch.Startup
{
    public static class Version
    {
        // The VMM's version: the first word after "Ringwall " in the banner.
        public const string Text = "0.1.0";
    }
}
