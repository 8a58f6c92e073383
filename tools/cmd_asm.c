/* rivet asm: assembles one GNU-as RISC-V source file (src/rvasm) into an ELF relocatable object
   (the default, as llvm-mc -filetype=obj), a static ELF executable or a flat image. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rivet/hybrid.h"
#include "rivet/rv.h"
#include "rivet/rvasm.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: rivet asm [-march=ISA] [-o OUT] [--format obj|exec|bin|container] [--base ADDR]\n"
        "                 [--entry SYM] [--listing] FILE.s\n\n"
        "Assembles GNU-as syntax for RV32/RV64 I, M, A, F, D, C, Zicsr, Zifencei "
        "(docs/rvasm.md).\n\n"
        "  -march=ISA       rv64imac (default), rv32imac, rv64im, rv64gc, rv32i_zicsr, ...\n"
        "  -o OUT           output file (default: FILE with .o, .elf or .bin)\n"
        "  --format F       obj: ELF relocatable object, as llvm-mc -filetype=obj (default)\n"
        "                   exec: static ELF executable linked at --base (text, then read-only\n"
        "                         data, then data and bss, each segment on a new page);\n"
        "                         entry --entry, else _start, else the first text byte\n"
        "                   bin: the executable's flat image from --base (bss not written)\n"
        "                   container: a RISC-V contract container (docs/hybrid-abi.md),\n"
        "                   linked at its layout; entry _start, constructor _ctor\n"
        "  --base ADDR      link address for exec and bin (default 0x%llx)\n"
        "  --listing        print offset, bytes and source line of every statement\n"
        "  FILE             the source, or - for standard input\n\n"
        "Errors are printed as file:line:column: error: message; exit status 1.\n",
        (unsigned long long)ASM_DEFAULT_BASE);
}

static char *read_input(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *p = malloc(cap);
    while (p) {
        if (n == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
        }
        size_t k = fread(p + n, 1, cap - n, f);
        n += k;
        if (k == 0) break;
    }
    if (p && ferror(f)) {
        free(p);
        p = NULL;
    }
    if (f != stdin) fclose(f);
    *len = n;
    return p;
}

static char *default_out(const char *in, const char *ext)
{
    const char *stem = strcmp(in, "-") ? in : "a";
    const char *slash = strrchr(stem, '/');
    const char *dot = strrchr(stem, '.');
    size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - stem) : strlen(stem);
    char *out = malloc(n + strlen(ext) + 1);
    if (!out) return NULL;
    memcpy(out, stem, n);
    strcpy(out + n, ext);
    return out;
}

static bool write_file(const char *path, const rivet_buf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(b->p, 1, b->n, f) == b->n;
    ok = (fclose(f) == 0) && ok;
    return ok;
}

struct args {
    asm_opts o;
    const char *in, *out, *format, *entry;
    uint64_t base;
};

/* Parses the command line; returns EXIT_OK, or the exit status to stop with. */
static int parse_args(int argc, char **argv, struct args *a)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    memset(a, 0, sizeof *a);
    a->format = "obj";
    if (asm_parse_march("rv64imac", &a->o, &d)) return EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *val = NULL;
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            usage(stdout);
            return -1;
        }
        bool takes = !strcmp(s, "-o") || !strcmp(s, "--format") || !strcmp(s, "--base") ||
                     !strcmp(s, "--entry") || !strcmp(s, "-march") || !strcmp(s, "--march");
        if (takes) {
            if (++i == argc) return cli_usage_error("asm", "%s needs a value", s);
            val = argv[i];
        } else if (s[0] == '-' && strchr(s, '='))
            val = strchr(s, '=') + 1;
        if (!strncmp(s, "-march", 6) || !strncmp(s, "--march", 7)) {
            if (asm_parse_march(val ? val : "", &a->o, &d))
                return cli_usage_error("asm", "%s", d.msg);
        } else if (!strncmp(s, "-o", 2) && s[1] == 'o') {
            a->out = takes ? val : s + 2;
        } else if (!strncmp(s, "--format", 8) && val) {
            a->format = val;
            if (strcmp(val, "obj") && strcmp(val, "exec") && strcmp(val, "bin") &&
                strcmp(val, "container"))
                return cli_usage_error(
                    "asm", "--format must be obj, exec, bin or container (not '%s')", val);
            if (!strcmp(val, "container")) a->base = HY_CODE_BASE;
        } else if (!strncmp(s, "--base", 6) && val) {
            char *end;
            errno = 0;
            a->base = strtoull(val, &end, 0);
            if (errno || *end || !*val || a->base % 4096)
                return cli_usage_error("asm", "--base needs a page-aligned address, not '%s'", val);
        } else if (!strncmp(s, "--entry", 7) && val) {
            a->entry = val;
        } else if (!strcmp(s, "--listing") || !strcmp(s, "-l")) {
            a->o.listing = true;
        } else if (s[0] == '-' && s[1]) {
            return cli_usage_error("asm", "unknown option '%s'", s);
        } else if (a->in) {
            return cli_usage_error("asm", "expected one input file");
        } else
            a->in = s;
    }
    if (!a->in) return cli_usage_error("asm", "expected an input file");
    return EXIT_OK;
}

/* Writes the unit in the chosen format to b; prints link errors as file:line:col. */
static int render(const struct args *a, const asm_unit *u, const char *name, rivet_buf *b)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    if (!strcmp(a->format, "obj")) {
        if (!asm_write_obj(u, b, &d)) return EXIT_OK;
        fprintf(stderr, "rivet asm: %s\n", d.msg);
        return EXIT_FAIL;
    }
    asm_image img;
    bool container = !strcmp(a->format, "container");
    asm_link_opts lo = {container ? HY_CODE_BASE : a->base, a->entry};
    if (asm_link(u, &lo, &img, &d)) {
        if (strstr(d.msg, ": error: ")) /* "file:line:col: error: ..." */
            fprintf(stderr, "%s\n", d.msg);
        else
            fprintf(stderr, "rivet asm: %s\n", d.msg);
        return EXIT_FAIL;
    }
    rivet_status st =
        !strcmp(a->format, "bin") ? asm_write_bin(&img, b, &d) : asm_write_exec(&img, b, &d);
    asm_image_free(&img);
    if (st == RIVET_OK && container) { /* the executable at the container layout, packed */
        uint8_t *c;
        size_t n;
        st = hy_container_from_elf(b->p, b->n, &c, &n, &d);
        if (st == RIVET_OK) {
            b->n = 0;
            st = buf_append(b, c, n);
            free(c);
        }
    }
    if (st) {
        fprintf(stderr, "rivet asm: %s\n", d.msg);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cmd_asm(int argc, char **argv)
{
    struct args a;
    int rc = parse_args(argc, argv, &a);
    if (rc) return rc < 0 ? EXIT_OK : rc;
    size_t len;
    char *src = read_input(a.in, &len);
    if (!src) {
        fprintf(stderr, "rivet asm: cannot read %s: %s\n", a.in, strerror(errno));
        return EXIT_FAIL;
    }
    const char *name = strcmp(a.in, "-") ? a.in : "<stdin>";
    asm_msgs msgs = {0};
    asm_unit *u = asm_assemble(name, src, len, &a.o, &msgs);
    free(src);
    for (size_t i = 0; i < msgs.n; i++)
        fprintf(stderr, "%s\n", msgs.v[i]);
    asm_msgs_free(&msgs);
    if (!u) return EXIT_FAIL;
    rivet_buf b = {0};
    rivet_diag d;
    rivet_diag_clear(&d);
    rc = EXIT_FAIL;
    if (a.o.listing) {
        if (asm_write_listing(u, &b, &d)) goto out;
        fwrite(b.p, 1, b.n, stdout);
        b.n = 0;
    }
    if (render(&a, u, name, &b)) goto out;
    const char *ext = !strcmp(a.format, "obj")         ? ".o"
                      : !strcmp(a.format, "exec")      ? ".elf"
                      : !strcmp(a.format, "container") ? ".ctr"
                                                       : ".bin";
    char *deflt = a.out ? NULL : default_out(a.in, ext);
    const char *out = a.out ? a.out : deflt;
    if (out && write_file(out, &b))
        rc = EXIT_OK;
    else
        fprintf(stderr, "rivet asm: cannot write %s: %s\n", out ? out : "output", strerror(errno));
    free(deflt);
out:
    buf_free(&b);
    asm_unit_free(u);
    return rc;
}
