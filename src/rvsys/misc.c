/* Identity, limits, CPU information, randomness, and the signal calls (actions, masks,
   alternate stacks, sending); delivery is in signal.c. */
#include "rvsys/rvs_internal.h"

enum { RVS_PID = 1000 };

int64_t sys_zero(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    return 0;
}

/* Zero-copy transfers (sendfile, splice) are declined: callers fall back to read + write. */
int64_t sys_einval(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    return -EINVAL;
}

int64_t sys_getpid(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    return RVS_PID;
}

int64_t sys_gettid(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    return rvs_cur(L)->tid;
}

int64_t sys_set_tid_address(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_cur(L)->clear_tid = a[0];
    return rvs_cur(L)->tid;
}

int64_t sys_uname(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    static const char *const f[6] = {"Linux",        "rivet",   "6.6.0",
                                     "#1 SMP rivet", "riscv64", "(none)"};
    char u[6 * 65];
    memset(u, 0, sizeof u);
    for (int i = 0; i < 6; i++)
        strcpy(u + 65 * i, f[i]);
    return rvs_put(L, a[0], u, sizeof u) ? 0 : -EFAULT;
}

static const char *rlimit_name(uint64_t r)
{
    static const char *const n[16] = {
        "CPU",     "FSIZE", "DATA",  "STACK",      "CORE",     "RSS",  "NPROC",  "NOFILE",
        "MEMLOCK", "AS",    "LOCKS", "SIGPENDING", "MSGQUEUE", "NICE", "RTPRIO", "RTTIME"};
    return r < 16 ? n[r] : "?";
}

int64_t sys_prlimit64(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t res = a[1];
    rvs_note(L, RVS_NR_prlimit64, "%s %s", a[2] ? "set" : "get", rlimit_name(res));
    if (a[0] != 0 && a[0] != RVS_PID) return -ESRCH;
    if (res >= 16) return -EINVAL;
    if (a[3] && !rvs_put(L, a[3], L->rlim[res], 16)) return -EFAULT;
    if (a[2]) {
        uint64_t nv[2];
        if (!rvs_get(L, a[2], nv, 16)) return -EFAULT;
        if (nv[0] > nv[1]) return -EINVAL;
        memcpy(L->rlim[res], nv, 16);
    }
    return 0;
}

int64_t sys_getrlimit(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_getrlimit, "%s", rlimit_name(a[0]));
    if (a[0] >= 16) return -EINVAL;
    return rvs_put(L, a[1], L->rlim[a[0]], 16) ? 0 : -EFAULT;
}

int64_t sys_sched_getaffinity(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[1] < 8 || (a[1] & 7)) return -EINVAL;
    unsigned n = L->o.ncpu ? L->o.ncpu : 1;
    uint64_t mask = n >= 64 ? ~0ull : (1ull << n) - 1;
    return rvs_put(L, a[2], &mask, 8) ? 8 : -EFAULT;
}

/* prctl: every option is declined with EINVAL, as by a kernel without the feature. The one
   seen, Go >= 1.25 naming its heap mappings (PR_SET_VMA, PR_SET_VMA_ANON_NAME), stops after the
   first EINVAL (runtime.setVMAName), as on a kernel without CONFIG_ANON_VMA_NAME. */
int64_t sys_prctl(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[0] == 0x53564d41) /* PR_SET_VMA */
        rvs_note(L, RVS_NR_prctl, "SET_VMA %s", a[1] == 0 ? "ANON_NAME" : "?");
    else
        rvs_note(L, RVS_NR_prctl, "option %llu", (unsigned long long)a[0]);
    return -EINVAL;
}

/* riscv_hwprobe(pairs, count, cpusetsize, cpus, flags): base IMA, extensions FD and C,
   misaligned accesses reported as slow; unknown keys get key -1. */
int64_t sys_riscv_hwprobe(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if (a[4]) return -EINVAL;
    for (uint64_t i = 0; i < a[1]; i++) {
        int64_t kv[2];
        if (!rvs_get(L, a[0] + 16 * i, kv, 16)) return -EFAULT;
        rvs_note(L, RVS_NR_riscv_hwprobe, "key %lld", (long long)kv[0]);
        switch (kv[0]) {
        case 0:
        case 1:
        case 2: kv[1] = 0; break;     /* vendor, arch, impl ids */
        case 3: kv[1] = 1; break;     /* BASE_BEHAVIOR_IMA */
        case 4: kv[1] = 1 | 2; break; /* IMA_FD | IMA_C */
        case 5: kv[1] = 2; break;     /* CPUPERF_0: MISALIGNED_SLOW */
        default:
            kv[0] = -1;
            kv[1] = 0;
            break;
        }
        if (!rvs_put(L, a[0] + 16 * i, kv, 16)) return -EFAULT;
    }
    return 0;
}

int64_t sys_getrandom(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_note(L, RVS_NR_getrandom, "flags 0x%llx", (unsigned long long)a[2]);
    uint64_t len = a[1] > (1u << 25) ? (1u << 25) : a[1];
    for (uint64_t i = 0; i < len; i += 8) {
        uint64_t r = rvs_rand64(L);
        size_t n = len - i < 8 ? len - i : 8;
        if (!rvs_put(L, a[0] + i, &r, n)) return -EFAULT;
    }
    return (int64_t)len;
}

/* ---------------------------------------------------------------- signals */

enum { SIG_KILL = 9, SIG_STOP = 19 };

int64_t sys_rt_sigaction(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    uint64_t sig = a[0];
    rvs_note(L, RVS_NR_rt_sigaction, "%s", a[1] ? "set" : "get");
    if (sig < 1 || sig > 64 || a[3] != 8) return -EINVAL;
    if (a[1] && (sig == SIG_KILL || sig == SIG_STOP)) return -EINVAL;
    rvs_sigact old = L->sig[sig];
    if (a[1]) {
        rvs_sigact n;
        if (!rvs_get(L, a[1], &n, sizeof n)) return -EFAULT;
        L->sig[sig] = n;
    }
    if (a[2] && !rvs_put(L, a[2], &old, sizeof old)) return -EFAULT;
    return 0;
}

int64_t sys_rt_sigprocmask(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    static const char *const how[3] = {"BLOCK", "UNBLOCK", "SETMASK"};
    rvs_thread *t = rvs_cur(L);
    if (a[3] != 8) return -EINVAL;
    uint64_t old = t->sigmask;
    if (a[1]) {
        uint64_t set;
        if (a[0] > 2) return -EINVAL;
        rvs_note(L, RVS_NR_rt_sigprocmask, "%s", how[a[0]]);
        if (!rvs_get(L, a[1], &set, 8)) return -EFAULT;
        if (a[0] == 0) t->sigmask |= set;
        if (a[0] == 1) t->sigmask &= ~set;
        if (a[0] == 2) t->sigmask = set;
        t->sigmask &= ~((1ull << (SIG_KILL - 1)) | (1ull << (SIG_STOP - 1)));
    } else {
        rvs_note(L, RVS_NR_rt_sigprocmask, "query");
    }
    if (a[2] && !rvs_put(L, a[2], &old, 8)) return -EFAULT;
    return 0;
}

int64_t sys_sigaltstack(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_thread *t = rvs_cur(L);
    uint64_t old[3] = {t->alt_sp, (uint64_t)(uint32_t)t->alt_flags, t->alt_size};
    rvs_note(L, RVS_NR_sigaltstack, "%s", a[0] ? "set" : "query");
    if (a[0]) {
        uint64_t ss[3];
        if (!rvs_get(L, a[0], ss, sizeof ss)) return -EFAULT;
        int flags = (int)(uint32_t)ss[1];
        if (flags & 2) { /* SS_DISABLE */
            t->alt_sp = t->alt_size = 0;
            t->alt_flags = 2;
        } else if (flags) {
            return -EINVAL;
        } else {
            if (ss[2] < 2048) return -ENOMEM;
            t->alt_sp = ss[0];
            t->alt_size = ss[2];
            t->alt_flags = 0;
        }
    }
    if (a[1] && !rvs_put(L, a[1], old, sizeof old)) return -EFAULT;
    return 0;
}

static rvs_thread *thread_of(rvs_linux *L, uint64_t tid)
{
    for (size_t i = 0; i < L->nth; i++)
        if ((uint64_t)L->th[i]->tid == tid && L->th[i]->state != RVS_T_DEAD) return L->th[i];
    return NULL;
}

/* Queues sig for t; a signal to the caller itself is delivered before it continues. */
static int64_t send_signal(rvs_linux *L, rv_cpu *cpu, uint64_t nr, rvs_thread *t, uint64_t sig)
{
    rvs_note(L, nr, "sig %llu", (unsigned long long)sig);
    if (sig > 64) return -EINVAL;
    if (sig == 0) return 0;
    if (!rvs_signal_send(L, cpu, t, (int)sig)) return 0;
    if (t != rvs_cur(L) || !(t->pending & ~t->sigmask)) return 0;
    cpu->h.x[10] = 0;
    return RVS_SWITCHED; /* back to the run loop, which delivers it */
}

int64_t sys_kill(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    if ((int64_t)a[0] != RVS_PID && (int64_t)a[0] != 0 && (int64_t)a[0] != -1) return -ESRCH;
    rvs_thread *t = rvs_cur(L);
    for (size_t i = 0; a[1] >= 1 && a[1] <= 64 && i < L->nth; i++)
        if (L->th[i]->state != RVS_T_DEAD && !(L->th[i]->sigmask & (1ull << (a[1] - 1)))) {
            t = L->th[i];
            break;
        }
    return send_signal(L, cpu, RVS_NR_kill, t, a[1]);
}

int64_t sys_tkill(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_thread *t = thread_of(L, a[0]);
    if (!t) return -ESRCH;
    return send_signal(L, cpu, RVS_NR_tkill, t, a[1]);
}

int64_t sys_tgkill(rvs_linux *L, rv_cpu *cpu, const uint64_t a[6])
{
    rvs_thread *t = thread_of(L, a[1]);
    if (a[0] != RVS_PID || !t) return -ESRCH;
    return send_signal(L, cpu, RVS_NR_tgkill, t, a[2]);
}
