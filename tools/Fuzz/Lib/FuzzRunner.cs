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

        /// <summary>
        /// Runs every run of a campaign, <paramref name="jobs"/> QEMU runs at a time (1: in
        /// sequence), judging each; <paramref name="afterEach"/> is called once per run as it
        /// ends (never two at once), and the verdict keeps the campaign's order. Under icount a
        /// run's guest-time figures do not depend on what else the host runs; only its wall
        /// time (and so its timeout's margin) does.
        /// </summary>
        public static CampaignVerdict RunAll(IEnumerable<FuzzRun> runs, FuzzLimits limits,
            System.Action<FuzzRun, QemuResult, RunVerdict> afterEach = null, int jobs = 1)
        {
            if (jobs < 1)
                throw new System.ArgumentOutOfRangeException(nameof(jobs), jobs, "at least one run at a time");
            List<FuzzRun> list = runs.ToList();
            var verdicts = new RunVerdict[list.Count];
            var gate = new object();
            var parallel = new System.Threading.Tasks.ParallelOptions { MaxDegreeOfParallelism = jobs };
            System.Threading.Tasks.Parallel.For(0, list.Count, parallel, i =>
            {
                QemuResult result = Run(list[i]);
                RunVerdict v = RunVerdict.Judge(list[i], result, limits);
                lock (gate)
                {
                    verdicts[i] = v;
                    afterEach?.Invoke(list[i], result, v);
                }
            });
            var verdict = new CampaignVerdict();
            for (int i = 0; i < list.Count; i++)
                verdict.Runs.Add((list[i], verdicts[i]));
            return verdict;
        }
    }
}
