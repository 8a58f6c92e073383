/* .include: another file's statements read in place (docs/rvasm.md, "Syntax"). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "rvasm/parse_internal.h"

/* .include "file": the file's statements, read where the directive stands. The path is
   relative to the including file's folder; a cycle or more than ASM_MAX_INCLUDE levels is an
   error at the directive. */
void asm_dir_include(asm_ctx *c, stmt *st)
{
    asm_toks *t = st->t;
    if (t->v[t->i].kind != T_STR || t->v[t->i + 1].kind != T_END) {
        ERR(st->mcol, "expected a file name in quotes");
        return;
    }
    uint32_t col = t->v[t->i].col;
    if (c->o->no_include) {
        ERR(st->mcol, "'.include' is turned off");
        return;
    }
    rivet_buf b = {0};
    if (!asm_string(c, &t->v[t->i], &b)) return;
    const char *cur = c->incstack[c->depth], *slash = strrchr(cur, '/');
    int dl = b.n && b.p[0] == '/' ? 0 : slash ? (int)(slash - cur + 1) : 0;
    char *path = arena_alloc(&c->ar, (size_t)dl + b.n + 1, 1); /* lives as long as c */
    if (path) {
        memcpy(path, cur, (size_t)dl);
        memcpy(path + dl, b.p, b.n);
        path[dl + b.n] = 0;
    }
    buf_free(&b);
    if (!path) {
        c->oom = true;
        return;
    }
    for (unsigned k = 0; k <= c->depth; k++)
        if (!strcmp(c->incstack[k], path)) {
            ERR(col, "'%s' includes itself (an include cycle)", path);
            return;
        }
    if (c->depth == ASM_MAX_INCLUDE) {
        ERR(col, "includes nested deeper than %d", ASM_MAX_INCLUDE);
        return;
    }
    uint8_t *text;
    size_t n;
    rivet_diag d;
    rivet_diag_clear(&d);
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) { /* a device or a pipe could block */
        ERR(col, "cannot read '%s': not a regular file", path);
        return;
    }
    if (file_read_all(path, &text, &n, &d) != RIVET_OK) {
        ERR(col, "cannot read '%s': %s", path, d.msg);
        return;
    }
    c->incstack[++c->depth] = path;
    asm_run_source(c, path, (const char *)text, n);
    c->depth--;
    free(text);
}
