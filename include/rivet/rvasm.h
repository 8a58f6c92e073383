/* RISC-V assembler (`rivet asm`): GNU-as syntax for RV32/RV64 I, M, A, F, D, C, Zicsr,
   Zifencei, encoded from the emulator's one instruction table (src/rv/isa.def).

   Pipeline: asm_assemble parses the text into sections of items (bytes, instructions with a
   symbolic operand, alignments, fills), lays them out (relaxing compressed branches and jumps
   that do not reach, as llvm-mc does), resolves what the assembler can and leaves relocations for
   the rest. The result, an asm_unit (sections with bytes and relocations, a symbol table), is
   the seam every output format starts from:
     - asm_write_obj: an ELF relocatable object, as llvm-mc -filetype=obj writes it;
     - asm_link: lays the sections out at an address and applies every relocation, giving an
       asm_image (loadable segments, entry, symbol addresses), which asm_write_exec writes as a
       static ELF executable and asm_write_bin as a flat image. A further container format takes
       an asm_image (or an asm_unit) the same way.
   Diagnostics are "file:line:column: error: message" strings; the assembler never stops at the
   first error of a file, reports each problem once, and never reads past its input. */
#ifndef RIVET_RVASM_H
#define RIVET_RVASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rivet/bytes.h"
#include "rivet/status.h"

typedef struct asm_opts {
    int xlen;            /* 32 or 64 */
    unsigned ext;        /* RV_EXT_* bits (rivet/rv.h); Zicsr and Zifencei are always accepted */
    unsigned max_errors; /* stop after this many errors (0: 50) */
    bool listing;        /* keep a listing (asm_unit.list) */
    bool no_include;     /* refuse .include (input that must not name files: the fuzzer) */
} asm_opts;

/* Parses an -march string: rv32 or rv64, then single-letter extensions from i, e (refused), m,
   a, f, d, c, g (= imafd + zicsr + zifencei), then "_zicsr", "_zifencei" (accepted, always on).
   Version numbers (rv64i2p0) are accepted and ignored. */
RIVET_MUST_USE rivet_status asm_parse_march(const char *march, asm_opts *o, rivet_diag *d);

/* ELF values used in asm_unit (the standard ones). */
enum {
    ASM_SHT_PROGBITS = 1,
    ASM_SHT_NOBITS = 8,
    ASM_SHF_WRITE = 1,
    ASM_SHF_ALLOC = 2,
    ASM_SHF_EXECINSTR = 4,
    ASM_STB_LOCAL = 0,
    ASM_STB_GLOBAL = 1,
    ASM_STB_WEAK = 2,
    ASM_STT_NOTYPE = 0,
    ASM_STT_OBJECT = 1,
    ASM_STT_FUNC = 2,
    ASM_SHN_UNDEF = 0,
    ASM_SHN_ABS = 0xfff1,
};

/* A relocation left for the linker: R_RISCV_* type at offset in its section, against symbol
   index sym of asm_unit.sym, with an explicit addend (the field in the bytes is zero). file
   (an index into asm_unit.srcs), line and col are the source position of the operand (for
   link-time diagnostics). */
typedef struct asm_reloc {
    uint64_t offset;
    uint32_t type;
    uint32_t sym;
    int64_t addend;
    uint32_t line, col, file;
} asm_reloc;

typedef struct asm_section {
    char *name;
    uint32_t type;  /* ASM_SHT_PROGBITS or ASM_SHT_NOBITS */
    uint64_t flags; /* ASM_SHF_* */
    uint64_t align;
    uint64_t size;
    uint8_t *data; /* size bytes, NULL for NOBITS */
    asm_reloc *rel;
    size_t nrel;
} asm_section;

/* A symbol-table entry. shndx is 1 + the index into asm_unit.sec, ASM_SHN_UNDEF or
   ASM_SHN_ABS; value is the offset in the section (or the value of an absolute symbol). */
typedef struct asm_symbol {
    char *name;
    uint32_t shndx;
    uint64_t value, size;
    uint8_t bind, type;
} asm_symbol;

/* One listing line: where the bytes of a source line went. */
typedef struct asm_list_line {
    uint32_t line;
    uint32_t sec; /* index into asm_unit.sec */
    uint64_t offset, len;
} asm_list_line;

/* The assembled module. sym[0] is the null symbol; locals come first, then from first_global
   on the global and weak ones (the ELF symbol table order). */
typedef struct asm_unit {
    int xlen;
    unsigned ext;  /* the -march extensions */
    bool rvc_flag; /* EF_RISCV_RVC */
    asm_section *sec;
    size_t nsec;
    asm_symbol *sym;
    size_t nsym, first_global;
    asm_list_line *list;
    size_t nlist;
    char *src; /* private copy of the source, for the listing */
    size_t srclen;
    char **srcs; /* the source files relocations point into: the main one, the included ones */
    size_t nsrcs;
} asm_unit;

/* Diagnostics, each "file:line:col: error: message" (or "warning:"). */
typedef struct asm_msgs {
    char **v;
    size_t n, cap;
    size_t errors, warnings;
} asm_msgs;

/* Assembles src[0..len) (need not be NUL-terminated; file names it in diagnostics). Returns the
   unit, or NULL when there were errors (all of them in msgs) or memory ran out. */
asm_unit *asm_assemble(const char *file, const char *src, size_t len, const asm_opts *o,
                       asm_msgs *msgs);
void asm_unit_free(asm_unit *u);
void asm_msgs_free(asm_msgs *m);

/* Writes the ELF relocatable object (appended to out). */
RIVET_MUST_USE rivet_status asm_write_obj(const asm_unit *u, rivet_buf *out, rivet_diag *d);

/* ---------------------------------------------------------------- linking */

enum { ASM_PROT_R = 4, ASM_PROT_W = 2, ASM_PROT_X = 1 }; /* as ELF p_flags */

typedef struct asm_link_opts {
    uint64_t base;     /* address of the first segment (page aligned); 0: ASM_DEFAULT_BASE */
    const char *entry; /* entry symbol; NULL: "_start" if defined, else the first text byte */
} asm_link_opts;

#define ASM_DEFAULT_BASE 0x80000000ull

typedef struct asm_segment {
    uint64_t vaddr, memsz, filesz;
    unsigned prot; /* ASM_PROT_* */
    uint8_t *data; /* filesz bytes */
} asm_segment;

/* A linked program: segments in address order (text, then read-only data, then writable data
   and bss; each starts on a page), the entry point, and every section's address. */
typedef struct asm_image {
    int xlen;
    bool rvc_flag;
    uint64_t entry;
    asm_segment *seg;
    size_t nseg;
    uint64_t *sec_addr; /* per asm_unit section; its symbols are at sec_addr + value */
    const asm_unit *unit;
} asm_image;

/* Lays the unit out and applies all relocations. Fails (with the source position in the
   message) on an undefined symbol, a value that does not fit its field, or an image that does
   not fit the address space. */
RIVET_MUST_USE rivet_status asm_link(const asm_unit *u, const asm_link_opts *lo, asm_image *img,
                                     rivet_diag *d);
void asm_image_free(asm_image *img);
/* A static ELF executable (ET_EXEC, one PT_LOAD per segment, section headers and symbols). */
RIVET_MUST_USE rivet_status asm_write_exec(const asm_image *img, rivet_buf *out, rivet_diag *d);
/* The flat image: bytes from the first segment's address to the end of the last initialised
   byte, gaps zero-filled (bss is not written). */
RIVET_MUST_USE rivet_status asm_write_bin(const asm_image *img, rivet_buf *out, rivet_diag *d);

/* Writes the listing ("offset  bytes  source") of a unit assembled with opts.listing. */
RIVET_MUST_USE rivet_status asm_write_listing(const asm_unit *u, rivet_buf *out, rivet_diag *d);

#endif
