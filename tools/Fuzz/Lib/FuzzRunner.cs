using System.Collections.Generic;
using System.IO;
using System.Linq;
using Ringwall.Tools.Qemu;

namespace Ringwall.Tools.Fuzz
{
    /// <summary>
    /// Runs one <see cref="FuzzRun"/>: a module pack of build/guests/fuzz.elf and two
    /// sentinels (build/test-packs/&lt;name&gt;.pack), QEMU with the VMM image under
    /// <c>-icount shift=0,sleep=off</c>, the run's timeout; the serial log stays in
    /// build/test-logs/&lt;name&gt;.log (or <paramref name="logDirectory"/>).
    /// </summary>
    public static class FuzzRunner
    {
        public static QemuResult Run(FuzzRun run, string logDirectory = null)
        {
            string guests = Path.Combine(RepoPaths.Build, "guests");
            var modules = new List<(byte[], string)>();
            foreach (var (guest, commandLine) in run.Modules)
            {
                string elf = Path.Combine(guests, guest + ".elf");
                if (!File.Exists(elf))
                    throw new FileNotFoundException(elf + " is missing: run make guests", elf);
                modules.Add((File.ReadAllBytes(elf), commandLine));
            }
            string packs = Path.Combine(RepoPaths.Build, "test-packs");
            Directory.CreateDirectory(packs);
            string pack = Path.Combine(packs, run.Name + ".pack");
            File.WriteAllBytes(pack, ModulePack.ModulePack.Build(modules));
            if (!File.Exists(RepoPaths.Image))
                throw new FileNotFoundException(RepoPaths.Image + " is missing: run make", RepoPaths.Image);
            var options = new QemuOptions
            {
                Name = run.Name,
                Image = RepoPaths.Image,
                Boot = BootMode.Pvh,
                Append = run.VmmCommandLine,
                Memory = "256M",
                Icount = true,
                Timeout = run.Timeout,
                LogDirectory = logDirectory,
            };
            options.Modules.Add(pack);
            QemuResult result = QemuRunner.Run(options);
            LongestEntryLog.Record(result);   // make bench: the fuzz runs count for vmm.longest_entry
            return result;
        }

        /// <summary>Runs every run of a campaign in sequence, judging each.</summary>
        public static CampaignVerdict RunAll(IEnumerable<FuzzRun> runs, FuzzLimits limits,
            System.Action<FuzzRun, QemuResult, RunVerdict> afterEach = null)
        {
            var verdict = new CampaignVerdict();
            foreach (FuzzRun run in runs.ToList())
            {
                QemuResult result = Run(run);
                RunVerdict v = RunVerdict.Judge(run, result, limits);
                verdict.Runs.Add((run, v));
                afterEach?.Invoke(run, result, v);
            }
            return verdict;
        }
    }
}
