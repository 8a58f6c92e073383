/* Syscall dispatch, the census, and the small stateless syscalls (identity, limits, signals
   bookkeeping, randomness, uname, hwprobe). */
#include <stdarg.h>

#include "rvsys/rvs_internal.h"

/* clang-format off */
const char *rvs_sys_name(uint64_t nr)
{
    switch (nr) {
#define S(n, name, fn) case n: return #name;
#define U(n, name) case n: return #name;
#include "rvsys/sys.def"
#undef S
#undef U
    }
    return NULL;
}

static bool sys_supported(uint64_t nr)
{
    switch (nr) {
#define S(n, name, fn) case n: return true;
#define U(n, name)
#include "rvsys/sys.def"
#undef S
#undef U
    }
    return false;
}
/* clang-format on */

void rvs_note(rvs_linux *L, uint64_t nr, const char *fmt, ...)
{
    if (nr >= RVS_NSYS) return;
    rvs_sysstat *s = &L->sys[nr];
    char key[sizeof s->pat[0].key];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(key, sizeof key, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < s->npat; i++)
        if (!strcmp(s->pat[i].key, key)) {
            s->pat[i].count++;
            return;
        }
    rvs_pattern *p = realloc(s->pat, (s->npat + 1) * sizeof *p);
    if (!p) return;
    s->pat = p;
    memcpy(p[s->npat].key, key, sizeof key);
    p[s->npat++].count = 1;
}

/* splitmix64: AT_RANDOM and getrandom are a pure function of the seed. */
uint64_t rvs_rand64(rvs_linux *L)
{
    uint64_t z = (L->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

bool rvs_get_str(rvs_linux *L, uint64_t addr, char *dst, size_t cap)
{
    return rv_mem_read_str(L->mem, addr, dst, cap) >= 0;
}

static rv_env_action on_ecall(rv_cpu *cpu)
{
    rvs_linux *L = cpu->env_ctx;
    const uint64_t nr = cpu->h.x[17];
    const uint64_t a[6] = {cpu->h.x[10], cpu->h.x[11], cpu->h.x[12],
                           cpu->h.x[13], cpu->h.x[14], cpu->h.x[15]};
    int64_t r;
    L->total++;
    if (nr < RVS_NSYS)
        L->sys[nr].count++;
    else
        L->unknown_high++;
    /* clang-format off */
    switch (nr) {
#define S(n, name, fn) case n: r = fn(L, cpu, a); break;
#define U(n, name)
#include "rvsys/sys.def"
#undef S
#undef U
    default: r = -ENOSYS; break;
    }
    /* clang-format on */
    if (L->exited) return RV_ENV_EXIT;
    if (L->deadlock) return rv_cpu_trap(cpu, RV_CAUSE_ECALL, nr);
    if (r == RVS_SWITCHED) return RV_ENV_STOP;
    cpu->h.x[10] = (uint64_t)r;
    return RV_ENV_CONTINUE;
}

const rv_env rvs_env = {.ecall = on_ecall, .ebreak = NULL};

/* ---------------------------------------------------------------- census output */

static void json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            fprintf(out, "\\u%04x", *s);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

static int pat_cmp(const void *x, const void *y)
{
    return strcmp(((const rvs_pattern *)x)->key, ((const rvs_pattern *)y)->key);
}

static void sort_patterns(const rvs_linux *L)
{
    for (size_t nr = 0; nr < RVS_NSYS; nr++)
        if (L->sys[nr].npat > 1)
            qsort(L->sys[nr].pat, L->sys[nr].npat, sizeof(rvs_pattern), pat_cmp);
}

static void nr_name(uint64_t nr, char *buf, size_t cap)
{
    const char *n = rvs_sys_name(nr);
    if (n)
        snprintf(buf, cap, "%s", n);
    else
        snprintf(buf, cap, "syscall_%llu", (unsigned long long)nr);
}

void rvs_census_json(const rvs_linux *L, FILE *out)
{
    sort_patterns(L);
    char name[48];
    fprintf(out, "{\"total\":%llu,\"threads\":%d,\"syscalls\":[", (unsigned long long)L->total,
            L->max_threads);
    bool first = true;
    for (uint64_t nr = 0; nr < RVS_NSYS; nr++) {
        const rvs_sysstat *s = &L->sys[nr];
        if (!s->count) continue;
        nr_name(nr, name, sizeof name);
        fprintf(out, "%s{\"nr\":%llu,\"name\":", first ? "" : ",", (unsigned long long)nr);
        json_str(out, name);
        fprintf(out, ",\"count\":%llu,\"supported\":%s,\"patterns\":{",
                (unsigned long long)s->count, sys_supported(nr) ? "true" : "false");
        for (size_t i = 0; i < s->npat; i++) {
            if (i) fputc(',', out);
            json_str(out, s->pat[i].key);
            fprintf(out, ":%llu", (unsigned long long)s->pat[i].count);
        }
        fputs("}}", out);
        first = false;
    }
    fputs("],\"unsupported\":[", out);
    first = true;
    for (uint64_t nr = 0; nr < RVS_NSYS; nr++) {
        if (!L->sys[nr].count || sys_supported(nr)) continue;
        nr_name(nr, name, sizeof name);
        fprintf(out, "%s{\"nr\":%llu,\"name\":", first ? "" : ",", (unsigned long long)nr);
        json_str(out, name);
        fprintf(out, ",\"count\":%llu}", (unsigned long long)L->sys[nr].count);
        first = false;
    }
    if (L->unknown_high)
        fprintf(out, "%s{\"nr\":-1,\"name\":\"out_of_range\",\"count\":%llu}", first ? "" : ",",
                (unsigned long long)L->unknown_high);
    fputs("]}\n", out);
}

void rvs_census_text(const rvs_linux *L, FILE *out)
{
    sort_patterns(L);
    char name[48];
    fprintf(out, "syscalls: %llu calls, %d threads\n", (unsigned long long)L->total,
            L->max_threads);
    for (uint64_t nr = 0; nr < RVS_NSYS; nr++) {
        const rvs_sysstat *s = &L->sys[nr];
        if (!s->count) continue;
        nr_name(nr, name, sizeof name);
        fprintf(out, "  %4llu %-18s %10llu%s", (unsigned long long)nr, name,
                (unsigned long long)s->count, sys_supported(nr) ? "" : "  UNSUPPORTED");
        for (size_t i = 0; i < s->npat; i++)
            fprintf(out, "%s%s=%llu", i ? ", " : "  ", s->pat[i].key,
                    (unsigned long long)s->pat[i].count);
        fputc('\n', out);
    }
    if (L->unknown_high)
        fprintf(out, "  out-of-range numbers %llu  UNSUPPORTED\n",
                (unsigned long long)L->unknown_high);
}

size_t rvs_census_unsupported(const rvs_linux *L)
{
    size_t n = L->unknown_high ? 1 : 0;
    for (uint64_t nr = 0; nr < RVS_NSYS; nr++)
        if (L->sys[nr].count && !sys_supported(nr)) n++;
    return n;
}
