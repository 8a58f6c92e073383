/* Locates ../shared/fixtures relative to the source tree (from __FILE__). */
#ifndef RIVET_TEST_FIXTURE_DIR_H
#define RIVET_TEST_FIXTURE_DIR_H

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Writes the path of fixtures/<rel> into out; returns 1 when it exists. */
static inline int fixture_path(char *out, size_t cap, const char *rel)
{
    const char *src = __FILE__, *cut = strstr(src, "tests/unit/");
    if (!cut) return 0;
    snprintf(out, cap, "%.*s../shared/fixtures/%s", (int)(cut - src), src, rel);
    struct stat st;
    return stat(out, &st) == 0;
}

#endif
