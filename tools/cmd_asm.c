/* rivet asm: assembles one GNU-as RISC-V source file (src/rvasm) into an ELF relocatable object
   (the default, as llvm-mc -filetype=obj), a static ELF executable or a flat image. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rivet/rv.h"
#include "rivet/rvasm.h"

static void usage(FILE *f)
{
    fprintf(
        f,
        "usage: rivet asm [-march=ISA] [-o OUT] [--format obj|exec|bin] [--base ADDR]\n"
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

int cmd_asm(int argc, char **argv)
{
    asm_opts o = {0};
    rivet_diag d;
    rivet_diag_clear(&d);
    if (asm_parse_march("rv64imac", &o, &d)) return EXIT_FAIL;
    const char *in = NULL, *out = NULL, *format = "obj", *entry = NULL;
    uint64_t base = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return EXIT_OK;
        }
        if (!strncmp(a, "-march=", 7) || !strncmp(a, "--march=", 8)) {
            val = strchr(a, '=') + 1;
        } else if (!strcmp(a, "-march") || !strcmp(a, "--march")) {
            if (++i == argc) return cli_usage_error("asm", "-march needs a value");
            val = argv[i];
        }
        if (val) {
            if (asm_parse_march(val, &o, &d)) return cli_usage_error("asm", "%s", d.msg);
            continue;
        }
        if (!strcmp(a, "-o") || !strcmp(a, "--format") || !strcmp(a, "--base") ||
            !strcmp(a, "--entry")) {
            if (++i == argc) return cli_usage_error("asm", "%s needs a value", a);
            val = argv[i];
        } else if (!strncmp(a, "--format=", 9) || !strncmp(a, "--base=", 7) ||
                   !strncmp(a, "--entry=", 8)) {
            val = strchr(a, '=') + 1;
        }
        if (!strncmp(a, "-o", 2) && !val && a[2]) {
            out = a + 2;
        } else if (!strcmp(a, "-o")) {
            out = val;
        } else if (!strncmp(a, "--format", 8)) {
            format = val;
            if (strcmp(format, "obj") && strcmp(format, "exec") && strcmp(format, "bin"))
                return cli_usage_error("asm", "--format must be obj, exec or bin (not '%s')",
                                       format);
        } else if (!strncmp(a, "--base", 6)) {
            char *end;
            errno = 0;
            base = strtoull(val, &end, 0);
            if (errno || *end || !*val || base % 4096)
                return cli_usage_error("asm", "--base needs a page-aligned address, not '%s'", val);
        } else if (!strncmp(a, "--entry", 7)) {
            entry = val;
        } else if (!strcmp(a, "--listing") || !strcmp(a, "-l")) {
            o.listing = true;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("asm", "unknown option '%s'", a);
        } else if (in) {
            return cli_usage_error("asm", "expected one input file");
        } else {
            in = a;
        }
    }
    if (!in) return cli_usage_error("asm", "expected an input file");
    size_t len;
    char *src = read_input(in, &len);
    if (!src) {
        fprintf(stderr, "rivet asm: cannot read %s: %s\n", in, strerror(errno));
        return EXIT_FAIL;
    }
    asm_msgs msgs = {0};
    asm_unit *u = asm_assemble(strcmp(in, "-") ? in : "<stdin>", src, len, &o, &msgs);
    free(src);
    for (size_t i = 0; i < msgs.n; i++)
        fprintf(stderr, "%s\n", msgs.v[i]);
    asm_msgs_free(&msgs);
    if (!u) return EXIT_FAIL;
    int rc = EXIT_FAIL;
    rivet_buf b = {0};
    char *deflt = NULL;
    asm_image img;
    memset(&img, 0, sizeof img);
    if (o.listing) {
        if (asm_write_listing(u, &b, &d)) goto fail;
        fwrite(b.p, 1, b.n, stdout);
        b.n = 0;
    }
    if (!strcmp(format, "obj")) {
        if (asm_write_obj(u, &b, &d)) goto fail;
    } else {
        asm_link_opts lo = {base, entry};
        if (asm_link(u, &lo, &img, &d)) {
            if (d.msg[0] >= '0' && d.msg[0] <= '9') /* "line:col: error: ..." */
                fprintf(stderr, "%s:%s\n", strcmp(in, "-") ? in : "<stdin>", d.msg);
            else
                fprintf(stderr, "rivet asm: %s\n", d.msg);
            goto out;
        }
        if (!strcmp(format, "exec") ? asm_write_exec(&img, &b, &d) : asm_write_bin(&img, &b, &d))
            goto fail;
    }
    if (!out)
        out = deflt = default_out(in, !strcmp(format, "obj")    ? ".o"
                                      : !strcmp(format, "exec") ? ".elf"
                                                                : ".bin");
    if (!out || !write_file(out, &b)) {
        fprintf(stderr, "rivet asm: cannot write %s: %s\n", out ? out : "output", strerror(errno));
        goto out;
    }
    rc = EXIT_OK;
    goto out;
fail:
    fprintf(stderr, "rivet asm: %s\n", d.msg);
out:
    asm_image_free(&img);
    buf_free(&b);
    free(deflt);
    asm_unit_free(u);
    return rc;
}
