/* rivet evm --code HEX|@FILE: run bytecode as a call on an otherwise empty state. */
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rivet/bytes.h"
#include "rivet/exec.h"
#include "rivet/hybrid.h"

static void evm_help(FILE *f)
{
    fprintf(f,
            "usage: rivet evm --code HEX|@FILE [options]\n\n"
            "Runs bytecode as a call from a funded sender to the account holding it and prints\n"
            "the output, the gas used and the status.\n\n"
            "  --code HEX|@FILE   the code (hex, or a file holding hex)\n"
            "  --input HEX|@FILE  call data\n"
            "  --fork NAME        rules (default Osaka; London..Osaka)\n"
            "  --gas N            gas limit of the call (default 1000000000)\n"
            "  --repeat N         run the same call N times (benchmarks), fresh state each\n"
            "  --disasm           print the disassembly instead of running\n"
            "  --trace            EIP-3155 trace on stderr\n"
            "  --time             also print the mean wall time per run (not deterministic)\n"
            "  --json             one JSON object: output, gas_used, status (and time_us)\n"
            "  --hybrid           hybrid chain rules: a 0xef52 container runs as a RISC-V\n"
            "                     contract (docs/hybrid-abi.md); --trace adds its ecalls\n"
            "  --trace-insns      --trace, plus a line per RISC-V instruction\n\n"
            "exit status: 0 when the call succeeds, 1 when it reverts or fails, 2 usage error\n");
}

static int load_hex(const char *arg, uint8_t **out, size_t *len)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *text = NULL;
    size_t tlen = strlen(arg);
    const char *s = arg;
    if (arg[0] == '@') {
        if (file_read_all(arg + 1, &text, &tlen, &d) != RIVET_OK) {
            fprintf(stderr, "rivet evm: %s\n", d.msg);
            return -1;
        }
        s = (const char *)text;
        while (tlen && (s[tlen - 1] == '\n' || s[tlen - 1] == '\r' || s[tlen - 1] == ' '))
            tlen--;
    }
    rivet_status st = hex_decode_alloc(out, len, s, tlen, HEX_PREFIX_OPT, &d);
    free(text);
    if (st != RIVET_OK) {
        fprintf(stderr, "rivet evm: bad hex: %s\n", d.msg);
        return -1;
    }
    return 0;
}

int cmd_evm(int argc, char **argv)
{
    static const struct option opts[] = {{"code", required_argument, 0, 'c'},
                                         {"input", required_argument, 0, 'i'},
                                         {"fork", required_argument, 0, 'f'},
                                         {"gas", required_argument, 0, 'g'},
                                         {"repeat", required_argument, 0, 'r'},
                                         {"disasm", no_argument, 0, 'd'},
                                         {"trace", no_argument, 0, 't'},
                                         {"time", no_argument, 0, 'T'},
                                         {"json", no_argument, 0, 'j'},
                                         {"hybrid", no_argument, 0, 'H'},
                                         {"trace-insns", no_argument, 0, 'I'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *code_arg = NULL, *input_arg = NULL;
    int fork = FORK_OSAKA, disasm = 0, trace = 0, timing = 0, json = 0, hybrid = 0, insns = 0;
    uint64_t gas = 1000000000, repeat = 1;
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (o) {
        case 'c': code_arg = optarg; break;
        case 'i': input_arg = optarg; break;
        case 'f':
            fork = fork_from_name(optarg);
            if (fork < FORK_LONDON || fork > FORK_OSAKA)
                return cli_usage_error("evm", "fork '%s' not supported (London..Osaka)", optarg);
            break;
        case 'g': gas = strtoull(optarg, NULL, 0); break;
        case 'r': repeat = strtoull(optarg, NULL, 0); break;
        case 'd': disasm = 1; break;
        case 't': trace = 1; break;
        case 'T': timing = 1; break;
        case 'j': json = 1; break;
        case 'H': hybrid = 1; break;
        case 'I': trace = insns = 1; break;
        case 'h': evm_help(stdout); return EXIT_OK;
        default: return cli_usage_error("evm", "bad option");
        }
    }
    if (!code_arg) return cli_usage_error("evm", "--code is required");
    if (gas > INT64_MAX || repeat == 0) return cli_usage_error("evm", "bad --gas or --repeat");
    uint8_t *code = NULL, *input = NULL;
    size_t clen = 0, ilen = 0;
    if (load_hex(code_arg, &code, &clen) || (input_arg && load_hex(input_arg, &input, &ilen))) {
        free(code);
        return EXIT_USAGE;
    }
    if (disasm) {
        evm_disassemble(stdout, code, clen, (rivet_fork)fork);
        free(code);
        return EXIT_OK;
    }
    evm_tracer tr = {.out = stderr};
    evm_result r = {0};
    hy_vm *vm =
        hybrid ? hy_vm_new(&(hy_options){.trace_ecalls = true, .trace_insns = insns}) : NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (uint64_t i = 0; i < repeat; i++) {
        free(r.output);
        r = (evm_result){0};
        if (exec_call_code_vm((rivet_fork)fork, vm ? hy_vm_runner(vm) : NULL, code, clen, input,
                              ilen, gas, trace ? &tr : NULL, &r) != RIVET_OK) {
            fprintf(stderr, "rivet evm: out of memory\n");
            free(code);
            free(input);
            return EXIT_FAIL;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double us = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / 1e3 /
                (double)repeat;
    char *out_hex = hex_encode_alloc(r.output, r.output_size, 1);
    uint64_t used = gas - (uint64_t)r.gas_left;
    if (json) {
        printf("{\"output\":\"%s\",\"gas_used\":%" PRIu64 ",\"status\":\"%s\"", out_hex, used,
               evm_status_str(r.status));
        if (timing) printf(",\"time_us\":%.3f", us);
        if (vm) {
            hy_stats hs = hy_vm_stats(vm);
            printf(",\"riscv\":{\"frames\":%" PRIu64 ",\"instructions\":%" PRIu64
                   ",\"ecalls\":%" PRIu64 ",\"pages\":%" PRIu64 ",\"programs_decoded\":%" PRIu64
                   "}",
                   hs.frames / repeat, hs.instructions / repeat, hs.ecalls / repeat,
                   hs.pages / repeat, hs.programs_decoded);
        }
        printf("}\n");
    } else {
        printf("output: %s\ngas used: %" PRIu64 "\nstatus: %s\n", out_hex, used,
               evm_status_str(r.status));
        if (timing) printf("time per run: %.3f us\n", us);
    }
    free(out_hex);
    int rc = r.status == EVM_SUCCESS ? EXIT_OK : EXIT_FAIL;
    hy_vm_free(vm);
    free(r.output);
    free(code);
    free(input);
    return rc;
}
