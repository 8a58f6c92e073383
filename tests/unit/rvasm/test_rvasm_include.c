/* rivet asm .include: paths relative to the including file, diagnostics naming the included
   file's line and column, the lines after an include counted in the including file, cycles
   and the depth limit refused at the directive (no crash, no endless recursion), a missing
   file. The bytes of .include against llvm-mc are the corpus's (tests/rvasm/corpus/include.s). */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rivet/rvasm.h"

static char dir[64];
static char made[32][256]; /* the files put() wrote, removed by cleanup() */
static int nmade;

static void put(const char *name, const char *text)
{
    char *p = made[nmade++];
    snprintf(p, sizeof made[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Assembles dir/name; returns the diagnostics joined by newlines (caller frees). */
static char *run(const char *name, int *ok)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    static char src[4096];
    size_t n = fread(src, 1, sizeof src, f);
    fclose(f);
    asm_opts o = {0};
    assert_int_equal(asm_parse_march("rv64im", &o, NULL), RIVET_OK);
    asm_msgs m = {0};
    asm_unit *u = asm_assemble(p, src, n, &o, &m);
    *ok = u != NULL;
    asm_unit_free(u);
    char *all = calloc(1, 8192);
    for (size_t i = 0; i < m.n; i++) {
        const char *s = strstr(m.v[i], dir); /* drop the temporary folder from the names */
        strcat(all, s ? s + strlen(dir) + 1 : m.v[i]);
        strcat(all, "\n");
    }
    asm_msgs_free(&m);
    return all;
}

static void cleanup(void)
{
    char p[128];
    while (nmade > 0)
        unlink(made[--nmade]);
    snprintf(p, sizeof p, "%s/sub", dir);
    rmdir(p);
    rmdir(dir);
}

static void setup_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/rvasm_inc_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char p[128];
    snprintf(p, sizeof p, "%s/sub", dir);
    assert_int_equal(mkdir(p, 0700), 0);
}

static void positions_and_relative_paths(void **state)
{
    (void)state;
    setup_dir();
    put("main.s", "nop\n.include \"sub/a.inc\" ; bogus1\nbogus2\n");
    put("sub/a.inc", "# a\n.include \"b.inc\"\n  bogus3 x\n");
    put("sub/b.inc", "addi a0, a0, 1\naddi a0, a0, 4096\n");
    int ok;
    char *msgs = run("main.s", &ok);
    assert_false(ok);
    assert_string_equal(
        msgs, "main.s:2:24: error: unrecognized instruction mnemonic\n" /* after .include */
              "sub/b.inc:2:14: error: immediate must be an integer in the range [-2048, 2047]\n"
              "sub/a.inc:3:3: error: unrecognized instruction mnemonic\n"
              "main.s:3:1: error: unrecognized instruction mnemonic\n");
    free(msgs);
    cleanup();
}

static void cycles_depth_and_missing(void **state)
{
    (void)state;
    setup_dir();
    put("self.s", "nop\n.include \"self.s\"\n");
    put("x.s", ".include \"sub/y.s\"\n");
    put("sub/y.s", ".include \"../x.s\"\n");
    put("miss.s", ".include \"nowhere.s\"\n.include\n");
    char chain[32];
    for (int i = 0; i < 20; i++) { /* d0.s includes d1.s ... d19.s */
        char text[64];
        snprintf(chain, sizeof chain, "d%d.s", i);
        snprintf(text, sizeof text, ".include \"d%d.s\"\n", i + 1);
        put(chain, text);
    }
    put("d20.s", "nop\n");
    int ok;
    char *m = run("self.s", &ok);
    assert_false(ok);
    assert_non_null(strstr(m, "self.s:2:10: error: "));
    assert_non_null(strstr(m, "includes itself"));
    free(m);
    m = run("x.s", &ok); /* x.s and sub/../x.s are one file: the depth limit stops it */
    assert_false(ok);
    assert_non_null(strstr(m, "error: includes nested deeper than 16"));
    free(m);
    m = run("miss.s", &ok);
    assert_false(ok);
    assert_non_null(strstr(m, "miss.s:1:10: error: cannot read"));
    assert_non_null(strstr(m, "miss.s:2:1: error: expected a file name in quotes"));
    free(m);
    m = run("d0.s", &ok);
    assert_false(ok);
    assert_non_null(strstr(m, "d16.s:1:10: error: includes nested deeper than 16"));
    free(m);
    m = run("d5.s", &ok); /* 15 levels: fine */
    assert_true(ok);
    assert_string_equal(m, "");
    free(m);
    cleanup();
}

/* A link-time error (an undefined symbol) names the included file, line and column. */
static void link_errors_name_the_included_file(void **state)
{
    (void)state;
    setup_dir();
    put("m.s", "nop\n.include \"sub/l.inc\"\n");
    put("sub/l.inc", "\n  call missing\n");
    char p[256];
    snprintf(p, sizeof p, "%s/m.s", dir);
    static const char src[] = "nop\n.include \"sub/l.inc\"\n";
    asm_opts o = {0};
    assert_int_equal(asm_parse_march("rv64im", &o, NULL), RIVET_OK);
    asm_msgs m = {0};
    asm_unit *u = asm_assemble(p, src, sizeof src - 1, &o, &m);
    assert_non_null(u);
    asm_image img;
    rivet_diag d;
    rivet_diag_clear(&d);
    assert_int_not_equal(asm_link(u, NULL, &img, &d), RIVET_OK);
    const char *s = strstr(d.msg, dir);
    assert_non_null(s);
    assert_string_equal(s + strlen(dir), "/sub/l.inc:2:8: error: undefined symbol 'missing'");
    asm_unit_free(u);
    asm_msgs_free(&m);
    cleanup();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(positions_and_relative_paths),
        cmocka_unit_test(cycles_depth_and_missing),
        cmocka_unit_test(link_errors_name_the_included_file),
    };
    return test_main(tests);
}
