/* rivet blocktest PATH...: run blockchain-test fixtures (the `blockchain` kind of
   `rivet fixtures`). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void blocktest_help(FILE *f)
{
    fprintf(f, "usage: rivet blocktest [--run TEXT] [--fork NAME] [-v] PATH...\n\n"
               "Runs the blockchain tests in each PATH (files or folders): the genesis state is\n"
               "built from `pre`, the blocks are imported in order (each one marked\n"
               "expectException must be rejected, every other accepted: header, body,\n"
               "transactions, system calls, withdrawals, requests, receipts, state root), and\n"
               "the chain must end at `lastblockhash` with `postState`.\n\n"
               "  --run TEXT    only tests whose name contains TEXT\n"
               "  --fork NAME   only tests of this network\n"
               "  -v            list passing tests, and rejections named differently from\n"
               "                the fixture's expectException\n\n"
               "last line: 'N passed, N failed'; exit 1 on any failure.\n");
}

int cmd_blocktest(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            blocktest_help(stdout);
            return EXIT_OK;
        }
    }
    return cmd_fixtures(argc, argv);
}
