/* Shared helpers of the `rivet` subcommands. Exit codes: 0 ok, 1 failure, 2 usage error. */
#ifndef RIVET_TOOLS_CLI_H
#define RIVET_TOOLS_CLI_H

#include <stdio.h>

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#define X(name, fn, summary) int fn(int argc, char **argv);
#include "commands.def"
#undef X

/* Prints "rivet CMD: message" to stderr and returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when progress lines may be drawn (stderr is a terminal). */
int cli_progress_enabled(void);
/* Writes bytes to path (stdout when NULL): raw, or as 0x-hex with a newline. Prints the error
   and returns EXIT_FAIL when the file cannot be written. */
int cli_write_bytes(const char *path, const unsigned char *b, size_t n, int hex);

#endif
