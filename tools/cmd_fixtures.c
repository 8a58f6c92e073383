/* rivet fixtures PATH...: walk files and folders, detect each JSON file's format, run it. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fixtures/fx.h"
#include "rivet/bytes.h"

struct fx_kind {
    const char *name;
    int (*detect)(json_t *);
    void (*run)(fx_ctx *, json_t *);
};

static const struct fx_kind fx_kinds[] = {
#define X(name, detect, run) {#name, detect, run},
#include "fixtures/kinds.def"
#undef X
    {NULL, NULL, NULL}};

static int fx_by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fx_run_file(fx_ctx *c, const char *path)
{
    rivet_diag d;
    rivet_diag_clear(&d);
    uint8_t *data;
    size_t len;
    c->file = path;
    c->kind = "?";
    if (file_read_all(path, &data, &len, &d) != RIVET_OK) {
        fx_fail(c, "(file)", "%s", d.msg);
        return;
    }
    json_error_t je;
    json_t *root = json_loadb((const char *)data, len, JSON_ALLOW_NUL, &je);
    free(data);
    if (!root) {
        fx_fail(c, "(file)", "JSON error at line %d column %d: %s", je.line, je.column, je.text);
        return;
    }
    const struct fx_kind *k = fx_kinds;
    while (k->name && !k->detect(root))
        k++;
    if (!k->name) {
        c->unknown_files++;
        if (!c->json)
            printf("UNKNOWN %s: format not recognised (not counted)\n", path);
        else
            json_array_append_new(c->report,
                                  json_pack("{s:s, s:s}", "file", path, "kind", "unknown"));
    } else {
        c->kind = k->name;
        k->run(c, root);
    }
    json_decref(root);
}

static void fx_walk(fx_ctx *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        c->file = path;
        fx_fail(c, "(path)", "cannot access");
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        fx_run_file(c, path);
        return;
    }
    DIR *dir = opendir(path);
    if (!dir) {
        c->file = path;
        fx_fail(c, "(path)", "cannot open folder");
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') continue;
        size_t l = strlen(e->d_name);
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        struct stat es;
        if (stat(full, &es) != 0) continue;
        if (!S_ISDIR(es.st_mode) && (l < 5 || strcmp(e->d_name + l - 5, ".json") != 0)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            names = realloc(names, cap * sizeof *names);
        }
        names[n++] = strdup(full);
    }
    closedir(dir);
    if (n > 1) qsort(names, n, sizeof *names, fx_by_name); /* deterministic order */
    for (size_t i = 0; i < n; i++) {
        fx_walk(c, names[i]);
        free(names[i]);
    }
    free(names);
}

static void fx_help(FILE *f)
{
    fprintf(f, "usage: rivet fixtures [options] PATH...\n\n"
               "Runs every case of the JSON fixture files under each PATH. The format of each\n"
               "file is recognised by its shape; unknown formats are listed, never counted.\n\n"
               "options:\n"
               "  --json          machine-readable report on stdout\n"
               "  --run TEXT      only cases whose name contains TEXT\n"
               "  --fork NAME     only this fork, where a format has forks\n"
               "  -v, --verbose   list passing cases too\n"
               "  -h, --help      this text\n\n"
               "formats:");
    for (const struct fx_kind *k = fx_kinds; k->name; k++)
        fprintf(f, " %s", k->name);
    fprintf(f, "\n\nlast line: 'N passed, N failed'; exit 1 on any failure.\n");
}

int cmd_fixtures(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, 0, 'j'},       {"run", required_argument, 0, 'r'},
        {"fork", required_argument, 0, 'f'}, {"verbose", no_argument, 0, 'v'},
        {"help", no_argument, 0, 'h'},       {0, 0, 0, 0}};
    fx_ctx c = {0};
    int o;
    optind = 1;
    while ((o = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
        switch (o) {
        case 'j': c.json = 1; break;
        case 'r': c.filter = optarg; break;
        case 'f': c.fork = optarg; break;
        case 'v': c.verbose = 1; break;
        case 'h': fx_help(stdout); return EXIT_OK;
        default: return cli_usage_error("fixtures", "bad option");
        }
    }
    if (optind >= argc) return cli_usage_error("fixtures", "no PATH given");
    if (c.json) c.report = json_array();
    for (int i = optind; i < argc; i++)
        fx_walk(&c, argv[i]);
    if (c.json) {
        json_t *out = json_pack("{s:I, s:I, s:I, s:o}", "passed", (json_int_t)c.passed, "failed",
                                (json_int_t)c.failed, "unknown_files", (json_int_t)c.unknown_files,
                                "cases", c.report);
        json_dumpf(out, stdout, JSON_INDENT(1));
        fputc('\n', stdout);
        json_decref(out);
    } else if (c.unknown_files) {
        printf("%zu file(s) of unknown format\n", c.unknown_files);
    }
    if (c.blocks)
        fprintf(c.json ? stderr : stdout,
                "%zu block(s) imported, %zu re-validated from generated witnesses, %zu rejected "
                "with a node removed\n",
                c.blocks, c.witnessed, c.removals);
    /* with --json, stdout stays one JSON document and the summary goes to stderr */
    fprintf(c.json ? stderr : stdout, "%zu passed, %zu failed\n", c.passed, c.failed);
    if (c.passed + c.failed == 0) {
        fprintf(stderr, "rivet fixtures: no test case ran\n");
        return EXIT_FAIL;
    }
    return c.failed ? EXIT_FAIL : EXIT_OK;
}
