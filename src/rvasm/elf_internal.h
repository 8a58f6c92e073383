/* Internals shared by the ELF writers (elf_obj.c, elf_exec.c) and the linker (link.c). */
#ifndef RIVET_RVASM_ELF_INTERNAL_H
#define RIVET_RVASM_ELF_INTERNAL_H

#include "rvasm/rvasm_internal.h"

typedef struct elfw {
    rivet_buf *b;
    bool is64;
    bool oom;
} elfw;
typedef struct strtab {
    rivet_buf b;
} strtab;
typedef struct shdr {
    uint32_t name, type;
    uint64_t flags, addr, offset, size;
    uint32_t link, info;
    uint64_t align, entsize;
} shdr;

enum { SHT_SYMTAB_ = 2, SHT_STRTAB_ = 3, SHT_RELA_ = 4, SHF_INFO_LINK_ = 0x40 };
enum { PAGE = 4096 };

void asm_w_le(elfw *w, uint64_t v, unsigned n);
void asm_w_pad(elfw *w, size_t base, uint64_t align);
void asm_w_bytes(elfw *w, const void *p, size_t n);
uint32_t asm_str_add(strtab *s, const char *str, bool *oom);
void asm_w_ehdr(elfw *w, unsigned type, uint64_t entry, uint64_t phoff, unsigned phnum,
                uint64_t shoff, unsigned shnum, unsigned shstrndx, uint32_t flags);
void asm_w_shdr(elfw *w, const shdr *s);
void asm_w_sym(elfw *w, uint32_t name, uint64_t value, uint64_t size, uint8_t info, uint16_t shndx);
uint64_t asm_align_up(uint64_t v, uint64_t a);
int asm_sec_group(const asm_section *s);

#endif
