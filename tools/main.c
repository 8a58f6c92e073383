/* rivet: git-style front end. Each subcommand lives in its own file and is listed once in
   commands.def. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
};

static const struct command commands[] = {
#define X(name, fn, summary) {#name, fn, summary},
#include "commands.def"
#undef X
};

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "rivet %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'rivet %s --help')\n", cmd);
    return EXIT_USAGE;
}

int cli_write_bytes(const char *path, const unsigned char *b, size_t n, int hex)
{
    FILE *o = path ? fopen(path, "wb") : stdout;
    if (!o) {
        fprintf(stderr, "rivet: cannot write %s\n", path);
        return EXIT_FAIL;
    }
    if (hex) {
        fputs("0x", o);
        for (size_t i = 0; i < n; i++)
            fprintf(o, "%02x", b[i]);
        fputc('\n', o);
    } else {
        fwrite(b, 1, n, o);
    }
    int bad = ferror(o);
    if (path) bad |= fclose(o);
    if (bad) fprintf(stderr, "rivet: cannot write %s\n", path ? path : "stdout");
    return bad ? EXIT_FAIL : EXIT_OK;
}

int cli_progress_enabled(void)
{
    return isatty(2);
}

static void print_help(FILE *f)
{
    fprintf(f,
            "usage: rivet [--version] [--help] <command> [<args>]\n\n"
            "rivet (RIsc-V + EVm Toolkit) %s: Ethereum execution, RISC-V emulation and traces.\n\n"
            "commands:\n",
            RIVET_VERSION);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "  %-12s %s\n", "help", "show this list, or 'rivet help CMD' for one command");
    fprintf(f, "\nexit status: 0 success, 1 failure, 2 usage error\n");
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("rivet %s\n", RIVET_VERSION);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (argc > 2 && strcmp(cmd, "help") == 0) {
            const struct command *c = find_command(argv[2]);
            if (!c) {
                fprintf(stderr, "rivet: unknown command '%s'\n", argv[2]);
                return EXIT_USAGE;
            }
            char *args[] = {(char *)c->name, "--help", NULL};
            return c->fn(2, args);
        }
        print_help(stdout);
        return EXIT_OK;
    }
    const struct command *c = find_command(cmd);
    if (!c) {
        fprintf(stderr, "rivet: unknown command '%s' (see 'rivet help')\n", cmd);
        return EXIT_USAGE;
    }
    return c->fn(argc - 1, argv + 1);
}
