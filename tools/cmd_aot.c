/* rivet aot: translate a RISC-V program ahead of time to x86-64, assemble, load and run it. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "exec_engine.h"
#include "rivet/aot.h"
#include "rivet/bytes.h"
#include "rivet/rv_zkvm.h"
#include "rivet/trace.h"

static const char usage[] =
    "usage: rivet aot [options] ELF|BIN\n\n"
    "Translates the RISC-V program ELF (zkVM profile, docs/zkvm-abi.md, or a vendor's binary "
    "under\n"
    "--profile, docs/universal-translator.md) to x86-64 assembly,\n"
    "assembles it with as, links it with ld -shared, loads it and runs it; the guest's fd-1\n"
    "output goes to stdout, the translation and run figures to stderr (or --json on stdout).\n\n"
    "  --trace FILE    write the minimal trace (byte-identical to rivet exec --trace)\n"
    "  --chunk-log2 N  trace chunks of at least 2^N steps (default 18)\n"
    "  --zstd          compress trace chunks\n"
    "  --emit FILE     also write the generated assembly to FILE\n"
    "  --input FILE    the guest's input bytes (vendor profiles: one buffer each, repeatable)\n"
    "  --no-run        translate, assemble and load only\n"
    "  --profile NAME  target zkVM profile (RV_ZKVM_PROFILE_LIST): sp1, risc0, openvm, airbender,\n"
    "                  zisk-like, sp1-like, risc0-like, rivet (ISA, memory map, calls)\n"
    "  --json          one JSON object with the figures on stdout (guest output not echoed)\n\n"
    "exit status: 0 when the guest exits with 0, 1 otherwise, 2 usage error\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int cmd_aot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"trace", required_argument, NULL, 'T'}, {"chunk-log2", required_argument, NULL, 'C'},
        {"zstd", no_argument, NULL, 'Z'},        {"emit", required_argument, NULL, 'e'},
        {"input", required_argument, NULL, 'i'}, {"no-run", no_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},        {"profile", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    exec_engine eng = {0};
    const char *emit = NULL, *input_path[RV_ZKVM_MAX_INPUTS];
    size_t ninputs = 0;
    bool norun = false, json = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'e': emit = optarg; break;
        case 'i':
            if (ninputs == RV_ZKVM_MAX_INPUTS) return cli_usage_error("aot", "too many --input");
            input_path[ninputs++] = optarg;
            break;
        case 'n': norun = true; break;
        case 'j': json = true; break;
        case 'h': fputs(usage, stdout); return EXIT_OK;
        default:
            if (c != 'A' && exec_engine_option(&eng, c, optarg)) break;
            return cli_usage_error("aot", "unknown option");
        }
    }
    if (argc - optind != 1) return cli_usage_error("aot", "need one ELF");
    const char *path = argv[optind];
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *elf = NULL, *bufs[RV_ZKVM_MAX_INPUTS] = {NULL};
    rv_zkvm_input inputs[RV_ZKVM_MAX_INPUTS];
    size_t elf_len = 0;
    int rc = EXIT_FAIL;
    rv_mem *mem = NULL;
    aot_program *p = NULL;
    trace_writer *tw = NULL;
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    bool read_ok = !file_read_all(path, &elf, &elf_len, &d);
    for (size_t i = 0; read_ok && i < ninputs; i++) {
        inputs[i].n = 0;
        read_ok = !file_read_all(input_path[i], &bufs[i], &inputs[i].n, &d);
        inputs[i].p = bufs[i];
    }
    if (!read_ok) {
        fprintf(stderr, "rivet aot: %s\n", d.msg);
        goto done;
    }
    rv_cpu cpu;
    mem = rv_mem_new();
    const aot_profile *prof = eng.profile ? aot_profile_find(eng.profile) : NULL;
    rv_cpu_init(&cpu, mem,
                prof && prof->xlen           ? prof->xlen
                : elf_len > 4 && elf[4] == 1 ? 32
                                             : 64,
                RV_EXT_GC);
    if (ninputs) {
        z.input = inputs[0].p;
        z.input_len = inputs[0].n;
    }
    z.inputs = inputs;
    z.ninputs = ninputs;
    z.echo_out = json ? NULL : stdout;
    z.echo_err = stderr;
    z.abi = exec_engine_abi(&eng);
    aot_opts ao = {.trace = eng.trace_path != NULL, .keep_asm = emit};
    if (!exec_engine_profile(&eng, &cpu)) goto done;
    if (!mem || rv_zkvm_setup(&cpu, &z, elf, elf_len, &d) || aot_translate(&p, &cpu, &ao, &d) ||
        aot_load(p, &d)) {
        fprintf(stderr, "rivet aot: %s: %s\n", path, d.msg[0] ? d.msg : "out of memory");
        goto done;
    }
    const aot_info *in = aot_program_info(p);
    rv_result r = {.stop = RV_STOP_EXIT};
    double t_run = 0;
    if (!norun) {
        if (eng.trace_path) {
            trace_opts to = {.chunk_log2 = eng.chunk_log2,
                             .zstd = eng.zstd,
                             .fregs = exec_elf_uses_float(elf, elf_len),
                             .profile = trace_profile_of_abi(z.abi)};
            exec_engine_trace_extras(&eng, &to, elf, elf_len);
            if (trace_writer_open(&tw, eng.trace_path, cpu.xlen, &to, &d)) {
                fprintf(stderr, "rivet aot: %s\n", d.msg);
                goto done;
            }
            trace_writer_begin(tw, &cpu);
        }
        double t0 = now();
        r = aot_run(p, &cpu, tw);
        if (tw && trace_writer_finish(tw, &r, &d)) {
            fprintf(stderr, "rivet aot: %s\n", d.msg);
            goto done;
        }
        t_run = now() - t0;
        fflush(stdout);
    }
    uint64_t tbytes = tw ? trace_writer_bytes(tw) : 0;
    if (json) {
        printf("{\"insns\":%llu,\"translated\":%llu,\"segments\":%llu,\"pinned\":%llu,"
               "\"asm_bytes\":%llu,\"t_translate\":%.6f,\"t_assemble\":%.6f,\"t_load\":%.6f,"
               "\"t_run\":%.6f,\"steps\":%llu,\"stepped\":%llu,\"trace_bytes\":%llu,\"stop\":%d,"
               "\"exit_code\":%lld}\n",
               (unsigned long long)in->insns, (unsigned long long)in->translated,
               (unsigned long long)in->segments, (unsigned long long)in->pinned,
               (unsigned long long)in->asm_bytes, in->t_translate, in->t_assemble, in->t_load,
               t_run, (unsigned long long)r.instret, (unsigned long long)in->stepped,
               (unsigned long long)tbytes, (int)r.stop, (long long)r.exit_code);
    } else {
        fprintf(stderr,
                "aot: %llu instructions (%.2f%% translated, the rest run one interpreter step), "
                "%llu segments, %llu registers pinned, %llu bytes of assembly\n"
                "aot: translate %.3f s, as+ld %.3f s, load %.3f s\n",
                (unsigned long long)in->insns,
                in->insns ? 100.0 * (double)in->translated / (double)in->insns : 0,
                (unsigned long long)in->segments, (unsigned long long)in->pinned,
                (unsigned long long)in->asm_bytes, in->t_translate, in->t_assemble, in->t_load);
        if (!norun)
            fprintf(stderr, "aot: %llu steps in %.3f s (%.0f M steps/s)%s\n",
                    (unsigned long long)r.instret, t_run,
                    t_run > 0 ? (double)r.instret / t_run / 1e6 : 0, tw ? ", trace written" : "");
        if (r.stop == RV_STOP_TRAP)
            fprintf(stderr, "rivet aot: trap: %s at pc 0x%llx (tval 0x%llx)\n",
                    rv_cause_str(r.cause), (unsigned long long)r.pc, (unsigned long long)r.tval);
    }
    rc = r.stop == RV_STOP_EXIT && r.exit_code == 0 ? EXIT_OK : EXIT_FAIL;
done:
    trace_writer_free(tw);
    aot_free(p);
    rv_zkvm_free(&z);
    rv_mem_free(mem);
    free(elf);
    for (size_t i = 0; i < ninputs; i++)
        free(bufs[i]);
    return rc;
}
