/* Status codes and diagnostics: every boundary returns a status and fills a diag. */
#ifndef RIVET_STATUS_H
#define RIVET_STATUS_H

#include <stddef.h>

/* On every function whose result says whether it failed (a rivet_status, a failure bool): the
   compiler warns when a caller drops it, and CI builds with -Werror. GCC does not accept a
   `(void)` cast as using it: a result ignored on purpose is tested, with a comment saying why,
   `if (f(...) != RIVET_OK) continue; // why`. */
#define RIVET_MUST_USE __attribute__((warn_unused_result))
/* A call made to exercise the code, its result deliberately not judged (fuzz harnesses only;
   library code tests what it calls). */
#define RIVET_IGNORE(call) ((void)!(call))

#define RIVET_STATUS_LIST(X)                                                                       \
    X(OK, "ok")                                                                                    \
    X(EINPUT, "malformed input")                                                                   \
    X(ERANGE, "value out of range")                                                                \
    X(ENOMEM, "out of memory")                                                                     \
    X(EIO, "i/o error")                                                                            \
    X(EUNSUPPORTED, "unsupported")                                                                 \
    X(EMISSING, "missing data")                                                                    \
    X(EINVALID, "invalid")                                                                         \
    X(EUSAGE, "usage error")

typedef enum {
#define X(name, text) RIVET_##name,
    RIVET_STATUS_LIST(X)
#undef X
} rivet_status;

/* A diagnostic: what went wrong and where (byte offset into the input, or SIZE_MAX). */
typedef struct rivet_diag {
    rivet_status code;
    size_t pos;
    char msg[256];
} rivet_diag;

#define RIVET_NOPOS ((size_t)-1)

const char *rivet_status_str(rivet_status s);

/* Records a failure in d (d may be NULL) and returns code, so callers can `return rivet_fail(...)`.
   The first failure recorded wins; later calls keep the original message. */
rivet_status rivet_fail(rivet_diag *d, rivet_status code, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void rivet_diag_clear(rivet_diag *d);

#endif
