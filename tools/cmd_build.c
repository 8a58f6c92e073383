/* rivet build CONTRACT.c: a C contract to a deployable container and its ABI. Reads the
   contract's RIVET_METHOD/EVENT/ERROR/CONSTRUCTOR declarations, writes NAME.abi.json and the
   header NAME.abi.h (selectors, topics), compiles with the riscv64 cross compiler and the SDK
   (guest/sdk), links at the container layout and packs NAME.hex / NAME.bin. */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "rivet/bytes.h"
#include "rivet/hy_abi.h"
#include "rivet/hybrid.h"

#ifndef RIVET_SDK_DIR
#define RIVET_SDK_DIR "guest/sdk"
#endif

extern char **environ;

static void build_help(FILE *f)
{
    fprintf(f,
            "usage: rivet build [-o DIR] [--sdk DIR] [--cc CC] [--rvc] CONTRACT.c\n"
            "       rivet build --init NAME\n\n"
            "Builds a C contract into a RISC-V contract container: reads its RIVET_METHOD,\n"
            "RIVET_EVENT, RIVET_ERROR and RIVET_CONSTRUCTOR declarations (Solidity's\n"
            "human-readable signatures), writes DIR/NAME.abi.json (for ethers, viem, cast)\n"
            "and DIR/NAME.abi.h (RIVET_SEL_* selectors, RIVET_TOPIC_* topics), compiles with\n"
            "the SDK, packs DIR/NAME.hex and DIR/NAME.bin, and prints a JSON summary.\n\n"
            "  -o DIR      output folder (default: the contract's folder)\n"
            "  --sdk DIR   the SDK (default %s)\n"
            "  --cc CC     the riscv64 C compiler (default riscv64-unknown-elf-gcc when\n"
            "              installed, else riscv64-linux-gnu-gcc)\n"
            "  --rvc       allow compressed instructions (smaller; not provable on every zkVM)\n"
            "  --init NAME write NAME.c, a counter contract to start from\n\n"
            "exit status: 0 built, 1 error (file:line: message), 2 usage error\n",
            RIVET_SDK_DIR);
}

enum { MAX_ITEMS = 128 };

/* Finds the declarations in src: MACRO("signature"). */
static int scan(const char *path, const char *src, size_t n, hy_abi_item *items, size_t *count)
{
    static const char *const macros[] = {"RIVET_METHOD", "RIVET_EVENT", "RIVET_ERROR",
                                         "RIVET_CONSTRUCTOR", "RIVET_CALLS"};
    *count = 0;
    int line = 1;
    for (size_t i = 0; i < n; i++) {
        if (src[i] == '\n') line++;
        for (size_t m = 0; m < 5; m++) {
            size_t ml = strlen(macros[m]);
            if (i + ml >= n || memcmp(src + i, macros[m], ml) ||
                (i && (src[i - 1] == '_' || src[i - 1] == '#')))
                continue;
            size_t j = i + ml;
            while (j < n && (src[j] == ' ' || src[j] == '\t'))
                j++;
            if (j >= n || src[j] != '(') continue;
            size_t open = ++j;
            while (j < n && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n'))
                j++;
            if (j >= n || src[j] != '"') continue; /* the macro's own definition */
            for (size_t k = open; k < j; k++)
                line += src[k] == '\n';
            /* the signature: one string literal, or adjacent ones as C concatenates them */
            char sig[1024];
            size_t sl = 0;
            while (j < n && src[j] == '"') {
                j++;
                while (j < n && src[j] != '"' && src[j] != '\n' && sl + 1 < sizeof sig)
                    sig[sl++] = src[j++];
                if (j >= n || src[j] != '"') {
                    fprintf(stderr, "%s:%d: unterminated or too long signature\n", path, line);
                    return -1;
                }
                j++;
                while (j < n && (src[j] == ' ' || src[j] == '\t' || src[j] == '\n'))
                    line += src[j++] == '\n';
            }
            i = j - 1;
            if (*count == MAX_ITEMS) {
                fprintf(stderr, "%s:%d: more than %d declarations\n", path, line, MAX_ITEMS);
                return -1;
            }
            rivet_diag d;
            rivet_diag_clear(&d);
            hy_abi_item *it = &items[*count];
            if (hy_abi_parse(sig, sl, it, &d) != RIVET_OK) {
                fprintf(stderr, "%s:%d: %s\n", path, line, d.msg);
                return -1;
            }
            bool method = m == 0 || m == 4, ctor = m == 3;
            it->external = m == 4;
            if ((method && it->kind != HY_ABI_FUNCTION) || (m == 1 && it->kind != HY_ABI_EVENT) ||
                (m == 2 && it->kind != HY_ABI_ERROR) || (ctor && it->kind != HY_ABI_CONSTRUCTOR)) {
                fprintf(stderr, "%s:%d: %s declares a different kind of item\n", path, line,
                        macros[m]);
                return -1;
            }
            (*count)++;
        }
    }
    return 0;
}

static int run(char *const argv[])
{
    pid_t pid;
    if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
        fprintf(stderr, "rivet build: cannot run %s: %s\n", argv[0], strerror(errno));
        return -1;
    }
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) return -1;
    return 0;
}

static const char *pick_cc(void)
{
    static const char *const cands[] = {"riscv64-unknown-elf-gcc", "riscv64-linux-gnu-gcc"};
    const char *path = getenv("PATH");
    for (size_t i = 0; i < 2 && path; i++) {
        char buf[4096];
        const char *p = path;
        while (*p) {
            const char *e = strchr(p, ':');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            snprintf(buf, sizeof buf, "%.*s/%s", (int)l, p, cands[i]);
            if (access(buf, X_OK) == 0) return cands[i];
            p += l + (e ? 1 : 0);
        }
    }
    return cands[1];
}

static int write_init(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s.c", name);
    if (access(path, F_OK) == 0) {
        fprintf(stderr, "rivet build: %s exists\n", path);
        return EXIT_FAIL;
    }
    FILE *f = fopen(path, "w");
    if (!f) return EXIT_FAIL;
    fprintf(
        f,
        "/* %s: a counter. Build with `rivet build %s.c`. */\n"
        "#include \"rivet.h\"\n#include \"%s.abi.h\"\n\n"
        "RIVET_METHOD(\"function count() view returns (uint256)\")\n"
        "RIVET_METHOD(\"function increment(uint256 by)\")\n"
        "RIVET_EVENT(\"event Incremented(address indexed by, uint256 count)\")\n\n"
        "void rivet_main(void)\n{\n    rv_word slot = rv_u64(0), v = rv_load(&slot);\n"
        "    rv_nonpayable();\n    switch (rv_selector()) {\n"
        "    case RIVET_SEL_count: rv_return_word(&v);\n"
        "    case RIVET_SEL_increment: {\n        rv_word by = rv_arg(0), t = "
        "RIVET_TOPIC_Incremented, who;\n        rv_addr a;\n"
        "        if (rv_add(&v, &v, &by)) rv_revert(\"\", 0);\n"
        "        rv_store(&slot, &v);\n        rv_caller(&a);\n        who = rv_addr_word(&a);\n"
        "        rv_emit(&t, &who, 1, &v, 1);\n        rv_return(\"\", 0);\n    }\n    }\n"
        "    rv_revert(\"\", 0);\n}\n",
        name, name, name);
    fclose(f);
    printf("wrote %s\n", path);
    return EXIT_OK;
}

int cmd_build(int argc, char **argv)
{
    const char *out_dir = NULL, *sdk = RIVET_SDK_DIR, *cc = NULL, *src_path = NULL;
    bool rvc = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            build_help(stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--init") && i + 1 < argc) return write_init(argv[i + 1]);
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out_dir = argv[++i];
        else if (!strcmp(argv[i], "--sdk") && i + 1 < argc)
            sdk = argv[++i];
        else if (!strcmp(argv[i], "--cc") && i + 1 < argc)
            cc = argv[++i];
        else if (!strcmp(argv[i], "--rvc"))
            rvc = true;
        else if (argv[i][0] == '-')
            return cli_usage_error("build", "unknown option %s", argv[i]);
        else
            src_path = argv[i];
    }
    if (!src_path) return cli_usage_error("build", "which contract?");
    if (!cc) cc = pick_cc();
    /* NAME and the output folder */
    const char *slash = strrchr(src_path, '/');
    const char *base = slash ? slash + 1 : src_path;
    char name[256], dir[1024], p_json[1400], p_hdr[1400], p_elf[1400], p_hex[1400], p_bin[1400];
    snprintf(name, sizeof name, "%.*s", (int)(strcspn(base, ".")), base);
    if (out_dir)
        snprintf(dir, sizeof dir, "%s", out_dir);
    else
        snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - src_path) : 1,
                 slash ? src_path : ".");
    mkdir(dir, 0777);
    snprintf(p_json, sizeof p_json, "%s/%s.abi.json", dir, name);
    snprintf(p_hdr, sizeof p_hdr, "%s/%s.abi.h", dir, name);
    snprintf(p_elf, sizeof p_elf, "%s/%s.elf", dir, name);
    snprintf(p_hex, sizeof p_hex, "%s/%s.hex", dir, name);
    snprintf(p_bin, sizeof p_bin, "%s/%s.bin", dir, name);

    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *src;
    size_t n;
    if (file_read_all(src_path, &src, &n, &d) != RIVET_OK) {
        fprintf(stderr, "rivet build: %s\n", d.msg);
        return EXIT_FAIL;
    }
    static hy_abi_item items[MAX_ITEMS];
    size_t count;
    int rc = scan(src_path, (const char *)src, n, items, &count);
    free(src);
    if (rc) return EXIT_FAIL;
    FILE *fj = fopen(p_json, "w"), *fh = fopen(p_hdr, "w");
    if (!fj || !fh) {
        fprintf(stderr, "rivet build: cannot write into %s\n", dir);
        return EXIT_FAIL;
    }
    char guard[300];
    snprintf(guard, sizeof guard, "RIVET_ABI_%s_H", name);
    for (char *g = guard; *g; g++)
        if (!(*g >= 'A' && *g <= 'Z') && !(*g >= '0' && *g <= '9'))
            *g = *g >= 'a' && *g <= 'z' ? (char)(*g - 32) : '_';
    hy_abi_json(fj, items, count);
    hy_abi_header(fh, items, count, guard);
    fclose(fj);
    fclose(fh);

    char inc_sdk[1100], inc_dir[1100], ld[1100], s_start[1100], s_sdk[1100];
    snprintf(inc_sdk, sizeof inc_sdk, "-I%s", sdk);
    snprintf(inc_dir, sizeof inc_dir, "-I%s", dir);
    snprintf(ld, sizeof ld, "-Wl,-T,%s/contract.ld", sdk);
    snprintf(s_start, sizeof s_start, "%s/start.S", sdk);
    snprintf(s_sdk, sizeof s_sdk, "%s/sdk.c", sdk);
    char *const cc_argv[] = {(char *)cc,
                             rvc ? "-march=rv64imc" : "-march=rv64im",
                             "-mabi=lp64",
                             "-mcmodel=medany",
                             "-O2",
                             "-ffreestanding",
                             "-nostdlib",
                             "-fno-pic",
                             "-fno-stack-protector",
                             "-ffunction-sections",
                             "-fdata-sections",
                             "-static",
                             inc_sdk,
                             inc_dir,
                             ld,
                             "-Wl,--gc-sections",
                             "-Wl,--build-id=none",
                             "-o",
                             p_elf,
                             s_start,
                             s_sdk,
                             (char *)src_path,
                             NULL};
    if (run(cc_argv)) {
        fprintf(stderr, "rivet build: %s failed on %s\n", cc, src_path);
        return EXIT_FAIL;
    }
    uint8_t *elf, *c;
    size_t elen, clen;
    if (file_read_all(p_elf, &elf, &elen, &d) != RIVET_OK ||
        hy_container_from_elf(elf, elen, &c, &clen, &d) != RIVET_OK) {
        fprintf(stderr, "rivet build: %s: %s\n", p_elf, d.msg);
        return EXIT_FAIL;
    }
    free(elf);
    if (cli_write_bytes(p_bin, c, clen, 0) != EXIT_OK ||
        cli_write_bytes(p_hex, c, clen, 1) != EXIT_OK) {
        free(c);
        return EXIT_FAIL;
    }
    free(c);
    printf(
        "{\"contract\":\"%s\",\"container\":\"%s\",\"bytes\":%zu,\"abi\":\"%s\",\"header\":\"%s\","
        "\"items\":%zu}\n",
        name, p_hex, clen, p_json, p_hdr, count);
    return EXIT_OK;
}
