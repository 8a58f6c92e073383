#include "rivet/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *rivet_status_str(rivet_status s)
{
    switch (s) {
#define X(name, text)                                                                              \
    case RIVET_##name: return text;
        RIVET_STATUS_LIST(X)
#undef X
    }
    return "unknown status";
}

rivet_status rivet_fail(rivet_diag *d, rivet_status code, size_t pos, const char *fmt, ...)
{
    if (!d || d->code != RIVET_OK) return code;
    d->code = code;
    d->pos = pos;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return code;
}

void rivet_diag_clear(rivet_diag *d)
{
    d->code = RIVET_OK;
    d->pos = RIVET_NOPOS;
    d->msg[0] = 0;
}
