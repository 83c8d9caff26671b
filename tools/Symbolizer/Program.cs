using System;
using System.IO;

namespace Ringwall.Tools.Symbolizer
{
    /// <summary>Console front end: Symbolizer &lt;elf&gt; [&lt;log&gt;|-] prints the log with its panic blocks annotated.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            if (args.Length < 1 || args.Length > 2 || args[0] == "-h" || args[0] == "--help")
            {
                Console.Error.WriteLine("usage: Symbolizer <ringwall.elf> [<serial.log>|-]   (no log or '-' reads stdin)");
                return 2;
            }
            try
            {
                string log = args.Length == 1 || args[1] == "-" ? Console.In.ReadToEnd() : File.ReadAllText(args[1]);
                Console.Out.Write(Symbolizer.Annotate(args[0], log));
                return 0;
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Console.Error.WriteLine("Symbolizer: " + e.Message);
                return 1;
            }
        }
    }
}
