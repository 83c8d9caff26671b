using System;

namespace Ringwall.Tools.ModulePack.Cli
{
    public static class Program
    {
        public static int Main(string[] args) => CommandLine.Run(args, Console.Out, Console.Error);
    }
}
