/* rivet exec --abi linux: runs a static riscv64 Linux ELF on the Linux ABI layer (src/rvsys).
   Called from cmd_exec when the options select --abi linux. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "exec_engine.h"
#include "exec_linux.h"
#include "rivet/bytes.h"
#include "rivet/rvsys.h"

static const char usage[] =
    "usage: rivet exec --abi linux [options] ELF [args...]\n\n"
    "Runs a static riscv64 Linux program (glibc or Go) under a minimal, deterministic Linux ABI.\n"
    "The guest sees only: its argv, the --env variables, stdin/stdout/stderr and the --dir\n"
    "directories (read-only; writes go to an in-memory overlay unless --dir-rw).\n\n"
    "  --dir HOST[:GUEST]  expose a host directory (GUEST defaults to HOST; relative under /)\n"
    "  --dir-rw            let writes reach the exposed host files\n"
    "  --cwd GUEST         the guest's working directory (default /)\n"
    "  --env K=V           add an environment variable (repeatable; nothing is inherited)\n"
    "  --seed N            seed of AT_RANDOM and getrandom (default 0)\n"
    "  --cpus N            CPUs reported by sched_getaffinity (default 1)\n"
    "  --syscalls          the syscall census (stderr, or in --json)\n"
    "  --stats             instruction count and mix (stderr, or in --json); with --aot\n"
    "                      also the translation's figures and host seconds\n"
    "  --json              one JSON object on stdout; the guest's stdout is included as a string\n"
    "  --limit N           stop after N instructions (exit status 1)\n"
    "  --aot               translate the program to x86-64 ahead of time and run that\n"
    "  --trace FILE        write the minimal trace (docs/trace-format.md, Linux profile)\n"
    "  --chunk-log2 N      trace chunks of at least 2^N steps (default 18)\n"
    "  --zstd              compress trace chunks with zstd\n"
    "  --profile NAME      a target zkVM's ISA (rivet, zisk, sp1, risc0): other instructions\n"
    "                      trap as illegal; --stats/--json report its cost model\n\n"
    "exit status: 0 when the guest exits with 0, 1 otherwise, 2 usage error\n";

/* Options that take a value, to find --abi linux before the ELF name. */
static bool takes_value(const char *o)
{
    static const char *const v[] = {"--abi",   "--limit",      "--input",  "--dir",
                                    "--env",   "--seed",       "--cpus",   "--cwd",
                                    "--trace", "--chunk-log2", "--profile"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!strcmp(o, v[i])) return true;
    return false;
}

bool exec_linux_selected(int argc, char **argv)
{
    for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--")) break;
        if (!strcmp(argv[i], "--abi=linux")) return true;
        if (!strcmp(argv[i], "--abi") && i + 1 < argc && !strcmp(argv[i + 1], "linux")) return true;
        if (takes_value(argv[i])) i++;
    }
    return false;
}

static json_t *census_json(const rvs_linux *L)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m) return json_null();
    rvs_census_json(L, m);
    fclose(m);
    json_t *j = json_loadb(buf, len, 0, NULL);
    free(buf);
    return j ? j : json_null();
}

static char *slurp(FILE *f, size_t *len)
{
    fflush(f);
    long n = ftell(f);
    char *b = malloc(n > 0 ? (size_t)n : 1);
    rewind(f);
    *len = b && n > 0 ? fread(b, 1, (size_t)n, f) : 0;
    return b;
}

int exec_linux(int argc, char **argv)
{
    static const struct option opts[] = {
        {"abi", required_argument, NULL, 'a'},     {"stats", no_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},          {"limit", required_argument, NULL, 'l'},
        {"dir", required_argument, NULL, 'd'},     {"dir-rw", no_argument, NULL, 'w'},
        {"env", required_argument, NULL, 'e'},     {"seed", required_argument, NULL, 'r'},
        {"cpus", required_argument, NULL, 'c'},    {"syscalls", no_argument, NULL, 'y'},
        {"cwd", required_argument, NULL, 'C'},     {"help", no_argument, NULL, 'h'},
        {"trace", required_argument, NULL, 'T'},   {"chunk-log2", required_argument, NULL, 'K'},
        {"zstd", no_argument, NULL, 'Z'},          {"aot", no_argument, NULL, 'A'},
        {"profile", required_argument, NULL, 'P'}, {NULL, 0, NULL, 0}};
    rvs_opts o = {0};
    exec_engine eng = {0};
    rvs_dir dirs[64];
    char *envs[256];
    int nenv = 0;
    bool stats = false, json = false, census = false;
    uint64_t limit = UINT64_MAX;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "+", opts, NULL)) != -1;) {
        char *end = NULL;
        switch (c) {
        case 'a': break;
        case 's': stats = true; break;
        case 'j': json = true; break;
        case 'y': census = true; break;
        case 'w': o.dir_rw = true; break;
        case 'C': o.cwd = optarg; break;
        case 'l': limit = strtoull(optarg, &end, 0); break;
        case 'r': o.seed = strtoull(optarg, &end, 0); break;
        case 'c': o.ncpu = (unsigned)strtoul(optarg, &end, 0); break;
        case 'd': {
            if (o.ndirs == 64) return cli_usage_error("exec", "too many --dir");
            char *colon = strchr(optarg, ':');
            if (colon) *colon = 0;
            dirs[o.ndirs++] = (rvs_dir){optarg, colon ? colon + 1 : NULL};
            break;
        }
        case 'e':
            if (nenv == 255 || !strchr(optarg, '='))
                return cli_usage_error("exec", "bad --env '%s' (K=V)", optarg);
            envs[nenv++] = optarg;
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK;
        case 'K': exec_engine_option(&eng, 'C', optarg); break;
        default:
            if (exec_engine_option(&eng, c, optarg)) break;
            return cli_usage_error("exec", "unknown option");
        }
        if (end && (!*optarg || *end)) return cli_usage_error("exec", "bad number '%s'", optarg);
    }
    if (optind >= argc) return cli_usage_error("exec", "missing ELF file");
    envs[nenv] = NULL;
    o.dirs = dirs;
    const char *path = argv[optind];

    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *elf = NULL;
    size_t elf_len = 0;
    if (file_read_all(path, &elf, &elf_len, &d)) {
        fprintf(stderr, "rivet exec: %s\n", d.msg);
        return EXIT_FAIL;
    }
    FILE *cap = json ? tmpfile() : NULL;
    if (cap) {
        o.fds_set = true;
        o.in_fd = 0;
        o.out_fd = fileno(cap);
        o.err_fd = 2;
    }
    int rc = EXIT_FAIL;
    rv_mem *mem = rv_mem_new();
    rvs_linux *L = rvs_linux_new(&o);
    rv_cpu cpu;
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    cpu.limit = limit;
    if (stats) cpu.stats.mix = calloc(RV_INSN_COUNT, sizeof(uint64_t));
    if (!mem || !L || (stats && !cpu.stats.mix) || (json && !cap)) {
        fprintf(stderr, "rivet exec: out of memory\n");
        goto done;
    }
    if (rvs_linux_load(L, mem, &cpu, elf, elf_len, argc - optind, argv + optind, nenv, envs, &d)) {
        fprintf(stderr, "rivet exec: %s: %s\n", path, d.msg);
        goto done;
    }
    fflush(stdout);
    rv_result r = exec_engine_run_linux(&eng, &cpu, L, elf, elf_len);
    if (eng.failed) goto done;
    const char *stop = r.stop == RV_STOP_EXIT    ? "exit"
                       : r.stop == RV_STOP_LIMIT ? "limit"
                       : rvs_linux_deadlocked(L) ? "deadlock"
                                                 : "trap";
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "stop", json_string(stop));
        if (r.stop == RV_STOP_EXIT) json_object_set_new(j, "exit_code", json_integer(r.exit_code));
        if (r.stop == RV_STOP_TRAP && !rvs_linux_deadlocked(L)) {
            json_object_set_new(j, "cause", json_string(rv_cause_str(r.cause)));
            json_object_set_new(j, "pc", json_integer((json_int_t)r.pc));
            json_object_set_new(j, "tval", json_integer((json_int_t)r.tval));
        }
        json_object_set_new(j, "instret", json_integer((json_int_t)r.instret));
        size_t olen;
        char *out = slurp(cap, &olen);
        json_object_set_new(j, "output", json_stringn(out ? out : "", out ? olen : 0));
        free(out);
        if (stats) json_object_set_new(j, "mix", exec_mix_json(cpu.stats.mix, NULL, r.instret));
        json_t *aj = stats ? exec_aot_json(&eng, r.instret, NULL) : NULL;
        if (aj) json_object_set_new(j, "aot", aj);
        json_t *cost = exec_cost_json(&eng, r.instret, NULL);
        if (cost) json_object_set_new(j, "cost", cost);
        if (census) json_object_set_new(j, "census", census_json(L));
        json_dumpf(j, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
        fputc('\n', stdout);
        json_decref(j);
    } else {
        if (stats) {
            fprintf(stderr, "instructions: %llu\ninstruction mix:\n",
                    (unsigned long long)r.instret);
            json_decref(exec_mix_json(cpu.stats.mix, stderr, r.instret));
            json_decref(exec_cost_json(&eng, r.instret, stderr));
            json_decref(exec_aot_json(&eng, r.instret, stderr));
        }
        if (census) rvs_census_text(L, stderr);
        if (r.stop == RV_STOP_TRAP && rvs_linux_deadlocked(L))
            fprintf(stderr,
                    "rivet exec: deadlock: every thread waits forever (after %llu "
                    "instructions)\n",
                    (unsigned long long)r.instret);
        else if (r.stop == RV_STOP_TRAP)
            fprintf(stderr,
                    "rivet exec: trap: %s at pc 0x%llx (tval 0x%llx) after %llu "
                    "instructions\n",
                    rv_cause_str(r.cause), (unsigned long long)r.pc, (unsigned long long)r.tval,
                    (unsigned long long)r.instret);
        else if (r.stop == RV_STOP_LIMIT)
            fprintf(stderr, "rivet exec: instruction limit reached at pc 0x%llx\n",
                    (unsigned long long)r.pc);
        else if (r.exit_code)
            fprintf(stderr, "rivet exec: guest exited with %lld\n", (long long)r.exit_code);
        if (rvs_census_unsupported(L) && !census)
            fprintf(stderr,
                    "rivet exec: the guest called %zu unsupported syscall(s); see "
                    "--syscalls\n",
                    rvs_census_unsupported(L));
    }
    rc = r.stop == RV_STOP_EXIT && r.exit_code == 0 ? EXIT_OK : EXIT_FAIL;
done:
    if (cap) fclose(cap);
    rvs_linux_free(L);
    free(cpu.stats.mix);
    rv_mem_free(mem);
    free(elf);
    return rc;
}
