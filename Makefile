# Ringwall build. `make` builds build/ringwall.elf, `make iso` the GRUB image,
# `make run` boots it in QEMU, `make test` runs every test, `make bench` measures,
# `make fuzz` runs the long fuzz campaign (docs/fuzz.md).
# build.ps1 calls these same targets: the build steps exist only here.

BUILD      := build
CONFIG     := Release
IL_DIR     := $(BUILD)/bin/Ringwall.Kernel/$(CONFIG)/netstandard2.0
ILC_VERSION := $(shell sed -n 's:.*<IlcVersion>\(.*\)</IlcVersion>.*:\1:p' Directory.Build.props)
NUGET_ROOT := $(or $(NUGET_PACKAGES),$(HOME)/.nuget/packages)
ILC        := $(NUGET_ROOT)/runtime.linux-x64.microsoft.dotnet.ilcompiler/$(ILC_VERSION)/tools/ilc
DOTNET     := dotnet
DOTNET_FLAGS := -nologo -v q -c $(CONFIG)
QEMU       := qemu-system-x86_64
QEMU_RUN_FLAGS := -M pc -cpu qemu64 -m 256M -display none -no-reboot -nodefaults \
                  -serial stdio -device isa-debug-exit,iobase=0xf4,iosize=0x04
RUN_TIMEOUT := 60
# Metrics make bench must obtain, or it writes nothing.
BENCH_METRICS := boot.instructions_to_banner,mmu.pte_update_in_batch_512,boot.instructions_to_first_guest,hypercall.null_round_trip,hypercall.entry_exit_floor,switch.vcpu_between_domains,event.send_to_upcall,timer.irq_to_upcall,syscall.guest_round_trip,syscall.native_round_trip,vmm.longest_entry

IMAGE      := $(BUILD)/ringwall.elf
ISO        := $(BUILD)/ringwall.iso
CS_SOURCES := $(shell find kernel drivers guestabi/generated -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*') \
              $(shell find kernel drivers -name '*.csproj' -o -name '*.props') Directory.Build.props
ASM_SOURCES := $(wildcard boot/*.asm) $(wildcard kernel/Arch/Asm/*.asm)
ASM_OBJECTS := $(patsubst %.asm,$(BUILD)/asm/%.o,$(ASM_SOURCES))

.DEFAULT_GOAL := all
include tools/AbiGen/abi.mk
include guestabi/guests.mk

.PHONY: all deps iso run run-iso debug test test-host test-boot bench fuzz check clean
.DELETE_ON_ERROR:

all: $(IMAGE)

# Debian packages the build needs (installs only what is missing), then NuGet.
deps:
	@tools/build/install-deps.sh

$(ILC): Directory.Build.props tools/build/IlcPackages.csproj | deps
	$(DOTNET) restore tools/build/IlcPackages.csproj -nologo -v q
	@test -x $@ || { echo "ILC $(ILC_VERSION) not found at $@ after restore" >&2; exit 1; }
	@touch $@

# 1. C# to IL (Roslyn, no .NET framework: Ringwall.CoreLib is the core library).
$(IL_DIR)/Ringwall.Kernel.dll: $(CS_SOURCES) | deps
	tools/build/check-unsafe-fence.sh
	$(DOTNET) build kernel/Arch/Ringwall.Kernel.csproj $(DOTNET_FLAGS)

# 2. IL to a native object (ILC).
$(BUILD)/ilc/kernel.o: $(IL_DIR)/Ringwall.Kernel.dll $(ILC) tools/build/ilc.rsp.in
	@mkdir -p $(@D)
	sed -e 's:@IL_DIR@:$(IL_DIR):g' -e 's:@OUT@:$(@D):g' tools/build/ilc.rsp.in > $(@D)/kernel.rsp
	$(ILC) @$(@D)/kernel.rsp

# 3. Assembly. BuildInfo.asm includes build/build-info.inc (the revision and the compiler,
# tools/build/build-info.sh), rewritten only when its text changes.
$(BUILD)/asm/%.o: %.asm $(wildcard kernel/Arch/Asm/*.inc) | deps
	@mkdir -p $(@D)
	nasm -f elf64 -w+all -I kernel/Arch/Asm/ -I $(BUILD)/ -o $@ $<

$(BUILD)/asm/kernel/Arch/Asm/BuildInfo.o: $(BUILD)/build-info.inc

$(BUILD)/build-info.inc: FORCE
	@tools/build/build-info.sh $@ $(ILC_VERSION)

.PHONY: FORCE
FORCE:

# 4. Link. The first link fixes every address; the symbol table of that image is
# then embedded in a section placed last, so the final link moves nothing.
$(IMAGE): $(BUILD)/ilc/kernel.o $(ASM_OBJECTS) boot/linker.ld tools/build/embed-symbols.sh
	tools/build/embed-symbols.sh $@ boot/linker.ld $(ASM_OBJECTS) $(BUILD)/ilc/kernel.o

iso: $(ISO)

$(ISO): $(IMAGE) boot/grub.cfg
	@mkdir -p $(BUILD)/iso/boot/grub
	cp $(IMAGE) $(BUILD)/iso/boot/ringwall.elf
	cp boot/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	grub-file --is-x86-multiboot2 $(BUILD)/iso/boot/ringwall.elf
	grub-mkrescue -o $@ $(BUILD)/iso 2>$(BUILD)/grub-mkrescue.log || { cat $(BUILD)/grub-mkrescue.log; exit 1; }

# The same image with two guests as multiboot2 modules (tests the module2 path).
GUEST_ISO := $(BUILD)/ringwall-guests.iso
$(GUEST_ISO): $(IMAGE) $(GUEST_OUT)/hello.elf boot/grub-guests.cfg
	@mkdir -p $(BUILD)/iso-guests/boot/grub
	cp $(IMAGE) $(GUEST_OUT)/hello.elf $(BUILD)/iso-guests/boot/
	cp boot/grub-guests.cfg $(BUILD)/iso-guests/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso-guests 2>$(BUILD)/grub-mkrescue-guests.log || { cat $(BUILD)/grub-mkrescue-guests.log; exit 1; }

# Boot the VMM in QEMU with two demo guests (a module pack: QEMU's PVH boot passes one
# module) and its console in this terminal; it ends when both guests have shut down.
DEMO_PACK := $(BUILD)/demo.pack
DEMO_GUESTS := $(GUEST_OUT)/hello.elf "name=alpha mem=16M -- who=alpha exit=0" \
               $(GUEST_OUT)/hello.elf "name=beta mem=16M -- who=beta exit=0"

$(DEMO_PACK): $(GUEST_ELFS) $(wildcard tools/ModulePack/Lib/*.cs tools/ModulePack/Cli/*.cs)
	$(MODULEPACK) -o $@ $(DEMO_GUESTS)

run: $(IMAGE) $(DEMO_PACK)
	timeout $(RUN_TIMEOUT) $(QEMU) $(QEMU_RUN_FLAGS) -kernel $(IMAGE) -initrd $(DEMO_PACK) -append "$(ARGS)"; \
	  status=$$?; tools/build/describe-exit.sh $$status

run-iso: $(ISO)
	timeout $(RUN_TIMEOUT) $(QEMU) $(QEMU_RUN_FLAGS) -cdrom $(ISO); \
	  status=$$?; tools/build/describe-exit.sh $$status

# Boot halted, waiting for gdb on localhost:1234 (see README.md, "Debugging").
debug: $(IMAGE)
	@echo "QEMU waits for gdb: gdb $(IMAGE) -ex 'target remote localhost:1234' -ex 'hbreak rw_kernel_main' -ex continue"
	$(QEMU) $(QEMU_RUN_FLAGS) -kernel $(IMAGE) -append "$(ARGS)" -s -S

check: abi-check
	tools/build/check-unsafe-fence.sh

test: $(IMAGE) $(ISO) $(GUEST_ISO) guests check
	tools/build/run-tests.sh

test-host: | deps
	tools/build/run-tests.sh host

test-boot: $(IMAGE) $(ISO) $(GUEST_ISO) guests
	tools/build/run-tests.sh boot

# The measuring guest (tests/guests/bench) runs after the VMM's own measurements.
BENCH_PACK := $(BUILD)/bench.pack
$(BENCH_PACK): $(GUEST_OUT)/bench.elf $(wildcard tools/ModulePack/Lib/*.cs tools/ModulePack/Cli/*.cs)
	$(MODULEPACK) -o $@ $(GUEST_OUT)/bench.elf "name=bench mem=16M -- eventping=1 pingpong=1 syscall=1 timer=1" \
	  $(GUEST_OUT)/bench.elf "name=partner mem=8M -- role=partner events=1"

# vmm.longest_entry: the hostile booted tests and the short fuzz campaign, every run under
# icount with entrystats (RINGWALL_ENTRYSTATS_LOG: tools/Qemu/LongestEntryLog.cs); each
# run's longest VMM entry is collected in ENTRY_LOG and the bench takes the largest.
FUZZ_JOBS ?= $(shell nproc 2>/dev/null || echo 1)
ENTRY_LOG := $(BUILD)/test-results/longest-entries.tsv
HOSTILE_TESTS := FullyQualifiedName~IsolationBreakTests|FullyQualifiedName~EntryLengthTests|FullyQualifiedName~CpuStarvationTests|FullyQualifiedName~EntryLeakTests|FullyQualifiedName~HostileScenarioTests|FullyQualifiedName~.A15_|FullyQualifiedName~FuzzTests

bench: $(IMAGE) $(BENCH_PACK) guests
	@mkdir -p $(dir $(ENTRY_LOG)) && rm -f $(ENTRY_LOG)
	RINGWALL_ENTRYSTATS_LOG=$(abspath $(ENTRY_LOG)) $(DOTNET) test tests/Boot/Ringwall.Tests.Boot.csproj -nologo -c $(CONFIG) \
	  --filter "$(HOSTILE_TESTS)"
	$(DOTNET) build tools/Bench/Bench.csproj $(DOTNET_FLAGS)
	$(DOTNET) $(BUILD)/bin/Bench/$(CONFIG)/net10.0/Bench.dll --elf $(IMAGE) --out docs/ --module $(BENCH_PACK) \
	  --expect-exit 0x20 --require $(BENCH_METRICS) --longest-entry-log $(ENTRY_LOG)

# The long fuzz campaign: 10 runs of 1,000,000 hypercalls (the fuzz guest next to a
# sentinel bystander and heartbeat, under icount), FUZZ_JOBS at a time (default: one per
# host CPU); about 1.5 hours on two CPUs. Prints
# and writes the verdict (build/fuzz/verdict-long.txt); fails when it does not hold.
# FUZZ_AVOID, FUZZ_MAX_GAP_MS and FUZZ_MAX_ENTRY adjust it (docs/fuzz.md).
fuzz: $(IMAGE) $(GUEST_OUT)/fuzz.elf $(GUEST_OUT)/sentinel.elf
	$(DOTNET) run --project tools/Fuzz/Cli -c $(CONFIG) -v q -- long --jobs $(FUZZ_JOBS)

clean:
	rm -rf $(BUILD)


