namespace Ringwall.Core.Boot
{
    // Faults a test can ask the VMM to commit on purpose (test.fault=...), to prove
    // that the fault path reports and ends the machine.
    public enum FaultTest
    {
        None = 0,
        PageFault,   // test.fault=pagefault: write through a null pointer
        Panic,       // test.fault=panic: a software panic (broken invariant)
        StackOverflow, // test.fault=stack: unbounded recursion into the guard page
        InvalidOpcode, // test.fault=ud: ud2
    }

    // The VMM's own command-line options. Unknown options and bad values are recorded
    // (for a warning) and otherwise ignored: the boot continues.
    //   loglevel=error|warn|info|debug   console verbosity (default info)
    //   test.fault=pagefault|panic|stack|ud   commit a fault on purpose (tests)
    //   selftest                          run the booted runtime self-tests, then stop
    //   bench                             print BENCH measurement lines, then stop
    //   entrystats                        measure every guest entry; report the longest at the end
    public sealed class BootOptions
    {
        public const int MaxProblems = 16;

        public int LogLevel = 2;
        public FaultTest Fault;
        public bool SelfTest;
        public bool Bench;
        public bool EntryStats;
        // Tokens that were not understood: indices into the command line.
        public CommandLineOption[] Problems = new CommandLineOption[MaxProblems];
        public int ProblemCount;

        public void Parse(byte[] text, int start, int length)
        {
            int position = start;
            int end = start + length;
            while (CommandLine.Next(text, ref position, end, out CommandLineOption option))
                if (!Apply(text, option)) Record(option);
        }

        private bool Apply(byte[] text, in CommandLineOption o)
        {
            if (CommandLine.KeyIs(text, o, "loglevel"))
            {
                if (CommandLine.ValueIs(text, o, "error")) LogLevel = 0;
                else if (CommandLine.ValueIs(text, o, "warn")) LogLevel = 1;
                else if (CommandLine.ValueIs(text, o, "info")) LogLevel = 2;
                else if (CommandLine.ValueIs(text, o, "debug")) LogLevel = 3;
                else return false;
                return true;
            }
            if (CommandLine.KeyIs(text, o, "test.fault"))
            {
                if (CommandLine.ValueIs(text, o, "pagefault")) Fault = FaultTest.PageFault;
                else if (CommandLine.ValueIs(text, o, "panic")) Fault = FaultTest.Panic;
                else if (CommandLine.ValueIs(text, o, "stack")) Fault = FaultTest.StackOverflow;
                else if (CommandLine.ValueIs(text, o, "ud")) Fault = FaultTest.InvalidOpcode;
                else return false;
                return true;
            }
            if (CommandLine.KeyIs(text, o, "selftest") && !o.HasValue) { SelfTest = true; return true; }
            if (CommandLine.KeyIs(text, o, "bench") && !o.HasValue) { Bench = true; return true; }
            if (CommandLine.KeyIs(text, o, "entrystats") && !o.HasValue) { EntryStats = true; return true; }
            return false;
        }

        private void Record(in CommandLineOption option)
        {
            if (ProblemCount < MaxProblems) Problems[ProblemCount++] = option;
        }
    }
}
