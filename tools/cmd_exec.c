/* rivet exec: run a RISC-V program under the zkVM profile (or, later, the Linux ABI). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exec_engine.h"
#include "exec_linux.h"
#include "exec_zisk.h"
#include "rivet/aot.h"
#include "rivet/rv.h"
#include "rivet/rv_zkvm.h"

static const char usage[] =
    "usage: rivet exec [--abi zkvm|linux] [--profile NAME] [--stats] [--json] [--limit N]\n"
    "                  [--input FILE]... ELF|BIN [args...]\n\n"
    "Runs a static RISC-V ELF (RV64GC or RV32IMAFDC) on the interpreter and prints what the\n"
    "guest writes to fd 1. The zkVM profile (default) is specified in docs/zkvm-abi.md; --input\n"
    "preloads FILE as the guest's input bytes. --profile sp1|risc0|openvm|airbender runs a zkVM\n"
    "vendor's own binary under that vendor's ABI (docs/universal-translator.md); each --input is\n"
    "then one buffer of its input channel (an SP1Stdin buffer, RISC Zero stdin, an OpenVM hint\n"
    "vector, Airbender's CSR words). The Linux ABI (--dir, --env, --syscalls, ...) has its own\n"
    "options: see 'rivet exec --abi linux --help'.\n\n"
    "  --stats    instruction count, misaligned accesses, ecalls and the mix by mnemonic (stderr)\n"
    "  --json     one JSON object on stdout: stop, exit_code, instret, stdout, public_values "
    "(hex),\n"
    "             output_digest (hex of the committed words) where the zkVM commits one\n"
    "  --limit N  stop after N instructions (exit status 1)\n" EXEC_ENGINE_USAGE "\n"
    "exit status: 0 when the guest exits with 0, 1 otherwise, 2 usage error\n";

/* Bytes as a lowercase hex string. */
static json_t *hex_json(const uint8_t *p, size_t n)
{
    char *t = malloc(2 * n + 1);
    if (!t) return json_null();
    for (size_t i = 0; i < n; i++)
        snprintf(t + 2 * i, 3, "%02x", p[i]);
    t[2 * n] = 0;
    json_t *j = json_string(t);
    free(t);
    return j;
}

static void report_json(const rv_result *r, const rv_cpu *cpu, const rv_zkvm *z, bool stats,
                        json_t *cost)
{
    json_t *o = json_object();
    exec_result_json(o, r);
    const char *out = z->output.p ? (const char *)z->output.p : "";
    json_object_set_new(o, "output", json_stringn(out, z->output.n));
    json_object_set_new(o, "stdout", json_stringn(out, z->output.n));
    json_object_set_new(o, "public_values", hex_json(z->public_values.p, z->public_values.n));
    if (z->have_digest) {
        uint8_t b[32];
        json_t *w = json_array();
        for (int i = 0; i < 8; i++) {
            char t[16];
            for (int k = 0; k < 4; k++)
                b[4 * i + k] = (uint8_t)(z->digest[i] >> (8 * k));
            snprintf(t, sizeof t, "%08x", z->digest[i]);
            json_array_append_new(w, json_string(t));
        }
        json_object_set_new(o, "output_digest", hex_json(b, 32));
        json_object_set_new(o, "output_digest_words", w);
    }
    json_t *vc = json_object(); /* the target zkVM's accelerator calls (--profile) */
    for (unsigned i = 0; i < RV_ZKVM_V_COUNT; i++)
        if (z->vcalls[i])
            json_object_set_new(vc, rv_zkvm_vcall_name(i), json_integer((json_int_t)z->vcalls[i]));
    if (json_object_size(vc))
        json_object_set_new(o, "vcalls", vc);
    else
        json_decref(vc);
    if (cost) json_object_set_new(o, "cost", cost);
    if (stats) {
        json_t *s = json_object();
        json_object_set_new(s, "misaligned_loads",
                            json_integer((json_int_t)cpu->stats.misaligned_loads));
        json_object_set_new(s, "misaligned_stores",
                            json_integer((json_int_t)cpu->stats.misaligned_stores));
        json_t *calls = json_object();
        for (unsigned i = 0; i < sizeof z->calls / sizeof z->calls[0]; i++)
            if (z->calls[i])
                json_object_set_new(calls, rv_zkvm_call_name(i),
                                    json_integer((json_int_t)z->calls[i]));
        json_object_set_new(s, "ecalls", calls);
        json_object_set_new(s, "mix", exec_mix_json(cpu->stats.mix, NULL, 0));
        json_object_set_new(o, "stats", s);
    }
    json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
    fputc('\n', stdout);
    json_decref(o);
}

static void report_text(const rv_result *r, const rv_cpu *cpu, const rv_zkvm *z)
{
    fprintf(stderr, "instructions: %llu\n", (unsigned long long)r->instret);
    fprintf(stderr, "misaligned: %llu loads, %llu stores\n",
            (unsigned long long)cpu->stats.misaligned_loads,
            (unsigned long long)cpu->stats.misaligned_stores);
    for (unsigned i = 0; i < sizeof z->calls / sizeof z->calls[0]; i++)
        if (z->calls[i])
            fprintf(stderr, "ecall %-26s %llu\n", rv_zkvm_call_name(i),
                    (unsigned long long)z->calls[i]);
    for (unsigned i = 0; i < RV_ZKVM_V_COUNT; i++)
        if (z->vcalls[i])
            fprintf(stderr, "vendor call %-21s %llu\n", rv_zkvm_vcall_name(i),
                    (unsigned long long)z->vcalls[i]);
    fprintf(stderr, "instruction mix:\n");
    json_decref(exec_mix_json(cpu->stats.mix, stderr, r->instret));
}

int cmd_exec(int argc, char **argv)
{
    static const struct option opts[] = {
        {"abi", required_argument, NULL, 'a'},     {"stats", no_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},          {"limit", required_argument, NULL, 'l'},
        {"input", required_argument, NULL, 'i'},   {"help", no_argument, NULL, 'h'},
        {"trace", required_argument, NULL, 'T'},   {"chunk-log2", required_argument, NULL, 'C'},
        {"zstd", no_argument, NULL, 'Z'},          {"aot", no_argument, NULL, 'A'},
        {"profile", required_argument, NULL, 'P'}, {NULL, 0, NULL, 0}};
    if (exec_linux_selected(argc, argv)) return exec_linux(argc, argv);
    if (exec_zisk_selected(argc, argv)) return exec_zisk(argc, argv);
    exec_engine eng = {0};
    const char *abi = "zkvm", *input_path[RV_ZKVM_MAX_INPUTS];
    size_t ninputs = 0;
    bool stats = false, json = false;
    uint64_t limit = UINT64_MAX;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'a': abi = optarg; break;
        case 's': stats = true; break;
        case 'j': json = true; break;
        case 'l': {
            char *end;
            limit = strtoull(optarg, &end, 0);
            if (!*optarg || *end) return cli_usage_error("exec", "bad --limit '%s'", optarg);
            break;
        }
        case 'i':
            if (ninputs == RV_ZKVM_MAX_INPUTS)
                return cli_usage_error("exec", "more than %d --input files", RV_ZKVM_MAX_INPUTS);
            input_path[ninputs++] = optarg;
            break;
        case 'h': fputs(usage, stdout); return EXIT_OK;
        default:
            if (exec_engine_option(&eng, c, optarg)) break;
            return cli_usage_error("exec", "unknown option");
        }
    }
    if (optind >= argc) return cli_usage_error("exec", "missing ELF file");
    if (strcmp(abi, "zkvm") && strcmp(abi, "linux"))
        return cli_usage_error("exec", "unknown --abi '%s' (zkvm or linux)", abi);
    if (!strcmp(abi, "linux")) return exec_linux(argc, argv);
    const char *path = argv[optind];

    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *elf = NULL, *bufs[RV_ZKVM_MAX_INPUTS] = {NULL};
    rv_zkvm_input inputs[RV_ZKVM_MAX_INPUTS];
    size_t elf_len = 0;
    bool read_ok = !file_read_all(path, &elf, &elf_len, &d);
    for (size_t i = 0; read_ok && i < ninputs; i++) {
        inputs[i].n = 0;
        read_ok = !file_read_all(input_path[i], &bufs[i], &inputs[i].n, &d);
        inputs[i].p = bufs[i];
    }
    int rc = EXIT_FAIL;
    rv_mem *mem = read_ok ? rv_mem_new() : NULL;
    rv_cpu cpu;
    rv_zkvm z;
    memset(&z, 0, sizeof z);
    memset(&cpu, 0, sizeof cpu);
    if (!read_ok) {
        fprintf(stderr, "rivet exec: %s\n", d.msg);
        goto done;
    }
    if (ninputs) {
        z.input = inputs[0].p;
        z.input_len = inputs[0].n;
    }
    z.inputs = inputs;
    z.ninputs = ninputs;
    z.echo_out = json ? NULL : stdout;
    z.echo_err = stderr;
    const aot_profile *prof = eng.profile ? aot_profile_find(eng.profile) : NULL;
    if (eng.profile && !prof) {
        exec_engine_profile(&eng, &cpu); /* prints the names */
        goto done;
    }
    z.abi = prof ? prof->abi : RV_ZKVM_ABI_RIVET;
    int xlen = prof && prof->xlen ? prof->xlen : elf_len > 4 && elf[4] == 1 ? 32 : 64;
    rv_cpu_init(&cpu, mem, xlen, RV_EXT_GC);
    cpu.limit = limit;
    if (stats) cpu.stats.mix = calloc(RV_INSN_COUNT, sizeof(uint64_t));
    if (!mem || (stats && !cpu.stats.mix)) {
        fprintf(stderr, "rivet exec: out of memory\n");
        goto done;
    }
    if (rv_zkvm_setup(&cpu, &z, elf, elf_len, &d)) {
        if (d.pos != RIVET_NOPOS)
            fprintf(stderr, "rivet exec: %s: at offset 0x%zx: %s\n", path, d.pos, d.msg);
        else
            fprintf(stderr, "rivet exec: %s: %s\n", path, d.msg);
        goto done;
    }
    rv_result r = exec_engine_run(&eng, &cpu, elf, elf_len);
    fflush(stdout);
    rv_zkvm_finish(&cpu, &z);
    if (eng.failed) goto done;
    if (json) {
        report_json(&r, &cpu, &z, stats, exec_cost_json(&eng, r.instret, NULL));
    } else {
        if (stats) {
            report_text(&r, &cpu, &z);
            json_decref(exec_cost_json(&eng, r.instret, stderr));
        }
        if (r.stop == RV_STOP_TRAP) {
            char text[96] = "?";
            uint8_t b[4] = {0};
            rv_insn in;
            if (rv_mem_read(mem, r.pc, b, 2) && ((b[0] & 3) != 3 || rv_mem_read(mem, r.pc, b, 4))) {
                rv_decode((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                              (uint32_t)b[3] << 24,
                          cpu.xlen, cpu.ext, &in);
                rv_disasm(&in, r.pc, text, sizeof text);
            }
            fprintf(stderr,
                    "rivet exec: trap: %s at pc 0x%llx (%s; tval 0x%llx) after %llu "
                    "instructions\n",
                    rv_cause_str(r.cause), (unsigned long long)r.pc, text,
                    (unsigned long long)r.tval, (unsigned long long)r.instret);
        } else if (r.stop == RV_STOP_LIMIT)
            fprintf(stderr, "rivet exec: instruction limit reached at pc 0x%llx\n",
                    (unsigned long long)r.pc);
        else if (r.stop == RV_STOP_EXIT && r.exit_code)
            fprintf(stderr, "rivet exec: guest exited with %lld\n", (long long)r.exit_code);
    }
    rc = r.stop == RV_STOP_EXIT && r.exit_code == 0 ? EXIT_OK : EXIT_FAIL;
done:
    rv_zkvm_free(&z);
    free(cpu.stats.mix);
    rv_mem_free(mem);
    free(elf);
    for (size_t i = 0; i < ninputs; i++)
        free(bufs[i]);
    return rc;
}
