/* rivet statetest PATH...: run state-test fixtures (the `state` kind of `rivet fixtures`),
   optionally with an EIP-3155 trace. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "fixtures/fx_state.h"
#include "rivet/hybrid.h"

static void statetest_help(FILE *f)
{
    fprintf(f, "usage: rivet statetest [--hybrid] [--roots] [--trace] [--run TEXT] [--fork NAME] "
               "[-v] PATH...\n\n"
               "Runs the state tests in each PATH (files or folders): for every post[fork][i]\n"
               "the transaction picked by its indexes runs on the pre-state; the post-state\n"
               "root, the logs hash and the expected exception are compared.\n\n"
               "  --trace       EIP-3155 trace on stderr (one JSON line per instruction);\n"
               "                narrow it to one case with --run\n"
               "  --run TEXT    only cases whose name contains TEXT\n"
               "  --fork NAME   only this fork\n"
               "  --hybrid      hybrid chain rules: 0xef52 containers are RISC-V contracts\n"
               "                (docs/hybrid-abi.md); --trace then adds a line per ecall\n"
               "  --trace-insns --hybrid and --trace, plus a line per RISC-V instruction\n"
               "  --roots       print each case's computed state root, logs hash, status and\n"
               "                gas used (one line per case, before the verdict)\n"
               "  -v            list passing cases too\n\n"
               "last line: 'N passed, N failed'; exit 1 on any failure.\n");
}

int cmd_statetest(int argc, char **argv)
{
    char *args[argc + 1];
    hy_vm *vm = NULL;
    int n = 0;
    args[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            statetest_help(stdout);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--trace")) {
            fx_state_trace = stderr;
            continue;
        }
        if (!strcmp(argv[i], "--hybrid") || !strcmp(argv[i], "--trace-insns")) {
            bool insns = !strcmp(argv[i], "--trace-insns");
            if (insns) fx_state_trace = stderr;
            hy_vm_free(vm);
            if (!(vm = hy_vm_new(&(hy_options){.trace_ecalls = true, .trace_insns = insns})))
                return EXIT_FAIL;
            fx_state_vm = hy_vm_runner(vm);
            continue;
        }
        if (!strcmp(argv[i], "--roots")) {
            fx_state_roots = stdout;
            continue;
        }
        if (!strcmp(argv[i], "--json"))
            return cli_usage_error("statetest", "--json: use 'rivet fixtures --json'");
        args[n++] = argv[i];
    }
    args[n] = NULL;
    int rc = cmd_fixtures(n, args);
    fx_state_vm = NULL;
    hy_vm_free(vm);
    return rc;
}
