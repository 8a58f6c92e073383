/* Threads on one hart, the deterministic scheduler, futexes and virtual time.

   Threads run round-robin in creation order: a thread runs until its slice of o.quantum
   instructions ends or it blocks (futex wait, sleep, epoll wait, read of an empty pipe,
   exit, yield). Virtual time is one nanosecond per retired instruction plus the time skipped
   when every live thread waits: then the clock jumps to the earliest deadline. No choice
   depends on the host. */
#include "rvsys/rvs_internal.h"

enum { NS = 1000000000 };

uint64_t rvs_now(const rvs_linux *L, const rv_cpu *cpu)
{
    return cpu->instret + L->skip_ns;
}

rvs_thread *rvs_thread_new(rvs_linux *L)
{
    rvs_thread **th = realloc(L->th, (L->nth + 1) * sizeof *th);
    if (!th) return NULL;
    L->th = th;
    rvs_thread *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->tid = L->next_tid++;
    t->deadline = UINT64_MAX;
    t->alt_flags = 2; /* SS_DISABLE */
    th[L->nth++] = t;
    int live = 0;
    for (size_t i = 0; i < L->nth; i++)
        live += th[i]->state != RVS_T_DEAD;
    if (live > L->max_threads) L->max_threads = live;
    return t;
}

/* Is t able to run now? Completes its wait (result in a0) when it is. */
static bool ready(rvs_linux *L, rvs_thread *t, uint64_t now)
{
    switch (t->state) {
    case RVS_T_RUN: return true;
    case RVS_T_DEAD: return false;
    case RVS_T_READ: {
        rvs_file *f = rvs_fd_get(L, t->read_fd);
        if (f && !(rvs_file_poll(f) & 0x11)) return false; /* EPOLLIN | EPOLLHUP */
        break;
    }
    case RVS_T_EPOLL: {
        int n = rvs_epoll_collect(L, t);
        if (n != 0) {
            t->h.x[10] = (uint64_t)(int64_t)n;
            break;
        }
        if (t->deadline > now) return false;
        t->h.x[10] = 0;
        break;
    }
    case RVS_T_FUTEX:
    case RVS_T_SLEEP:
        if (t->deadline > now) return false;
        if (!t->restart) t->h.x[10] = t->state == RVS_T_FUTEX ? (uint64_t)-ETIMEDOUT : 0;
        break;
    }
    t->state = RVS_T_RUN;
    t->deadline = UINT64_MAX;
    t->restart = false;
    return true;
}

/* Saves the running thread, picks the next one able to run (the current one last), loads it.
   Returns false on deadlock. */
static bool reschedule(rvs_linux *L, rv_cpu *cpu)
{
    rvs_cur(L)->h = cpu->h;
    for (;;) {
        uint64_t now = rvs_now(L, cpu);
        for (size_t k = 1; k <= L->nth; k++) {
            size_t i = (L->cur + k) % L->nth;
            if (ready(L, L->th[i], now)) {
                L->cur = i;
                cpu->h = L->th[i]->h;
                cpu->h.resv_valid = false;
                return true;
            }
        }
        uint64_t next = UINT64_MAX;
        for (size_t i = 0; i < L->nth; i++)
            if (L->th[i]->state != RVS_T_DEAD && L->th[i]->deadline < next)
                next = L->th[i]->deadline;
        if (next == UINT64_MAX) {
            L->deadlock = true;
            return false;
        }
        if (next > now) L->skip_ns += next - now;
    }
}

int64_t rvs_block(rvs_linux *L, rv_cpu *cpu)
{
    reschedule(L, cpu);
    return RVS_SWITCHED;
}

void rvs_yield(rvs_linux *L, rv_cpu *cpu)
{
    reschedule(L, cpu);
}

int64_t sys_sched_yield(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    cpu->h.x[10] = 0;
    return rvs_block(L, cpu);
}

/* ---------------------------------------------------------------- futex */

int rvs_futex_wake(rvs_linux *L, uint64_t addr, int n, uint32_t bits)
{
    int woken = 0;
    while (woken < n) {
        rvs_thread *best = NULL;
        for (size_t i = 0; i < L->nth; i++) {
            rvs_thread *t = L->th[i];
            if (t->state == RVS_T_FUTEX && t->futex_addr == addr && (t->futex_bits & bits) &&
                (!best || t->wait_seq < best->wait_seq))
                best = t;
        }
        if (!best) break;
        best->state = RVS_T_RUN;
        best->deadline = UINT64_MAX;
        best->h.x[10] = 0;
        woken++;
    }
    return woken;
}

static bool read_ts(rvs_linux *L, uint64_t addr, uint64_t *ns)
{
    int64_t ts[2];
    if (!rvs_get(L, addr, ts, sizeof ts) || ts[0] < 0 || ts[1] < 0 || ts[1] >= NS) return false;
    *ns = (uint64_t)ts[0] > UINT64_MAX / NS / 2 ? UINT64_MAX / 2
                                                : (uint64_t)ts[0] * NS + (uint64_t)ts[1];
    return true;
}

static int64_t futex_wait(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6], bool absolute,
                          bool realtime, uint32_t bits)
{
    uint32_t v;
    if (a[0] & 3) return -EINVAL;
    if (!rvs_get(L, a[0], &v, 4)) return -EFAULT;
    if (v != (uint32_t)a[2]) return -EAGAIN;
    uint64_t now = rvs_now(L, cpu), deadline = UINT64_MAX;
    if (a[3]) {
        uint64_t ns;
        if (!read_ts(L, a[3], &ns)) return -EINVAL;
        if (absolute) {
            uint64_t base = realtime ? L->o.epoch_s * (uint64_t)NS : 0;
            deadline = ns > base ? ns - base : 0;
        } else {
            deadline = now + ns;
        }
    }
    rvs_thread *t = rvs_cur(L);
    t->state = RVS_T_FUTEX;
    t->futex_addr = a[0];
    t->futex_bits = bits;
    t->wait_seq = L->wait_seq++;
    t->deadline = deadline;
    return rvs_block(L, cpu);
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake uaddr; wake uaddr2 if cmp(old, cmparg). */
static int64_t futex_wake_op(rvs_linux *L, const uint64_t a[6])
{
    uint32_t enc = (uint32_t)a[5], old;
    unsigned op = (enc >> 28) & 7, cmp = (enc >> 24) & 15;
    uint32_t oparg = (enc >> 12) & 0xfff, cmparg = enc & 0xfff;
    if (enc & (8u << 28)) oparg = 1u << (oparg & 31);
    if (!rvs_get(L, a[4], &old, 4)) return -EFAULT;
    uint32_t nv = op == 0   ? oparg
                  : op == 1 ? old + oparg
                  : op == 2 ? old | oparg
                  : op == 3 ? old & ~oparg
                            : old ^ oparg;
    if (op > 4) return -ENOSYS;
    if (!rvs_put(L, a[4], &nv, 4)) return -EFAULT;
    int n = rvs_futex_wake(L, a[0], (int)a[2], ~0u);
    bool c = cmp == 0   ? old == cmparg
             : cmp == 1 ? old != cmparg
             : cmp == 2 ? old < cmparg
             : cmp == 3 ? old <= cmparg
             : cmp == 4 ? old > cmparg
                        : old >= cmparg;
    if (c) n += rvs_futex_wake(L, a[4], (int)a[3], ~0u);
    return n;
}

int64_t sys_futex(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    static const char *const names[14] = {"WAIT",           "WAKE",        "FD",
                                          "REQUEUE",        "CMP_REQUEUE", "WAKE_OP",
                                          "LOCK_PI",        "UNLOCK_PI",   "TRYLOCK_PI",
                                          "WAIT_BITSET",    "WAKE_BITSET", "WAIT_REQUEUE_PI",
                                          "CMP_REQUEUE_PI", "LOCK_PI2"};
    unsigned cmd = a[1] & 127;
    bool realtime = a[1] & 256;
    rvs_note(L, RVS_NR_futex, "%s%s%s%s", cmd < 14 ? names[cmd] : "?",
             (a[1] & 128) ? "_PRIVATE" : "", realtime ? "|CLOCK_REALTIME" : "",
             (cmd == 0 || cmd == 9) && a[3] ? " timeout" : "");
    switch (cmd) {
    case 0: return futex_wait(L, cpu, a, false, false, ~0u);
    case 9:
        if (!(uint32_t)a[5]) return -EINVAL;
        return futex_wait(L, cpu, a, true, realtime, (uint32_t)a[5]);
    case 1: return rvs_futex_wake(L, a[0], (int)a[2], ~0u);
    case 10:
        if (!(uint32_t)a[5]) return -EINVAL;
        return rvs_futex_wake(L, a[0], (int)a[2], (uint32_t)a[5]);
    case 3:
    case 4: {
        if (cmd == 4) {
            uint32_t v;
            if (!rvs_get(L, a[0], &v, 4)) return -EFAULT;
            if (v != (uint32_t)a[5]) return -EAGAIN;
        }
        int n = rvs_futex_wake(L, a[0], (int)a[2], ~0u);
        int moved = 0;
        for (size_t i = 0; i < L->nth && moved < (int)a[3]; i++) {
            rvs_thread *t = L->th[i];
            if (t->state == RVS_T_FUTEX && t->futex_addr == a[0]) {
                t->futex_addr = a[4];
                moved++;
            }
        }
        return n + moved;
    }
    case 5: return futex_wake_op(L, a);
    }
    return -ENOSYS;
}

/* ---------------------------------------------------------------- clone and exit */

enum {
    CLONE_VM = 0x100,
    CLONE_THREAD = 0x10000,
    CLONE_SETTLS = 0x80000,
    CLONE_PARENT_SETTID = 0x100000,
    CLONE_CHILD_CLEARTID = 0x200000,
    CLONE_CHILD_SETTID = 0x1000000,
};

int64_t sys_clone(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t flags = a[0];
    rvs_note(L, RVS_NR_clone, "flags 0x%llx", (unsigned long long)flags);
    if ((flags & (CLONE_VM | CLONE_THREAD)) != (CLONE_VM | CLONE_THREAD)) return -ENOSYS;
    rvs_thread *parent = rvs_cur(L);
    rvs_thread *t = rvs_thread_new(L);
    if (!t) return -EAGAIN;
    parent = rvs_cur(L); /* the thread table may have moved */
    t->h = cpu->h;
    t->h.x[10] = 0;
    t->h.resv_valid = false;
    if (a[1]) t->h.x[2] = a[1];
    if (flags & CLONE_SETTLS) t->h.x[4] = a[3];
    t->sigmask = parent->sigmask;
    if ((flags & CLONE_PARENT_SETTID) && !rvs_put(L, a[2], &t->tid, 4)) return -EFAULT;
    if ((flags & CLONE_CHILD_SETTID) && !rvs_put(L, a[4], &t->tid, 4)) return -EFAULT;
    if (flags & CLONE_CHILD_CLEARTID) t->clear_tid = a[4];
    return t->tid;
}

int64_t sys_exit(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_thread *t = rvs_cur(L);
    if (t->clear_tid) {
        uint32_t zero = 0;
        if (rvs_put(L, t->clear_tid, &zero, 4)) rvs_futex_wake(L, t->clear_tid, 1, ~0u);
    }
    t->state = RVS_T_DEAD;
    bool any = false;
    for (size_t i = 0; i < L->nth; i++)
        any |= L->th[i]->state != RVS_T_DEAD;
    if (!any) {
        L->exited = true;
        L->exit_code = (int64_t)(a[0] & 0xff);
        rv_cpu_exit(cpu, L->exit_code);
        return 0;
    }
    return rvs_block(L, cpu);
}

int64_t sys_exit_group(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    L->exited = true;
    L->exit_code = (int64_t)(a[0] & 0xff);
    rv_cpu_exit(cpu, L->exit_code);
    return 0;
}

/* ---------------------------------------------------------------- clocks and sleeping */

static const char *clock_name(uint64_t c)
{
    static const char *const n[12] = {"REALTIME",
                                      "MONOTONIC",
                                      "PROCESS_CPUTIME",
                                      "THREAD_CPUTIME",
                                      "MONOTONIC_RAW",
                                      "REALTIME_COARSE",
                                      "MONOTONIC_COARSE",
                                      "BOOTTIME",
                                      "REALTIME_ALARM",
                                      "BOOTTIME_ALARM",
                                      "?",
                                      "TAI"};
    return c < 12 ? n[c] : "?";
}

/* The clock's value in ns; false for unknown clocks. */
static bool clock_ns(rvs_linux *L, rv_cpu *cpu, uint64_t clk, uint64_t *ns)
{
    switch (clk) {
    case 0:
    case 5:
    case 8:
    case 11: *ns = L->o.epoch_s * (uint64_t)NS + rvs_now(L, cpu); return true;
    case 1:
    case 4:
    case 6:
    case 7:
    case 9: *ns = rvs_now(L, cpu); return true;
    case 2:
    case 3: *ns = cpu->instret; return true;
    }
    return false;
}

static bool put_ts(rvs_linux *L, uint64_t addr, uint64_t ns)
{
    int64_t ts[2] = {(int64_t)(ns / NS), (int64_t)(ns % NS)};
    return rvs_put(L, addr, ts, sizeof ts);
}

int64_t sys_clock_gettime(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t ns;
    rvs_note(L, RVS_NR_clock_gettime, "%s", clock_name(a[0]));
    if (!clock_ns(L, cpu, a[0], &ns)) return -EINVAL;
    return put_ts(L, a[1], ns) ? 0 : -EFAULT;
}

int64_t sys_clock_getres(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t ns;
    if (!clock_ns(L, cpu, a[0], &ns)) return -EINVAL;
    return !a[1] || put_ts(L, a[1], 1) ? 0 : -EFAULT;
}

int64_t sys_gettimeofday(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t ns;
    clock_ns(L, cpu, 0, &ns);
    int64_t tv[2] = {(int64_t)(ns / NS), (int64_t)(ns % NS / 1000)};
    return !a[0] || rvs_put(L, a[0], tv, sizeof tv) ? 0 : -EFAULT;
}

static int64_t sleep_until(rvs_linux *L, rv_cpu *cpu, uint64_t deadline)
{
    rvs_thread *t = rvs_cur(L);
    t->state = RVS_T_SLEEP;
    t->deadline = deadline;
    return rvs_block(L, cpu);
}

int64_t sys_nanosleep(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t ns;
    if (!read_ts(L, a[0], &ns)) return -EINVAL;
    rvs_note(L, RVS_NR_nanosleep, "%s", ns < 1000 ? "<1us" : ns < 1000000 ? "<1ms" : ">=1ms");
    return sleep_until(L, cpu, rvs_now(L, cpu) + ns);
}

int64_t sys_clock_nanosleep(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t ns, now;
    rvs_note(L, RVS_NR_clock_nanosleep, "%s%s", clock_name(a[0]), (a[1] & 1) ? " abs" : "");
    if (!clock_ns(L, cpu, a[0], &now) || !read_ts(L, a[2], &ns)) return -EINVAL;
    uint64_t rel = (a[1] & 1) ? (ns > now ? ns - now : 0) : ns;
    return sleep_until(L, cpu, rvs_now(L, cpu) + rel);
}

/* sysinfo: uptime from the virtual clock, 4 GiB of RAM, one process. */
int64_t sys_sysinfo(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint8_t si[112];
    memset(si, 0, sizeof si);
    int64_t up = (int64_t)(rvs_now(L, cpu) / NS);
    uint64_t ram = 4ull << 30;
    uint16_t procs = (uint16_t)L->nth;
    uint32_t unit = 1;
    memcpy(si + 0, &up, 8);
    memcpy(si + 32, &ram, 8); /* totalram */
    memcpy(si + 40, &ram, 8); /* freeram */
    memcpy(si + 80, &procs, 2);
    memcpy(si + 104, &unit, 4); /* mem_unit */
    return rvs_put(L, a[0], si, sizeof si) ? 0 : -EFAULT;
}
