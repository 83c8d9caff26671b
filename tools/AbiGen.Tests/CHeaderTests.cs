using System.Diagnostics;
using System.IO;
using Xunit;

namespace Ringwall.Tools.AbiGen.Tests;

/// <summary>ringwall/abi.h compiles freestanding under gcc, and its layouts hold from C.</summary>
public class CHeaderTests
{
    const string Flags = "-ffreestanding -nostdinc -mno-red-zone -Wall -Wextra -Werror";

    static (int Code, string Output) Gcc(string arguments)
    {
        var start = new ProcessStartInfo("gcc", arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = RepoRoot.Path,
        };
        using var process = Process.Start(start);
        string output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void TheHeaderCompilesFreestanding()
    {
        var (code, output) = Gcc(Flags + " -fsyntax-only -x c guestabi/include/ringwall/abi.h");
        Assert.True(code == 0, output);
    }

    [Fact]
    public void AGuestFileIncludingItSeesXensLayouts()
    {
        string source = Path.Combine(Path.GetTempPath(), "abigen-" + System.Guid.NewGuid().ToString("N") + ".c");
        File.WriteAllText(source, """
            #include <ringwall/abi.h>
            _Static_assert(sizeof(struct start_info) == 1168, "start_info");
            _Static_assert(__builtin_offsetof(struct start_info, cmd_line) == 128, "cmd_line");
            _Static_assert(__builtin_offsetof(struct start_info, console.domU.evtchn) == 80, "console evtchn");
            _Static_assert(sizeof(struct shared_info) == 3136, "shared_info");
            _Static_assert(__builtin_offsetof(struct shared_info, vcpu_info[1].evtchn_upcall_mask) == 65, "vcpu 1 mask");
            _Static_assert(__builtin_offsetof(struct shared_info, arch.max_pfn) == 3088, "arch");
            _Static_assert(sizeof(struct mmuext_op) == 24 && sizeof(struct multicall_entry) == 64, "batches");
            _Static_assert(__HYPERVISOR_sched_op == 29 && __HYPERVISOR_console_io == 18, "numbers");
            _Static_assert(FLAT_RING1_CS == 0x19 && RW_EFAULT == 14, "constants");
            long guest_exit(int code)
            {
                struct sched_ringwall_exit exit = { SHUTDOWN_poweroff, code };
                HYPERVISOR_console_io(CONSOLEIO_write, 3, "bye");
                return HYPERVISOR_sched_op(SCHEDOP_ringwall_exit, &exit);
            }
            """);
        try
        {
            var (code, output) = Gcc(Flags + " -O2 -Iguestabi/include -c -o /dev/null " + source);
            Assert.True(code == 0, output);
            (code, output) = Gcc(Flags + " -O0 -std=c11 -pedantic -Iguestabi/include -c -o /dev/null " + source);
            Assert.True(code == 0, output);
        }
        finally
        {
            File.Delete(source);
        }
    }
}
