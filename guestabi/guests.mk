# C guest kernels for Ringwall: the support library (guestabi/lib) and the test guests
# (tests/guests). Included by the main Makefile; `make guests` builds
# build/guests/hello.elf and build/guests/testguest.elf. Nothing is installed: gcc and
# binutils from the machine are used. See docs/guests.md.

GUEST_CC  ?= $(if $(filter default undefined,$(origin CC)),gcc,$(CC))
GUEST_OUT := build/guests
GUEST_LD_SCRIPT := tests/guests/guest.ld
GUEST_ABI_HEADER := guestabi/include/ringwall/abi.h

GUEST_CFLAGS := -std=gnu11 -ffreestanding -nostdlib -mno-red-zone -mcmodel=kernel -fno-pic \
                -fno-pie -fno-stack-protector -O2 -Wall -Wextra -Werror -mgeneral-regs-only \
                -fno-tree-loop-distribute-patterns -fno-asynchronous-unwind-tables \
                -fno-omit-frame-pointer -g \
                -I guestabi/include -I guestabi/lib/include
GUEST_ASFLAGS := -I guestabi/include -I guestabi/lib/include
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,$(GUEST_LD_SCRIPT) -Wl,-z,max-page-size=4096 \
                 -Wl,-z,noexecstack -Wl,--build-id=none -Wl,--no-warn-rwx-segments

GUEST_LIB_SRCS := $(wildcard guestabi/lib/src/*.c guestabi/lib/src/*.S)
GUEST_LIB_HDRS := $(wildcard guestabi/lib/include/rwlib/*.h guestabi/lib/src/*.inc) $(GUEST_ABI_HEADER)
GUEST_LIB_OBJS := $(patsubst guestabi/lib/src/%,$(GUEST_OUT)/lib/%.o,$(GUEST_LIB_SRCS))

GUEST_NAMES := hello testguest bench spinner a13 multi fpu poller fuzz sentinel
GUEST_ELFS  := $(patsubst %,$(GUEST_OUT)/%.elf,$(GUEST_NAMES))

.PHONY: guests guests-check

guests: $(GUEST_ELFS)

$(GUEST_OUT)/lib/%.c.o: guestabi/lib/src/%.c $(GUEST_LIB_HDRS) guestabi/guests.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_OUT)/lib/%.S.o: guestabi/lib/src/%.S $(GUEST_LIB_HDRS) guestabi/guests.mk
	@mkdir -p $(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -c -o $@ $<

# One guest = every .c and .S file in tests/guests/<name>/.
define GUEST_template
$(1)_SRCS := $$(wildcard tests/guests/$(1)/*.c tests/guests/$(1)/*.S)
$(1)_HDRS := $$(wildcard tests/guests/$(1)/*.h)
$(1)_OBJS := $$(patsubst tests/guests/$(1)/%,$(GUEST_OUT)/$(1)/%.o,$$($(1)_SRCS))

$(GUEST_OUT)/$(1)/%.c.o: tests/guests/$(1)/%.c $$($(1)_HDRS) $(GUEST_LIB_HDRS) guestabi/guests.mk
	@mkdir -p $$(@D)
	$(GUEST_CC) $(GUEST_CFLAGS) -I tests/guests/$(1) -c -o $$@ $$<

$(GUEST_OUT)/$(1)/%.S.o: tests/guests/$(1)/%.S $(GUEST_LIB_HDRS) guestabi/guests.mk
	@mkdir -p $$(@D)
	$(GUEST_CC) $(GUEST_ASFLAGS) -c -o $$@ $$<

$(GUEST_OUT)/$(1).elf: $$($(1)_OBJS) $(GUEST_LIB_OBJS) $(GUEST_LD_SCRIPT)
	$(GUEST_CC) $(GUEST_LDFLAGS) -o $$@ $$($(1)_OBJS) $(GUEST_LIB_OBJS)
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call GUEST_template,$(g))))

# Checks the layout the domain builder relies on (PT_NOTE with the Xen notes, PT_LOAD at
# the virtual base, page-aligned segments, a page-aligned hypercall page).
guests-check: $(GUEST_ELFS)
	python3 tests/guests/check-elf.py $(GUEST_ELFS)

# A module pack of guests for `qemu-system-x86_64 -kernel build/ringwall.elf -initrd
# build/guests.pack` (see docs/guests.md). Override GUEST_PACK_ARGS for other guests.
DOTNET ?= dotnet
GUEST_PACK := build/guests.pack
GUEST_PACK_ARGS ?= $(GUEST_OUT)/hello.elf "name=hello mem=16M -- who=hello exit=0" \
                   $(GUEST_OUT)/testguest.elf "name=testguest mem=16M -- scenarios=console,version,sched,unknown,mmu,multicall,vmmread"
MODULEPACK := $(DOTNET) run --project tools/ModulePack/Cli -c Release -v q --

.PHONY: guests-pack
guests-pack: $(GUEST_PACK)

$(GUEST_PACK): $(GUEST_ELFS) $(wildcard tools/ModulePack/Lib/*.cs tools/ModulePack/Cli/*.cs)
	$(MODULEPACK) -o $@ $(GUEST_PACK_ARGS)
