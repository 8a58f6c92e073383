/* rivet replay: re-execute every chunk of a minimal trace alone and check the whole trace. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "rivet/aot.h"
#include "rivet/bytes.h"
#include "rivet/trace.h"

static const char usage[] =
    "usage: rivet replay [--threads N] [--stats] [--input FILE] [--output] [--profile NAME] "
    "TRACE ELF\n"
    "       rivet replay --argv [--env K=V]... [--seed N] [options] TRACE ELF [ARGS...]\n\n"
    "Replays every chunk of TRACE (written by rivet exec --trace) alone, from its header and\n"
    "read log only, against the program ELF, and checks the trace: each chunk's end state is\n"
    "the next chunk's start state, and every logged memory word agrees with the program image\n"
    "and the earlier chunks' writes (input words too when --input gives the guest input).\n\n"
    "  --threads N  replay chunks on N threads (default 1)\n"
    "  --stats      per-chunk operation counts (the input of a prover's planner)\n"
    "  --output     print the guest's fd-1 output reproduced by the replay\n"
    "  --no-memory-check  skip the cross-chunk memory check (it is sequential)\n"
    "  --profile NAME     the run's target zkVM profile (its ISA: instructions outside it trap,\n"
    "                     as they did in the run)\n"
    "  --argv       Linux traces: ELF and ARGS are the run's argv (as given to rivet exec\n"
    "               --abi linux), with its --env and --seed: the initial stack is checked\n"
    "               byte for byte (else it is taken from the trace)\n"
    "  --env K=V    an environment variable of the run (repeatable)\n"
    "  --seed N     the run's --seed\n\n"
    "exit status: 0 trace accepted, 1 rejected (the chunk and the reason on stderr)\n";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int cmd_replay(int argc, char **argv)
{
    static const struct option opts[] = {{"threads", required_argument, NULL, 't'},
                                         {"stats", no_argument, NULL, 's'},
                                         {"input", required_argument, NULL, 'i'},
                                         {"output", no_argument, NULL, 'o'},
                                         {"no-memory-check", no_argument, NULL, 'm'},
                                         {"argv", no_argument, NULL, 'a'},
                                         {"env", required_argument, NULL, 'e'},
                                         {"seed", required_argument, NULL, 'r'},
                                         {"profile", required_argument, NULL, 'P'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    trace_replay_opts ro = {.threads = 1};
    char *envs[256];
    const char *input_path = NULL;
    bool show_output = false;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 't': {
            char *end;
            unsigned long n = strtoul(optarg, &end, 10);
            if (!*optarg || *end || n < 1 || n > 256)
                return cli_usage_error("replay", "bad --threads '%s'", optarg);
            ro.threads = (unsigned)n;
            break;
        }
        case 's': ro.stats = true; break;
        case 'i': input_path = optarg; break;
        case 'o': show_output = true; break;
        case 'm': ro.no_memory_check = true; break;
        case 'a': ro.linux_args = true; break;
        case 'e':
            if (ro.envc == 255 || !strchr(optarg, '='))
                return cli_usage_error("replay", "bad --env '%s' (K=V)", optarg);
            envs[ro.envc++] = optarg;
            break;
        case 'r': {
            char *end;
            ro.seed = strtoull(optarg, &end, 0);
            if (!*optarg || *end) return cli_usage_error("replay", "bad --seed '%s'", optarg);
            break;
        }
        case 'P': {
            const aot_profile *p = aot_profile_find(optarg);
            if (!p) return cli_usage_error("replay", "unknown --profile '%s'", optarg);
            ro.ext = p->ext | RV_EXT_I;
            break;
        }
        case 'h': fputs(usage, stdout); return EXIT_OK;
        default: return cli_usage_error("replay", "unknown option");
        }
    }
    if (argc - optind < 2 || (argc - optind > 2 && !ro.linux_args))
        return cli_usage_error("replay", "need TRACE and ELF (and ARGS only with --argv)");
    envs[ro.envc] = NULL;
    ro.envp = envs;
    ro.argc = argc - optind - 1;
    ro.argv = argv + optind + 1;
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *tr = NULL, *elf = NULL, *input = NULL;
    size_t tr_len = 0, elf_len = 0, input_len = 0;
    int rc = EXIT_FAIL;
    if (file_read_all(argv[optind], &tr, &tr_len, &d) ||
        file_read_all(argv[optind + 1], &elf, &elf_len, &d) ||
        (input_path && file_read_all(input_path, &input, &input_len, &d))) {
        fprintf(stderr, "rivet replay: %s\n", d.msg);
        goto done;
    }
    ro.input = input;
    ro.input_len = input_len;
    ro.have_input = input_path != NULL;
    trace_replay_report rep;
    double t0 = now();
    if (trace_replay(tr, tr_len, elf, elf_len, &ro, &rep, &d)) {
        fprintf(stderr, "rivet replay: %s\n", d.msg);
        goto done;
    }
    double dt = now() - t0;
    if (show_output) fwrite(rep.output, 1, rep.output_len, stdout);
    if (ro.stats && rep.stats) {
        printf("chunk start_step steps reads alu mul div load store branch jump ecall other "
               "pages\n");
        trace_chunk_stats tot = {0};
        for (uint64_t i = 0; i < rep.chunks && (rep.ok || i < rep.bad_chunk); i++) {
            const trace_chunk_stats *s = &rep.stats[i];
            const uint64_t v[] = {s->id,   s->start_step, s->steps, s->reads, s->alu,
                                  s->mul,  s->div,        s->load,  s->store, s->branch,
                                  s->jump, s->ecall,      s->other, s->pages};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
                printf("%llu%c", (unsigned long long)v[k],
                       k + 1 < sizeof v / sizeof v[0] ? ' ' : '\n');
            tot.steps += s->steps, tot.reads += s->reads, tot.alu += s->alu, tot.mul += s->mul;
            tot.div += s->div, tot.load += s->load, tot.store += s->store;
            tot.branch += s->branch, tot.jump += s->jump, tot.ecall += s->ecall;
            tot.other += s->other, tot.pages += s->pages;
        }
        printf("total - %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu\n",
               (unsigned long long)tot.steps, (unsigned long long)tot.reads,
               (unsigned long long)tot.alu, (unsigned long long)tot.mul,
               (unsigned long long)tot.div, (unsigned long long)tot.load,
               (unsigned long long)tot.store, (unsigned long long)tot.branch,
               (unsigned long long)tot.jump, (unsigned long long)tot.ecall,
               (unsigned long long)tot.other, (unsigned long long)tot.pages);
    }
    if (rep.ok) {
        fprintf(stderr,
                "replay ok: %llu chunks, %llu steps, %llu log words, %.2f B/step, end %s %lld, "
                "%.3f s (%.1f M steps/s, %u threads)\n",
                (unsigned long long)rep.chunks, (unsigned long long)rep.steps,
                (unsigned long long)rep.reads, rep.steps ? (double)tr_len / (double)rep.steps : 0,
                rep.end == TRACE_END_EXIT   ? "exit"
                : rep.end == TRACE_END_TRAP ? "trap"
                                            : "stop",
                (long long)rep.exit_code, dt, dt > 0 ? (double)rep.steps / dt / 1e6 : 0,
                ro.threads);
        if (rep.flags & TRACE_F_PREV_CLK)
            fprintf(stderr, "prev-clk extras ok: %llu (%.2f B/step)\n",
                    (unsigned long long)rep.extras,
                    rep.steps ? 8.0 * (double)(rep.extras + rep.chunks) / (double)rep.steps : 0);
        rc = EXIT_OK;
    } else {
        fprintf(stderr, "replay rejected: chunk %llu: %s\n", (unsigned long long)rep.bad_chunk,
                rep.why);
    }
    free(rep.stats);
    free(rep.output);
done:
    free(tr);
    free(elf);
    free(input);
    return rc;
}
