#!/usr/bin/env python3
"""Checks the ELF layout the Ringwall domain builder relies on, for each guest given:
ELF64 x86-64 ET_EXEC; a PT_NOTE holding the Xen notes HYPERCALL_PAGE (type 2) and
VIRT_BASE (type 3, 0xFFFFFFFF80000000); the first PT_LOAD at the virtual base; every
PT_LOAD page-aligned with p_vaddr % 4096 == p_offset % 4096 and inside the file; the
hypercall page (symbol hypercall_page) page-aligned, 4096 bytes, inside an executable
PT_LOAD and named by the note; the entry point inside an executable PT_LOAD."""
import struct
import sys

VIRT_BASE = 0xFFFFFFFF80000000


def check(path):
    errors = []
    data = open(path, "rb").read()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return ["not a little-endian ELF64 file"]
    e_type, e_machine, _, e_entry, e_phoff, e_shoff, _, _, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx = \
        struct.unpack_from("<HHIQQQIHHHHHH", data, 16)
    if e_type != 2:
        errors.append("not ET_EXEC")
    if e_machine != 62:
        errors.append("not x86-64")
    loads, notes = [], {}
    for i in range(e_phnum):
        p_type, p_flags, p_offset, p_vaddr, _, p_filesz, p_memsz, _ = struct.unpack_from("<IIQQQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == 1:
            loads.append((p_vaddr, p_memsz, p_flags, p_offset, p_filesz))
            if p_vaddr % 4096 or p_vaddr % 4096 != p_offset % 4096:
                errors.append(f"PT_LOAD {p_vaddr:#x} offset {p_offset:#x} not page-aligned/congruent")
            if p_filesz and p_offset + p_filesz > len(data):
                errors.append(f"PT_LOAD {p_vaddr:#x} extends beyond the file")
        elif p_type == 4:
            off, end = p_offset, p_offset + p_filesz
            while off + 12 <= end:
                namesz, descsz, ntype = struct.unpack_from("<III", data, off)
                name = data[off + 12:off + 12 + namesz].rstrip(b"\0")
                desc_off = off + 12 + ((namesz + 3) & ~3)
                desc = data[desc_off:desc_off + descsz]
                if name == b"Xen":
                    notes[ntype] = desc
                off = desc_off + ((descsz + 3) & ~3)
    if not notes:
        errors.append("no PT_NOTE with Xen notes")
    if not loads or loads[0][0] != VIRT_BASE:
        errors.append(f"first PT_LOAD not at {VIRT_BASE:#x}")
    for a, b in zip(loads, loads[1:]):
        if a[0] + a[1] > b[0]:
            errors.append(f"PT_LOAD {a[0]:#x} overlaps {b[0]:#x}")

    def value(t):
        d = notes.get(t)
        return struct.unpack("<Q", d)[0] if d is not None and len(d) == 8 else None

    if value(3) != VIRT_BASE:
        errors.append("XEN_ELFNOTE_VIRT_BASE missing or wrong")
    symbols = {}
    for i in range(e_shnum):
        sh = struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize)
        if sh[1] == 2:  # SHT_SYMTAB
            strtab = struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + sh[6] * e_shentsize)
            for j in range(sh[5] // 24):
                st_name, _, _, _, st_value, st_size = struct.unpack_from("<IBBHQQ", data, sh[4] + j * 24)
                s = data[strtab[4] + st_name:data.index(b"\0", strtab[4] + st_name)].decode()
                symbols[s] = (st_value, st_size)
    hp = symbols.get("hypercall_page")

    def in_exec_load(addr, size):
        return any(v <= addr and addr + size <= v + m and f & 1 for v, m, f, _, _ in loads)

    if hp is None:
        errors.append("no hypercall_page symbol")
    else:
        if value(2) != hp[0]:
            errors.append(f"XEN_ELFNOTE_HYPERCALL_PAGE {value(2)} is not hypercall_page {hp[0]:#x}")
        if hp[0] % 4096 or hp[1] != 4096:
            errors.append(f"hypercall_page {hp[0]:#x} size {hp[1]} not one aligned page")
        if not in_exec_load(hp[0], 4096):
            errors.append("hypercall page not inside an executable PT_LOAD")
    entry = value(1) if value(1) is not None else e_entry
    if not in_exec_load(entry, 1):
        errors.append(f"entry {entry:#x} not inside an executable PT_LOAD")
    if value(1) is not None and value(1) != e_entry:
        errors.append("XEN_ELFNOTE_ENTRY differs from e_entry")
    return errors


status = 0
for path in sys.argv[1:]:
    errs = check(path)
    for e in errs:
        print(f"check-elf: {path}: {e}", file=sys.stderr)
    if errs:
        status = 1
    else:
        print(f"check-elf: {path} ok")
sys.exit(status)
