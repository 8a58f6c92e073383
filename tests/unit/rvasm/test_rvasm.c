/* rivet asm: the table-driven encoder against the decoder (every row, random operands), li
   sequences by evaluation, the prototype assembler's bugs (docs/research hybrid.md §5), and
   error reporting (file:line:col, no duplicates, no crash). Expected bytes come from
   llvm-mc-14 -filetype=obj on the same source. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>

#include "rivet/rv.h"
#include "rivet/rvasm.h"
#include "rvasm/rvasm_internal.h"

/* ---------------------------------------------------------------- helpers */

static asm_unit *assemble(const char *march, const char *src, asm_msgs *m)
{
    asm_opts o = {0};
    assert_int_equal(asm_parse_march(march, &o, NULL), RIVET_OK);
    memset(m, 0, sizeof *m);
    return asm_assemble("t.s", src, strlen(src), &o, m);
}

static const asm_section *section(const asm_unit *u, const char *name)
{
    for (size_t i = 0; i < u->nsec; i++)
        if (!strcmp(u->sec[i].name, name)) return &u->sec[i];
    fail_msg("no section %s", name);
    return NULL;
}

/* The hex of bytes [off, off+len) of a section (len 0: to the end). */
static char *hex_of(const asm_section *s, size_t off, size_t len)
{
    if (!len) len = s->size - off;
    assert_true(off + len <= s->size);
    char *h = malloc(2 * len + 1);
    hex_encode(h, s->data + off, len);
    return h;
}

static void expect_text(const char *march, const char *src, size_t off, size_t len, const char *hex)
{
    asm_msgs m;
    asm_unit *u = assemble(march, src, &m);
    if (!u) fail_msg("assembly failed: %s", m.n ? m.v[0] : "?");
    char *h = hex_of(section(u, ".text"), off, len);
    if (strcmp(h, hex)) fail_msg("source:\n%s\nexpected %s\n     got %s", src, hex, h);
    free(h);
    asm_unit_free(u);
    asm_msgs_free(&m);
}

/* Assembly must fail; the first diagnostic must contain want. Returns the message count. */
static size_t expect_error(const char *march, const char *src, const char *want)
{
    asm_msgs m;
    asm_unit *u = assemble(march, src, &m);
    if (u) fail_msg("assembled, expected an error containing '%s':\n%s", want, src);
    assert_true(m.n >= 1);
    assert_true(m.errors >= 1);
    if (!strstr(m.v[0], want)) fail_msg("expected '%s', got '%s'", want, m.v[0]);
    for (size_t i = 0; i < m.n; i++) /* file:line:col: error|warning: message */
        assert_true(!strncmp(m.v[i], "t.s:", 4) &&
                    (strstr(m.v[i], ": error: ") || strstr(m.v[i], ": warning: ")));
    size_t n = m.n;
    asm_msgs_free(&m);
    return n;
}

/* ---------------------------------------------------------------- encoder vs decoder */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int64_t rnd_range(int64_t lo, int64_t hi, int64_t mult)
{
    int64_t v = lo + (int64_t)(rnd() % (uint64_t)(hi - lo + 1));
    v -= ((v % mult) + mult) % mult;
    if (v < lo) v += mult;
    return v;
}

/* Random operand values valid for a row's letters (the constraints the encoder checks). */
static void random_operands(unsigned row, int xlen, asm_minst *m)
{
    const rv_insn_desc *r = &rv_insn_table[row];
    memset(m, 0, sizeof *m);
    m->row = (uint16_t)row;
    int reg = 1 + (int)(rnd() % 31);
    for (const char *p = r->operands; *p; p++) {
        bool cl = *p == 'C';
        char c = cl ? *++p : *p;
        if (!cl) {
            switch (c) {
            case 'd':
            case 'D': m->rd = (uint8_t)(rnd() % 32); break;
            case 's':
            case 'S': m->rs1 = (uint8_t)(rnd() % 32); break;
            case 't':
            case 'T': m->rs2 = (uint8_t)(rnd() % 32); break;
            case 'R': m->rs3 = (uint8_t)(rnd() % 32); break;
            case 'j':
            case 'o':
            case 'q': m->imm = rnd_range(-2048, 2047, 1); break;
            case 'u': m->imm = rnd_range(0, 0xfffff, 1); break;
            case 'p': m->imm = rnd_range(-4096, 4094, 2); break;
            case 'a': m->imm = rnd_range(-1048576, 1048574, 2); break;
            case '>': m->imm = rnd_range(0, 63, 1); break;
            case '<':
            case 'Z': m->imm = rnd_range(0, 31, 1); break;
            case 'E': m->csr = (uint16_t)(rnd() % 4096); break;
            case 'm': m->rm = (uint8_t)((const int[]){0, 1, 2, 3, 4, 7})[rnd() % 6]; break;
            case 'P': m->rm = (uint8_t)((m->rm & 15) | (1 + rnd() % 15) << 4); break;
            case 'Q': m->rm = (uint8_t)((m->rm & 0xf0) | (1 + rnd() % 15)); break;
            default: break;
            }
            continue;
        }
        switch (c) {
        case 'd':
        case 'w':
        case 'D':
            do
                m->rd = (uint8_t)(1 + rnd() % 31);
            while (row == RV_I_c_lui && m->rd == 2);
            break;
        case 'e': m->rd = m->rs1 = (uint8_t)reg; break;
        case 's': m->rs1 = (uint8_t)(1 + rnd() % 31); break;
        case 't':
        case 'T': m->rs2 = (uint8_t)(rnd() % 32); break;
        case 'k': m->rs2 = (uint8_t)(1 + rnd() % 31); break;
        case '1':
        case '5': m->rd = (uint8_t)(8 + rnd() % 8); break;
        case '2': m->rs1 = (uint8_t)(8 + rnd() % 8); break;
        case '3':
        case '6': m->rs2 = (uint8_t)(8 + rnd() % 8); break;
        case '4': m->rd = m->rs1 = (uint8_t)(8 + rnd() % 8); break;
        case 'j':
            m->imm = rnd_range(-32, 31, 1);
            if (row == RV_I_c_addi && !m->imm) m->imm = 1;
            break;
        case 'u': m->imm = rnd() & 1 ? rnd_range(1, 31, 1) : rnd_range(0xfffe0, 0xfffff, 1); break;
        case '>': m->imm = rnd_range(1, xlen == 32 ? 31 : 63, 1); break;
        case 'l': m->imm = rnd_range(0, 124, 4); break;
        case 'm': m->imm = rnd_range(0, 248, 8); break;
        case 'L':
        case 'S': m->imm = rnd_range(0, 252, 4); break;
        case 'M':
        case 'N': m->imm = rnd_range(0, 504, 8); break;
        case 'K': m->imm = rnd_range(4, 1020, 4); break;
        case 'I':
            do
                m->imm = rnd_range(-512, 496, 16);
            while (!m->imm);
            break;
        case 'p': m->imm = rnd_range(-256, 254, 2); break;
        case 'a': m->imm = rnd_range(-2048, 2046, 2); break;
        case 'x': m->rs1 = 2; break;
        case 'y': m->rd = m->rs1 = 2; break;
        case 'r': m->rd = 1; break;
        default: break;
        }
    }
    if (r->ext & RV_EXT_A) m->aqrl = (uint8_t)(rnd() % 4);
}

/* The immediate as rv_decode reports it. */
static int64_t decoded_imm(unsigned row, const asm_minst *m)
{
    const char *ops = rv_insn_table[row].operands;
    for (const char *p = ops; *p; p++) {
        if (*p == 'u' && (p == ops || p[-1] != 'C')) return (int32_t)((uint32_t)m->imm << 12);
        if (*p == 'C' && p[1] == 'u') return (int64_t)((uint64_t)m->imm << 44) >> 32;
    }
    return m->imm;
}

static void every_row_decodes_back(void **state)
{
    unsigned checked = 0;
    for (int xlen = 32; xlen <= 64; xlen += 32) {
        for (unsigned row = 1; row < RV_INSN_COUNT; row++) {
            const rv_insn_desc *r = &rv_insn_table[row];
            if ((r->ext & RVE_X64) && xlen != 64) continue;
            if ((r->ext & RVE_X32) && xlen != 32) continue;
            if (row == RV_I_c_unimp) continue;
            if (r->ext & RV_EXT_XZKVM) continue; /* zkVM rows: outside RV_EXT_GC */
            for (int k = 0; k < 300; k++) {
                asm_minst m;
                random_operands(row, xlen, &m);
                uint32_t bits;
                int bad;
                const char *e = asm_encode(&m, xlen, &bits, &bad);
                if (e) fail_msg("%s (RV%d): operands rejected: %s", r->name, xlen, e);
                rv_insn in;
                if (!rv_decode(bits, xlen, RV_EXT_GC, &in))
                    fail_msg("%s (RV%d): 0x%08x does not decode", r->name, xlen, bits);
                if (in.id != row)
                    fail_msg("%s (RV%d): 0x%08x decodes as %s", r->name, xlen, bits,
                             rv_insn_name(in.id));
                assert_int_equal(in.len, asm_row_len(row));
                bool fprd = strchr(r->operands, 'D') || strstr(r->operands, "C5");
                unsigned rd = in.rd == 32 && !fprd ? 0 : in.rd;
                if (rd != m.rd || in.rs1 != m.rs1 || in.rs2 != m.rs2 || in.rs3 != m.rs3 ||
                    in.imm != decoded_imm(row, &m) || in.csr != m.csr)
                    fail_msg(
                        "%s (RV%d) 0x%08x: fields differ: rd %u/%u rs1 %u/%u rs2 %u/%u imm %d/%lld",
                        r->name, xlen, bits, rd, m.rd, in.rs1, m.rs1, in.rs2, m.rs2, in.imm,
                        (long long)decoded_imm(row, &m));
                bool has_rm = false, has_fence = false;
                for (const char *p = r->operands; *p; p++) {
                    if (*p == 'C') {
                        p++;
                        continue;
                    }
                    if (*p == 'm') has_rm = true;
                    if (*p == 'P') has_fence = true;
                }
                if (has_rm || has_fence) assert_int_equal(in.rm, m.rm);
                if (r->ext & RV_EXT_A) assert_int_equal(in.rm, m.aqrl);
                checked++;
            }
        }
    }
    assert_true(checked > 100000);
}

/* One spelling per operation: moves, loads of small constants, commutative operands. */
static void canon(rv_insn *in, int xlen)
{
    if (xlen == 32 && in->op == RV_OP_ADDIW) in->op = RV_OP_ADDI; /* RV32 executes addi as addiw */
    if (xlen == 32 && in->op == RV_OP_ADDW) in->op = RV_OP_ADD;
    if ((in->op == RV_OP_ADDI && in->imm == 0) ||
        (in->op == RV_OP_ADD && (in->rs1 == 0 || in->rs2 == 0))) {
        in->rs1 = in->op == RV_OP_ADDI ? in->rs1 : (uint8_t)(in->rs1 | in->rs2);
        in->op = 0xffff; /* mv */
        in->rs2 = 0;
        in->imm = 0;
    }
    if ((in->op == RV_OP_ADDI || in->op == RV_OP_ADDIW) && in->rs1 == 0) in->op = 0xfffe; /* li */
    bool comm = in->op == RV_OP_ADD || in->op == RV_OP_AND || in->op == RV_OP_OR ||
                in->op == RV_OP_XOR || in->op == RV_OP_ADDW || in->op == RV_OP_MUL;
    if (comm && in->rs1 > in->rs2) {
        uint8_t t = in->rs1;
        in->rs1 = in->rs2;
        in->rs2 = t;
    }
}

/* Every compression decodes to the operation of the instruction it replaces. */
static void compression_preserves_semantics(void **state)
{
    unsigned compressed = 0;
    for (int xlen = 32; xlen <= 64; xlen += 32)
        for (unsigned row = 1; row < RV_INSN_COUNT; row++) {
            const rv_insn_desc *r = &rv_insn_table[row];
            if (asm_row_len(row) != 4 || ((r->ext & RVE_X64) && xlen != 64) ||
                ((r->ext & RVE_X32) && xlen != 32))
                continue;
            for (int k = 0; k < 2000; k++) {
                asm_minst m, cm;
                random_operands(row, xlen, &m);
                /* small values and the compressible registers, often */
                if (rnd() & 1) m.imm = rnd_range(-64, 64, rnd() & 1 ? 8 : 1);
                if (rnd() & 1)
                    m.rd = (uint8_t)(8 + rnd() % 8),
                    m.rs1 = rnd() & 1 ? m.rd : (uint8_t)(8 + rnd() % 8);
                if (rnd() & 3) m.rs2 = rnd() & 1 ? 0 : (uint8_t)(8 + rnd() % 8);
                if (!(rnd() & 7)) m.rs1 = 2;
                uint32_t bits, cbits;
                int bad;
                if (asm_encode(&m, xlen, &bits, &bad)) continue;
                unsigned crow = asm_compress(&m, xlen, RV_EXT_GC, false, &cm);
                if (!crow) continue;
                assert_int_equal(asm_encode(&cm, xlen, &cbits, &bad), NULL);
                rv_insn a, b;
                assert_true(rv_decode(bits, xlen, RV_EXT_GC, &a));
                assert_true(rv_decode(cbits, xlen, RV_EXT_GC, &b));
                assert_int_equal(b.len, 2);
                canon(&a, xlen);
                canon(&b, xlen);
                if (a.op != b.op || a.rd != b.rd || a.rs1 != b.rs1 || a.rs2 != b.rs2 ||
                    a.imm != b.imm)
                    fail_msg("%s 0x%08x compressed to %s 0x%04x with other semantics", r->name,
                             bits, rv_insn_name(b.id), cbits);
                compressed++;
            }
        }
    assert_true(compressed > 1000);
}

/* li: the sequence computes the value (lui/addi/addiw/slli/srli evaluated). */
static void li_sequences_compute_the_value(void **state)
{
    for (int k = 0; k < 200000; k++) {
        int64_t v = (int64_t)rnd();
        switch (k % 5) {
        case 1: v >>= rnd() % 64; break;
        case 2: v &= (int64_t)0xfff << (rnd() % 52); break;
        case 3: v = (int64_t)(((uint64_t)1 << (rnd() % 64)) - rnd() % 3); break;
        case 4: v = (int32_t)v; break;
        default: break;
        }
        for (int xlen = 32; xlen <= 64; xlen += 32) {
            int64_t want = xlen == 32 ? (int32_t)v : v;
            asm_li_step s[8];
            unsigned n = asm_li_seq(v, xlen, s);
            assert_true(n >= 1 && n <= 8);
            int64_t x = 0;
            for (unsigned i = 0; i < n; i++) {
                switch (s[i].row) {
                case RV_I_lui: x = (int32_t)((uint32_t)s[i].imm << 12); break;
                case RV_I_addi: x = (int64_t)((uint64_t)x + (uint64_t)s[i].imm); break;
                case RV_I_addiw: x = (int32_t)(uint32_t)((uint64_t)x + (uint64_t)s[i].imm); break;
                case RV_I_slli: x = (int64_t)((uint64_t)x << s[i].imm); break;
                case RV_I_srli: x = (int64_t)((uint64_t)x >> s[i].imm); break;
                default: fail_msg("unexpected step");
                }
                if (xlen == 32) x = (int32_t)x;
            }
            if (x != want)
                fail_msg("li 0x%llx (RV%d): sequence gives 0x%llx", (unsigned long long)v, xlen,
                         (unsigned long long)x);
            if (xlen == 32) assert_true(n <= 2);
        }
    }
}

/* ---------------------------------------------------------------- hybrid.md §5: the prototype's
 * bugs */

/* 1. A label on the same line as an instruction. */
static void bug_label_on_same_line(void **state)
{
    expect_text("rv64im", "start: addi a0, zero, 1\nL: ecall\nj L\nbeq a0, a1, start\n", 0, 0,
                "13051000730000006ff0dfffe30ab5fe");
}

/* 2. Branch and jump ranges are checked on the pc-relative offset, not on the label's address:
   labels above 4 KiB (and 1 MiB) work; a branch that really is out of reach is an error. */
static void bug_range_checked_on_offset(void **state)
{
    expect_text("rv64im",
                ".zero 8192\nL: nop\nbeq a0, a1, L\nbne a0, a1, M\njal L\n.zero 4000\nM: nop\n",
                8192, 16, "13000000e30eb5fee314b57aeff05fff");
    expect_text("rv64im", ".zero 0x200000\nL: nop\nj L\n", 0x200000, 8, "130000006ff0dfff");
    expect_error("rv64im", "beq a0, a1, L\n.zero 5000\nL: nop\n",
                 "t.s:1:13: error: branch offset 5004 out of range");
    expect_error("rv64im", "j L\n.zero 0x100000\nL: nop\n", "t.s:1:3: error: jump offset");
}

/* 3. A bare number as a branch or jump target is a pc-relative offset (as llvm-mc). */
static void bug_numeric_target_is_offset(void **state)
{
    expect_text("rv64im", ".zero 0x100\nbeq ra, sp, 8\nbne a0, a1, -8\njal ra, 16\nj -4\n", 0x100,
                0, "63842000e31cb5feef0000016ff0dfff");
}

/* 4. auipc with a label: %pcrel_hi gives the pc-relative high part (rounded for the low part);
   a bare label is refused with a hint instead of silently encoding its address. */
static void bug_auipc_label(void **state)
{
    expect_text("rv64im",
                "nop\n.zero 0x1230\nL: auipc a0, %pcrel_hi(M)\naddi a0, a0, %pcrel_lo(L)\n.zero "
                "0x12345\nM: nop\n",
                4 + 0x1230, 8, "172501001305d534");
    expect_error("rv64im", "L: nop\nauipc a0, L\n",
                 "t.s:2:11: error: operand must be a symbol with a %pcrel_hi");
}

/* 5. Negative hex and binary literals (and octal, char, ~). */
static void bug_negative_hex_binary(void **state)
{
    expect_text(
        "rv64im",
        "addi a0, zero, -0x10\naddi a1, zero, 0b101\naddi a2, zero, -0b11\naddi a3, zero, 017\n"
        "addi a4, zero, 'A'\naddi a5, zero, '\\n'\naddi a6, zero, ~0x7\n",
        0, 0, "130500ff930550001306d0ff9306f000130710049307a000130880ff");
}

/* 6. Char literals, %hi/%lo, lw rd, label, jalr rd, off(rs), fence/ebreak/CSR, RV64 ld/sd, C. */
static void bug_char_literals(void **state)
{
    expect_text("rv64im", "li a0, 'z'\n.byte 'a', '\\'', '\\\\', '#'\n", 0, 0, "1305a00761275c23");
}

static void bug_hi_lo(void **state)
{
    expect_text("rv64im",
                "lui a0, %hi(0x12345fff)\naddi a0, a0, %lo(0x12345fff)\nlui a1, %hi(-0x801)\nsw "
                "a2, %lo(-0x801)(a1)\n",
                0, 0, "376534121305f5ffb7f5ffffa3afc57e");
    /* with a symbol: R_RISCV_HI20 / LO12_I against it */
    asm_msgs m;
    asm_unit *u = assemble("rv64im", "lui a0, %hi(ext)\naddi a0, a0, %lo(ext+4)\n", &m);
    assert_non_null(u);
    const asm_section *t = section(u, ".text");
    assert_int_equal(t->nrel, 2);
    assert_int_equal(t->rel[0].type, 26);
    assert_int_equal(t->rel[1].type, 27);
    assert_int_equal(t->rel[1].addend, 4);
    assert_string_equal(u->sym[t->rel[0].sym].name, "ext");
    asm_unit_free(u);
    asm_msgs_free(&m);
}

static void bug_load_store_label(void **state)
{
    expect_text("rv64im", "lw a0, val\nsw a0, val, t0\nld a1, val\nnop\nval: .word 7\n", 0, 0,
                "170500000325c5019702000023aaa2009705000083b5c5001300000007000000");
}

static void bug_jalr_offset(void **state)
{
    expect_text("rv64im", "jalr t0, 16(a0)\njalr ra, -4(sp)\njalr a1\njr t1\nret\njalr a0, 0(a1)\n",
                0, 0,
                "e7020501e700c1ffe78005006700030067800000"
                "67850500");
}

static void bug_fence_ebreak_csr(void **state)
{
    expect_text(
        "rv64im",
        "fence\nfence rw, w\nfence.i\nebreak\necall\ncsrrw a0, mstatus, a1\ncsrrs a0, 0x340, zero\n"
        "csrrwi zero, frm, 3\ncsrr t0, cycle\n",
        0, 0, "0f00f00f0f0010030f1000007300100073000000739505307325003473d02100f32200c0");
}

static void bug_rv64_ld_sd(void **state)
{
    expect_text("rv64im", "ld a0, 8(sp)\nsd a1, -16(s0)\nlwu a2, 4(a3)\naddiw a0, a0, 1\n", 0, 0,
                "033581002338b4fe03e646001b051500");
    expect_error("rv32im", "ld a0, 8(sp)\n",
                 "t.s:1:1: error: instruction requires the following: RV64I");
}

static void bug_c_extension(void **state)
{
    expect_text(
        "rv64imac",
        "addi a0, a0, 1\nld a0, 8(sp)\nsd a1, 16(sp)\nmv a0, a1\nret\nbeqz a0, 1f\n1: nop\n", 0, 0,
        "050522652ee82e85828009c10100");
}

/* 7. Errors are reported once each, every one of them (no "5x the same error"). */
static void bug_errors_not_duplicated(void **state)
{
    assert_int_equal(expect_error("rv64im", "addi a0, a0\n", "t.s:1:"), 1);
    asm_msgs m;
    asm_unit *u = assemble(
        "rv64im", "nop\nfoo a0\naddi a0, a1, 5000\nbad: bad:\nlw a0, 3(x32)\n.word 1\n", &m);
    assert_null(u);
    assert_int_equal(m.n, 4);
    assert_string_equal(m.v[0], "t.s:2:1: error: unrecognized instruction mnemonic");
    assert_string_equal(m.v[1],
                        "t.s:3:14: error: immediate must be an integer in the range [-2048, 2047]");
    assert_string_equal(m.v[2], "t.s:4:6: error: symbol 'bad' is already defined");
    assert_string_equal(m.v[3], "t.s:5:10: error: invalid operand for instruction");
    asm_msgs_free(&m);
}

/* 8. .org / .zero of a huge size are refused without allocating it. */
static void bug_huge_org_zero(void **state)
{
    expect_error("rv64im", "nop\n.org 0x80000000\nnop\n",
                 "t.s:2:6: error: .org offset 0x80000000 is beyond");
    expect_error("rv64im", ".zero 0x80000000\n", "t.s:1:7: error: size 2147483648 is too large");
    expect_error("rv64im", ".space 1 << 40, 1\n",
                 "t.s:1:8: error: size 1099511627776 is too large");
    expect_error("rv64im", ".fill 0x10000000, 8, 1\n", "too large");
    /* several moderately large fills add up */
    expect_error("rv64im", ".zero 0x8000000\n.zero 0x8000000\n.zero 0x8000000\n",
                 "t.s:3:7: error: section '.text' would exceed 256 MiB");
    /* a large bss is fine: it holds no bytes */
    asm_msgs m;
    asm_unit *u = assemble("rv64im", ".bss\n.zero 0x40000000\n", &m);
    assert_non_null(u);
    assert_int_equal(section(u, ".bss")->size, 0x40000000);
    assert_null(section(u, ".bss")->data);
    asm_unit_free(u);
    asm_msgs_free(&m);
}

/* 9. U-type immediates are the 20-bit field. 10. Data is little-endian, in source order. */
static void bug_u_immediate_and_byte_order(void **state)
{
    expect_text("rv64im", "lui a0, 0xfffff\nauipc a1, 0x80000\nlui a2, 1\n", 0, 0,
                "37f5ffff9705008037160000");
    expect_error("rv64im", "lui a0, 0x100000\n",
                 "t.s:1:9: error: immediate must be an integer in the range [0, 1048575]");
    expect_text("rv64im", ".word 0x11223344\n.half 0x5566\n.byte 0x77\n.ascii \"abc\"\n", 0, 0,
                "44332211665577616263");
}

/* li materialises any constant (llvm-mc's sequences). */
static void li_matches_llvm(void **state)
{
    expect_text("rv64im", "li a0, 0x123456789abcdef0\nli a1, 0xdeadbeef\nli a2, -1\n", 0, 0,
                "377524001b05d58a1315e5001305d5c41315c5001305755e1315d500130505efb775ab379395250093"
                "85f5ee1306f0ff");
    expect_text("rv32im", "li a0, 0xdeadbeef\nli a1, 0x12345678\nli a2, -2048\n", 0, 0,
                "37c5adde1305f5eeb75534129385856713060080");
}

/* ---------------------------------------------------------------- errors */

static void errors_have_positions(void **state)
{
    static const struct {
        const char *march, *src, *want;
    } cases[] = {
        {"rv64im", "frobnicate a0\n", "t.s:1:1: error: unrecognized instruction mnemonic"},
        {"rv64im", "  addi a0, a1\n", "t.s:1:14: error: too few operands for instruction"},
        {"rv64im", "addi a0, a1, 2, 3\n", "t.s:1:17: error: invalid operand for instruction"},
        {"rv64im", "addi a0, q1, 2\n", "t.s:1:10: error: invalid operand for instruction"},
        {"rv64im", "addi a0, a1, 4096\n",
         "t.s:1:14: error: immediate must be an integer in the range [-2048, 2047]"},
        {"rv64im", "slli a0, a0, 64\n",
         "t.s:1:14: error: immediate must be an integer in the range [0, 63]"},
        {"rv32im", "slli a0, a0, 32\n",
         "t.s:1:14: error: immediate must be an integer in the range [0, 31]"},
        {"rv64im", "mul a0, a1, a2\nc.addi a0, 1\n",
         "t.s:2:1: error: instruction requires the following: 'C'"},
        {"rv64i", "mul a0, a1, a2\n", "t.s:1:1: error: instruction requires the following: 'M'"},
        {"rv64im", "lr.w a0, (a1)\n", "t.s:1:1: error: instruction requires the following: 'A'"},
        {"rv64im", "fadd.s fa0, fa1, fa2\n",
         "t.s:1:1: error: instruction requires the following: 'F'"},
        {"rv64im", "beqz a0, 1f\n",
         "t.s:1:10: error: directional label 1b... 1f: no later '1:' label"},
        {"rv64im", "j 1b\n", "t.s:1:3: error: directional label undefined"},
        {"rv64im", ".word 1/0\n", "t.s:1:8: error: division by zero"},
        {"rv64im", ".ascii \"abc\n", "t.s:1:8: error: unterminated string"},
        {"rv64im", ".ascii \"\\q\"\n", "t.s:1:9: error: invalid escape sequence"},
        {"rv64im", "nop\n  addi a0, a0, `\n", "t.s:2:16: error: invalid character '`'"},
        {"rv64im", ".frob 1\n", "t.s:1:1: error: unknown directive"},
        {"rv64im", ".macro m\n", "t.s:1:1: error: directive '.macro' is not supported"},
        {"rv64im", ".equ a, b\n.equ b, a\n.word a\n", "cyclic symbol definition"},
        {"rv64im", ".word 0x100000000\n", "t.s:1:7: error: out of range literal value"},
        {"rv64im", ".byte 256\n", "t.s:1:7: error: out of range literal value"},
        {"rv64im", ".bss\n.word 1\n",
         "t.s:2:7: error: cannot emit non-zero data in a section without contents (.bss)"},
        {"rv64im", ".bss\nnop\n",
         "t.s:2:1: error: cannot emit instructions in a section without contents"},
        {"rv32im", "li a0, 0x100000000\n",
         "t.s:1:8: error: immediate must be an integer in the range [-2147483648, 4294967295]"},
        {"rv64im", "x: nop\nx: nop\n", "t.s:2:1: error: symbol 'x' is already defined"},
        {"rv64im", ".option pop\n", "t.s:1:9: error: .option pop with no .option push"},
        {"rv64im", ".option frob\n", "t.s:1:9: error: unknown option"},
        {"rv64im", ".popsection\n",
         "t.s:1:1: error: .popsection without a corresponding .pushsection"},
        {"rv64im", "addi a0, a0, %pcrel_lo(x)\nx: nop\n",
         "t.s:1:14: error: %pcrel_lo must name the label of an auipc"},
        {"rv64im", "addi a0, a0, %frob(x)\n", "t.s:1:15: error: unrecognized operand modifier"},
        {"rv64im", "lui a0, %lo(x)\n", "t.s:1:9: error: operand must be a symbol with %hi"},
        {"rv64im", "addi a0, a0, ext\n", "t.s:1:14: error: operand must be a constant"},
        {"rv64im", "la a0, 5\n", "t.s:1:8: error: operand must be a bare symbol name"},
        {"rv64im", "call 5\n", "t.s:1:6: error: operand must be a bare symbol name"},
        {"rv64im", "csrr a0, nosuchcsr\n",
         "t.s:1:10: error: operand must be a valid system register name"},
        {"rv64im", "csrr a0, cycleh\n",
         "t.s:1:10: error: system register use requires an option to be enabled"},
        {"rv64im", "fence rw, x\n",
         "t.s:1:11: error: operand must be formed of letters selected in-order from 'iorw'"},
        {"rv64imafd", "fadd.d fa0, fa1, fa2, xyz\n",
         "t.s:1:23: error: operand must be a valid floating point rounding mode"},
        {"rv64imac", "c.lw a0, 0(a6)\n", "t.s:1:10: error: invalid operand for instruction"},
        {"rv64imac", "c.lw a0, 2(a1)\n",
         "t.s:1:10: error: immediate must be a multiple of 4 bytes in the range [0, 124]"},
        {"rv64im", "amoadd.w a0, a1, 4(a2)\n", "instruction requires the following: 'A'"},
        {"rv64imac", "amoadd.w a0, a1, 4(a2)\n",
         "t.s:1:18: error: optional integer offset must be 0"},
        {"rv64im", ".org 8\n.org 4\n",
         "t.s:2:6: error: .org cannot move the location counter backwards"},
        {"rv64im", ".p2align 40\n", "t.s:1:10: error: alignment exponent must be between 0 and 28"},
        {"rv64im", ".balign 3\n", "t.s:1:9: error: alignment must be a power of 2"},
        {"rv64im", ".word .Lnowhere\n", "undefined temporary symbol '.Lnowhere'"},
        {"rv64im", "1x: nop\n", "t.s:1:1: error: invalid decimal number"},
        {"rv64im", ".word 99999999999999999999\n", "t.s:1:7: error: integer literal too large"},
        {"rv64im", "addi a0, a0, (1\n", "t.s:1:16: error: expected ')'"},
        {"rv64im", "li a0, \n", "t.s:1:8: error: expected an operand"},
        {"rv64im", ".section\n", "t.s:1:1: error: expected a section name"},
        {"rv64im", ".section .x, \"q\"\n", "t.s:1:15: error: unknown section flag 'q'"},
        {"rv64im", "li a0, x\n.equ x, 1 << 70 / 0\n", "division by zero"},
        {"rv64im", "sw a0, 0(a1), t0\n", "t.s:1:15: error: invalid operand for instruction"},
        {"rv64im", "\x01\n", "t.s:1:1: error: invalid character (byte 0x01)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].march, cases[i].src, cases[i].want);
}

static void errors_keep_going_and_stop(void **state)
{
    /* every bad line is reported, in line order; the good ones in between do not matter */
    char src[4096] = "";
    for (int i = 0; i < 10; i++)
        strcat(src, "nop\naddi a0, a0, 99999\n");
    asm_msgs m;
    assert_null(assemble("rv64im", src, &m));
    assert_int_equal(m.n, 10);
    for (int i = 0; i < 10; i++) {
        char want[64];
        snprintf(want, sizeof want, "t.s:%d:14: error:", 2 * i + 2);
        assert_true(!strncmp(m.v[i], want, strlen(want)));
    }
    asm_msgs_free(&m);
    /* an avalanche stops at max_errors */
    char *big = malloc(200 * 8 + 1);
    big[0] = 0;
    for (int i = 0; i < 200; i++)
        strcat(big, "bogus1\n");
    assert_null(assemble("rv64im", big, &m));
    assert_int_equal(m.errors, 51);
    assert_non_null(strstr(m.v[m.n - 1], "too many errors"));
    asm_msgs_free(&m);
    free(big);
}

/* Inputs that end oddly, binary noise, deep nesting: diagnostics, never a crash. */
static void errors_on_odd_inputs(void **state)
{
    static const char *const srcs[] = {
        "",
        "\n",
        ";;;",
        "a:",
        "1:",
        ":",
        ",",
        "(",
        ")",
        "%",
        "%hi",
        "%hi(",
        "'",
        "'a",
        "\"",
        "\\",
        "li a0, ((((((((((((((((((((((((((((((1",
        ".word",
        ".word ,",
        ".ascii",
        ".section \"\"",
        "addi",
        "addi a0,",
        "c.",
        ".",
        "..",
        "lw a0, (",
        "lw a0, 4(a1",
        "lw a0, )(",
        "/*",
        "*/",
        ".equ",
        ".equ x",
        ".equ x,",
        ".option",
        ".type x",
        ".size x",
        ".p2align",
        ".org",
        "li a0, 1f\n1:",
        "j .+4\nj .-4",
        "beq a0, a1, . + 0x1000",
        "call x@",
        "call x@plt@plt",
    };
    for (size_t i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
        asm_opts o = {0};
        assert_int_equal(asm_parse_march("rv64imac", &o, NULL), RIVET_OK);
        asm_msgs m = {0};
        asm_unit *u = asm_assemble("t.s", srcs[i], strlen(srcs[i]), &o, &m);
        if (u) {
            rivet_buf b = {0};
            assert_int_equal(asm_write_obj(u, &b, NULL), RIVET_OK);
            buf_free(&b);
        } else
            assert_true(m.errors > 0);
        asm_unit_free(u);
        asm_msgs_free(&m);
    }
    /* not NUL-terminated: the assembler reads exactly len bytes */
    char *p = malloc(3);
    memcpy(p, "nop", 3);
    asm_opts o = {0};
    assert_int_equal(asm_parse_march("rv64imac", &o, NULL), RIVET_OK);
    asm_msgs m = {0};
    asm_unit *u = asm_assemble("t.s", p, 3, &o, &m);
    assert_non_null(u);
    assert_int_equal(u->sec[0].size, 2);
    asm_unit_free(u);
    asm_msgs_free(&m);
    free(p);
}

/* ---------------------------------------------------------------- linking */

static void link_exec_and_bin(void **state)
{
    asm_msgs m;
    asm_unit *u =
        assemble("rv64imac",
                 ".globl _start\n_start: la a0, msg\nlw a1, word\ncall f\nj _start\n"
                 "f: ret\n.section .rodata\nmsg: .asciz \"hi\"\n.data\nword: .word msg, . - msg\n"
                 ".bss\nbuf: .zero 64\n",
                 &m);
    assert_non_null(u);
    asm_image img;
    rivet_diag d;
    rivet_diag_clear(&d);
    asm_link_opts lo = {0x10000, NULL};
    assert_int_equal(asm_link(u, &lo, &img, &d), RIVET_OK);
    assert_int_equal(img.entry, 0x10000);
    assert_int_equal(img.nseg, 3);
    assert_int_equal(img.seg[0].vaddr, 0x10000);
    assert_int_equal(img.seg[1].vaddr, 0x11000);
    assert_int_equal(img.seg[2].vaddr, 0x12000);
    assert_int_equal(img.seg[2].memsz, 0x48);
    /* la a0, msg: auipc a0, 1; addi a0, a0, 0 (msg at 0x11000, pc 0x10000) */
    rv_insn in;
    uint32_t w = (uint32_t)img.seg[0].data[0] | (uint32_t)img.seg[0].data[1] << 8 |
                 (uint32_t)img.seg[0].data[2] << 16 | (uint32_t)img.seg[0].data[3] << 24;
    assert_true(rv_decode(w, 64, RV_EXT_GC, &in));
    assert_string_equal(rv_insn_name(in.id), "auipc");
    assert_int_equal(in.imm, 0x1000);
    /* .word msg is now the address */
    assert_int_equal(img.seg[2].data[0] | img.seg[2].data[1] << 8 | img.seg[2].data[2] << 16 |
                         (uint32_t)img.seg[2].data[3] << 24,
                     0x11000);
    rivet_buf b = {0};
    assert_int_equal(asm_write_exec(&img, &b, &d), RIVET_OK);
    assert_true(b.n > 0x2000);
    assert_memory_equal(b.p, "\177ELF", 4);
    b.n = 0;
    assert_int_equal(asm_write_bin(&img, &b, &d), RIVET_OK);
    assert_int_equal(b.n, 0x2008);
    buf_free(&b);
    asm_image_free(&img);
    asm_unit_free(u);
    asm_msgs_free(&m);
    /* undefined symbols are link errors with the source position */
    u = assemble("rv64im", "nop\ncall missing\n", &m);
    assert_non_null(u);
    assert_int_not_equal(asm_link(u, NULL, &img, &d), RIVET_OK);
    assert_string_equal(d.msg, "t.s:2:6: error: undefined symbol 'missing'");
    asm_unit_free(u);
    asm_msgs_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_decodes_back),
        cmocka_unit_test(compression_preserves_semantics),
        cmocka_unit_test(li_sequences_compute_the_value),
        cmocka_unit_test(bug_label_on_same_line),
        cmocka_unit_test(bug_range_checked_on_offset),
        cmocka_unit_test(bug_numeric_target_is_offset),
        cmocka_unit_test(bug_auipc_label),
        cmocka_unit_test(bug_negative_hex_binary),
        cmocka_unit_test(bug_char_literals),
        cmocka_unit_test(bug_hi_lo),
        cmocka_unit_test(bug_load_store_label),
        cmocka_unit_test(bug_jalr_offset),
        cmocka_unit_test(bug_fence_ebreak_csr),
        cmocka_unit_test(bug_rv64_ld_sd),
        cmocka_unit_test(bug_c_extension),
        cmocka_unit_test(bug_errors_not_duplicated),
        cmocka_unit_test(bug_huge_org_zero),
        cmocka_unit_test(bug_u_immediate_and_byte_order),
        cmocka_unit_test(li_matches_llvm),
        cmocka_unit_test(errors_have_positions),
        cmocka_unit_test(errors_keep_going_and_stop),
        cmocka_unit_test(errors_on_odd_inputs),
        cmocka_unit_test(link_exec_and_bin),
    };
    return test_main(tests);
}
