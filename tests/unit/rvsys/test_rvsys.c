/* Linux ABI: loader (stack, auxv), syscalls called through the installed ecall handler,
   files view and overlay, threads + futex + scheduler, virtual time, census. Expected values
   come from the Linux ABI (riscv64 asm-generic) and the options given, not from our output. */
#include "test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rivet/rvsys.h"
#include "rvsys/rvs_internal.h"

enum { BASE = 0x10000 };

/* A static ELF: one RX segment at BASE holding `code` (little-endian words). */
static size_t make_elf(uint8_t *e, const uint32_t *code, size_t n)
{
    memset(e, 0, 0x1000);
    const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
    memcpy(e, ident, 16);
    uint16_t h16[] = {2, 243, 0}; /* ET_EXEC, EM_RISCV */
    memcpy(e + 16, h16, 4);
    uint32_t ver = 1;
    memcpy(e + 20, &ver, 4);
    uint64_t entry = BASE + 0x1000, phoff = 64;
    memcpy(e + 24, &entry, 8);
    memcpy(e + 32, &phoff, 8);
    uint16_t sizes[] = {64, 56, 1,
                        64, 0,  0}; /* ehsize, phentsize, phnum, shentsize, shnum, shstrndx */
    memcpy(e + 52, sizes, sizeof sizes);
    uint32_t pt[2] = {1, 5}; /* PT_LOAD, R|X */
    uint64_t ph[6] = {0, BASE, BASE, 0x1000 + 4 * n, 0x1000 + 4 * n, 0x1000};
    memcpy(e + 64, pt, 8);
    memcpy(e + 72, ph, sizeof ph);
    memcpy(e + 0x1000, code, 4 * n);
    return 0x1000 + 4 * n;
}

typedef struct fx {
    rv_mem *mem;
    rv_cpu cpu;
    rvs_linux *L;
    FILE *out;
    char dir[64];
} fx;

static void fx_open(fx *f, uint64_t seed, bool with_dir)
{
    static const uint32_t code[] = {0x00000073, 0xffdff06f}; /* ecall; j -4 */
    uint8_t elf[0x1100];
    size_t n = make_elf(elf, code, 2);
    memset(f, 0, sizeof *f);
    f->out = tmpfile();
    rvs_dir d = {NULL, "/data"};
    if (with_dir) {
        strcpy(f->dir, "/tmp/rvsys-test-XXXXXX");
        assert_non_null(mkdtemp(f->dir));
        char p[128];
        snprintf(p, sizeof p, "%s/in.txt", f->dir);
        FILE *w = fopen(p, "w");
        fputs("host file\n", w);
        fclose(w);
        d.host = f->dir;
    }
    rvs_opts o = {.seed = seed,
                  .fds_set = true,
                  .in_fd = 0,
                  .out_fd = fileno(f->out),
                  .err_fd = 2,
                  .dirs = &d,
                  .ndirs = with_dir ? 1 : 0};
    f->mem = rv_mem_new();
    f->L = rvs_linux_new(&o);
    rv_cpu_init(&f->cpu, f->mem, 64, RV_EXT_GC);
    char *argv[] = {"/bin/prog", "one", NULL};
    char *envp[] = {"K=V", NULL};
    rivet_diag dg;
    rivet_diag_clear(&dg);
    assert_int_equal(rvs_linux_load(f->L, f->mem, &f->cpu, elf, n, 2, argv, 1, envp, &dg),
                     RIVET_OK);
}

static void fx_close(fx *f)
{
    if (f->dir[0]) {
        char p[128];
        snprintf(p, sizeof p, "%s/in.txt", f->dir);
        unlink(p);
        rmdir(f->dir);
    }
    rvs_linux_free(f->L);
    rv_mem_free(f->mem);
    fclose(f->out);
}

/* Performs one syscall through the installed handler; returns a0. */
static int64_t sc(fx *f, uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3)
{
    f->cpu.h.x[17] = nr;
    f->cpu.h.x[10] = a0;
    f->cpu.h.x[11] = a1;
    f->cpu.h.x[12] = a2;
    f->cpu.h.x[13] = a3;
    f->cpu.env->ecall(&f->cpu);
    return (int64_t)f->cpu.h.x[10];
}

static uint64_t scratch(fx *f)
{
    return f->cpu.h.x[2] - 0x10000; /* inside the mapped stack, below the initial frame */
}

static void put_str(fx *f, uint64_t at, const char *s)
{
    assert_true(rv_mem_write(f->mem, at, s, strlen(s) + 1));
}

static void test_initial_stack(void **state)
{
    fx f;
    fx_open(&f, 42, false);
    uint64_t sp = f.cpu.h.x[2], v[40];
    assert_int_equal(sp % 16, 0);
    assert_int_equal(f.cpu.h.pc, BASE + 0x1000);
    assert_true(rv_mem_read(f.mem, sp, v, sizeof v));
    assert_int_equal(v[0], 2); /* argc */
    char s[16];
    assert_true(rv_mem_read(f.mem, v[1], s, 10));
    assert_string_equal(s, "/bin/prog");
    assert_int_equal(v[3], 0);
    assert_true(rv_mem_read(f.mem, v[4], s, 4));
    assert_string_equal(s, "K=V");
    assert_int_equal(v[5], 0);
    uint64_t pagesz = 0, rnd = 0, phnum = 0, entry = 0, hwcap = 0;
    for (int i = 6; i < 38 && v[i]; i += 2) {
        if (v[i] == 6) pagesz = v[i + 1];
        if (v[i] == 25) rnd = v[i + 1];
        if (v[i] == 5) phnum = v[i + 1];
        if (v[i] == 9) entry = v[i + 1];
        if (v[i] == 16) hwcap = v[i + 1];
    }
    assert_int_equal(pagesz, 4096);
    assert_int_equal(phnum, 1);
    assert_int_equal(entry, BASE + 0x1000);
    assert_int_equal(hwcap, 0x112d); /* I M A F D C */
    uint8_t r1[16], r2[16], r3[16];
    assert_true(rv_mem_read(f.mem, rnd, r1, 16));
    fx_close(&f);
    /* AT_RANDOM is a function of the seed */
    fx_open(&f, 42, false);
    for (int i = 6; i < 38; i += 2) {
        assert_true(rv_mem_read(f.mem, f.cpu.h.x[2] + 8 * (uint64_t)i, v, 16));
        if (v[0] == 25) assert_true(rv_mem_read(f.mem, v[1], r2, 16));
    }
    fx_close(&f);
    fx_open(&f, 43, false);
    for (int i = 6; i < 38; i += 2) {
        assert_true(rv_mem_read(f.mem, f.cpu.h.x[2] + 8 * (uint64_t)i, v, 16));
        if (v[0] == 25) assert_true(rv_mem_read(f.mem, v[1], r3, 16));
    }
    fx_close(&f);
    assert_memory_equal(r1, r2, 16);
    assert_memory_not_equal(r1, r3, 16);
}

static void test_write_exit_unknown(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    uint64_t buf = scratch(&f);
    put_str(&f, buf, "hi\n");
    assert_int_equal(sc(&f, 64, 1, buf, 3, 0), 3); /* write */
    assert_int_equal(sc(&f, 64, 9, buf, 3, 0), -EBADF);
    assert_int_equal(sc(&f, 1234, 0, 0, 0, 0), -ENOSYS); /* unknown */
    assert_int_equal(sc(&f, 293, 0, 0, 0, 0), -ENOSYS);  /* rseq: known, unsupported */
    assert_int_equal(rvs_census_unsupported(f.L), 2);
    /* prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, ...) is declined (Go then stops asking) */
    assert_int_equal(sc(&f, 167, 0x53564d41, 0, 0x10000, 0x1000), -EINVAL);
    assert_int_equal(sc(&f, 167, 15, buf, 0, 0), -EINVAL); /* PR_SET_NAME */
    assert_int_equal(rvs_census_unsupported(f.L), 2);      /* supported, by declining */
    f.cpu.h.x[17] = 94; /* exit_group(7): the low 8 bits are the status */
    f.cpu.h.x[10] = 0x107;
    assert_int_equal(f.cpu.env->ecall(&f.cpu), RV_ENV_EXIT);
    assert_int_equal(f.cpu.exit_code, 7);
    fflush(f.out);
    char out[8] = {0};
    rewind(f.out);
    assert_int_equal(fread(out, 1, sizeof out, f.out), 3);
    assert_string_equal(out, "hi\n");
    fx_close(&f);
}

static void test_files(void **state)
{
    fx f;
    fx_open(&f, 0, true);
    uint64_t p = scratch(&f), buf = p + 256, st = p + 1024;
    put_str(&f, p, "/data/in.txt");
    int64_t fd = sc(&f, 56, (uint64_t)-100, p, 0, 0); /* openat */
    assert_true(fd >= 3);
    assert_int_equal(sc(&f, 63, (uint64_t)fd, buf, 100, 0), 10);
    char got[16] = {0};
    assert_true(rv_mem_read(f.mem, buf, got, 10));
    assert_memory_equal(got, "host file\n", 10);
    assert_int_equal(sc(&f, 80, (uint64_t)fd, st, 0, 0), 0); /* fstat */
    uint64_t size;
    uint32_t mode;
    assert_true(rv_mem_read(f.mem, st + 48, &size, 8));
    assert_true(rv_mem_read(f.mem, st + 16, &mode, 4));
    assert_int_equal(size, 10);
    assert_int_equal(mode & 0170000, 0100000);
    /* glibc's fstat: newfstatat(fd, "", buf, AT_EMPTY_PATH) */
    put_str(&f, p, "");
    size = 0;
    assert_int_equal(sc(&f, 79, (uint64_t)fd, p, st, 0x1000), 0);
    assert_true(rv_mem_read(f.mem, st + 48, &size, 8));
    assert_int_equal(size, 10);
    /* statx by path: size at offset 40, mode at 28 */
    put_str(&f, p, "/data/in.txt");
    f.cpu.h.x[14] = 0; /* no buffer */
    assert_int_equal(sc(&f, 291, (uint64_t)-100, p, 0, 0x7ff), -EFAULT);
    f.cpu.h.x[14] = st;
    assert_int_equal(sc(&f, 291, (uint64_t)-100, p, 0, 0x7ff), 0);
    uint16_t smode;
    assert_true(rv_mem_read(f.mem, st + 40, &size, 8));
    assert_true(rv_mem_read(f.mem, st + 28, &smode, 2));
    assert_int_equal(size, 10);
    assert_int_equal(smode & 0170000, 0100000);
    assert_int_equal(sc(&f, 57, (uint64_t)fd, 0, 0, 0), 0);
    assert_int_equal(sc(&f, 57, (uint64_t)fd, 0, 0, 0), -EBADF);
    /* nothing outside the exposed directory */
    put_str(&f, p, "/etc/passwd");
    assert_int_equal(sc(&f, 56, (uint64_t)-100, p, 0, 0), -ENOENT);
    put_str(&f, p, "/data/../../etc/passwd");
    assert_int_equal(sc(&f, 56, (uint64_t)-100, p, 0, 0), -ENOENT);
    /* writes go to the overlay: visible to the guest, not on the host */
    put_str(&f, p, "/data/in.txt");
    fd = sc(&f, 56, (uint64_t)-100, p, 1 | 0x200, 0); /* O_WRONLY|O_TRUNC */
    assert_true(fd >= 3);
    put_str(&f, buf, "new");
    assert_int_equal(sc(&f, 64, (uint64_t)fd, buf, 3, 0), 3);
    sc(&f, 57, (uint64_t)fd, 0, 0, 0);
    fd = sc(&f, 56, (uint64_t)-100, p, 0, 0);
    assert_int_equal(sc(&f, 63, (uint64_t)fd, buf, 100, 0), 3);
    assert_true(rv_mem_read(f.mem, buf, got, 3));
    assert_memory_equal(got, "new", 3);
    char host[32] = {0};
    char hp[128];
    snprintf(hp, sizeof hp, "%s/in.txt", f.dir);
    FILE *h = fopen(hp, "r");
    assert_non_null(fgets(host, sizeof host, h));
    fclose(h);
    assert_string_equal(host, "host file\n");
    /* namespace changes stay in the overlay: mkdir, create, rename, unlink */
    uint64_t q = p + 64;
    put_str(&f, p, "/data/sub");
    assert_int_equal(sc(&f, 34, (uint64_t)-100, p, 0755, 0), 0);
    assert_int_equal(sc(&f, 34, (uint64_t)-100, p, 0755, 0), -EEXIST);
    put_str(&f, p, "/data/sub/x");
    fd = sc(&f, 56, (uint64_t)-100, p, 1 | 0x40, 0644); /* O_WRONLY|O_CREAT */
    assert_true(fd >= 3);
    sc(&f, 57, (uint64_t)fd, 0, 0, 0);
    put_str(&f, q, "/data/sub");
    assert_int_equal(sc(&f, 35, (uint64_t)-100, q, 0x200, 0), -ENOTEMPTY);
    put_str(&f, q, "/data/y");
    assert_int_equal(sc(&f, 38, (uint64_t)-100, p, (uint64_t)-100, q), 0);
    assert_int_equal(sc(&f, 56, (uint64_t)-100, p, 0, 0), -ENOENT);
    put_str(&f, q, "/data/sub");
    assert_int_equal(sc(&f, 35, (uint64_t)-100, q, 0x200, 0), 0);
    put_str(&f, p, "/data/in.txt");
    assert_int_equal(sc(&f, 35, (uint64_t)-100, p, 0, 0), 0);
    assert_int_equal(sc(&f, 56, (uint64_t)-100, p, 0, 0), -ENOENT);
    assert_int_equal(access(hp, R_OK), 0); /* the host file is still there */
    /* the listing of /data now holds ".", ".." and "y" */
    put_str(&f, p, "/data");
    fd = sc(&f, 56, (uint64_t)-100, p, 0x10000, 0); /* O_DIRECTORY */
    int64_t n = sc(&f, 61, (uint64_t)fd, buf, 512, 0);
    uint8_t d[512];
    assert_true(rv_mem_read(f.mem, buf, d, (size_t)n));
    int names = 0;
    bool has_y = false;
    for (int64_t o = 0; o < n; names++) {
        uint16_t reclen;
        memcpy(&reclen, d + o + 16, 2);
        has_y |= !strcmp((char *)d + o + 19, "y");
        o += reclen;
    }
    assert_int_equal(names, 3);
    assert_true(has_y);
    fx_close(&f);
}

static void test_memory(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    int64_t b0 = sc(&f, 214, 0, 0, 0, 0); /* brk(0) */
    assert_true(b0 >= BASE + 0x1000);
    assert_int_equal(sc(&f, 214, (uint64_t)b0 + 10000, 0, 0, 0), b0 + 10000);
    uint32_t v = 0x1234;
    assert_true(rv_mem_write(f.mem, (uint64_t)b0 + 9000, &v, 4));
    f.cpu.h.x[14] = (uint64_t)-1;
    f.cpu.h.x[15] = 0;
    int64_t m = sc(&f, 222, 0, 1 << 20, 3, 0x22); /* mmap RW PRIVATE|ANON */
    assert_true(m > 0 && (m & 4095) == 0);
    assert_true(rv_mem_write(f.mem, (uint64_t)m + 4096, &v, 4));
    assert_int_equal(sc(&f, 233, (uint64_t)m, 1 << 20, 4, 0), 0); /* MADV_DONTNEED zeroes */
    uint32_t r = 1;
    assert_true(rv_mem_read(f.mem, (uint64_t)m + 4096, &r, 4));
    assert_int_equal(r, 0);
    assert_int_equal(sc(&f, 215, (uint64_t)m, 1 << 20, 0, 0), 0); /* munmap */
    assert_false(rv_mem_read(f.mem, (uint64_t)m, &r, 4));
    fx_close(&f);
}

static void test_threads_futex_time(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    uint64_t w = scratch(&f), ts = w + 64;
    uint32_t zero = 0;
    assert_true(rv_mem_write(f.mem, w, &zero, 4));
    int64_t main_tid = sc(&f, 178, 0, 0, 0, 0);
    /* clone a thread: CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM (Go's flags) */
    int64_t tid = sc(&f, 220, 0x50f00, w - 4096, 0, 0);
    assert_true(tid > main_tid);
    uint64_t parent_pc = f.cpu.h.pc;
    /* FUTEX_WAIT with a mismatching value fails at once */
    assert_int_equal(sc(&f, 98, w, 128, 5, 0), -EAGAIN);
    /* FUTEX_WAIT_PRIVATE blocks: the child (a0 = 0, sp = stack) runs */
    sc(&f, 98, w, 128, 0, 0);
    assert_int_equal(f.cpu.h.x[10], 0);
    assert_int_equal(f.cpu.h.x[2], w - 4096);
    assert_int_equal(sc(&f, 178, 0, 0, 0, 0), tid);
    /* the child wakes the parent and sleeps 1 s of virtual time */
    assert_int_equal(sc(&f, 98, w, 129, 1, 0), 1);
    int64_t one_s[2] = {1, 0};
    assert_true(rv_mem_write(f.mem, ts, one_s, 16));
    sc(&f, 101, ts, 0, 0, 0); /* nanosleep: switches to the parent, woken with 0 */
    assert_int_equal(sc(&f, 178, 0, 0, 0, 0), main_tid);
    assert_int_equal(f.cpu.h.pc, parent_pc);
    /* the parent waits with a 2 s timeout: the clock jumps to the child's deadline first */
    int64_t two_s[2] = {2, 0};
    assert_true(rv_mem_write(f.mem, ts + 16, two_s, 16));
    sc(&f, 98, w, 128, 0, ts + 16);
    assert_int_equal(sc(&f, 178, 0, 0, 0, 0), tid);
    assert_int_equal(sc(&f, 113, 1, ts, 0, 0), 0); /* CLOCK_MONOTONIC */
    int64_t now[2];
    assert_true(rv_mem_read(f.mem, ts, now, 16));
    assert_int_equal(now[0], 1);
    /* the child exits; the parent times out with -ETIMEDOUT at 2 s */
    assert_int_equal(sc(&f, 93, 0, 0, 0, 0), -ETIMEDOUT);
    assert_int_equal(sc(&f, 178, 0, 0, 0, 0), main_tid);
    sc(&f, 113, 1, ts, 0, 0);
    assert_true(rv_mem_read(f.mem, ts, now, 16));
    assert_int_equal(now[0], 2);
    /* waiting forever with nobody left: deadlock */
    sc(&f, 98, w, 128, 0, 0);
    assert_true(rvs_linux_deadlocked(f.L));
    fx_close(&f);
}

static void test_eventfd_epoll_pipe(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    uint64_t m = scratch(&f), ev = m + 256, fds = m + 512;
    int64_t efd = sc(&f, 19, 0, 0x800, 0, 0); /* eventfd2(0, EFD_NONBLOCK) */
    int64_t ep = sc(&f, 20, 0, 0, 0, 0);
    assert_true(efd >= 3 && ep > efd);
    uint32_t e[4] = {1u | (1u << 31), 0, 0xabc, 0}; /* EPOLLIN | EPOLLET, data 0xabc */
    assert_true(rv_mem_write(f.mem, ev, e, 16));
    assert_int_equal(sc(&f, 21, (uint64_t)ep, 1, (uint64_t)efd, ev), 0);
    assert_int_equal(sc(&f, 22, (uint64_t)ep, ev, 4, 0), 0); /* nothing ready, timeout 0 */
    /* ppoll with a zero timeout: the eventfd is not readable, fd 77 is not open */
    int32_t pfds[4] = {(int32_t)efd, 1, 77, 1}; /* {fd, events = POLLIN, revents} x 2 */
    int64_t zero_ts[2] = {0, 0};
    assert_true(rv_mem_write(f.mem, fds, pfds, sizeof pfds));
    assert_true(rv_mem_write(f.mem, fds + 32, zero_ts, 16));
    assert_int_equal(sc(&f, 73, fds, 2, fds + 32, 0), 1);
    assert_true(rv_mem_read(f.mem, fds, pfds, sizeof pfds));
    assert_int_equal(pfds[1] >> 16, 0);
    assert_int_equal(pfds[3] >> 16, 0x20); /* POLLNVAL */
    assert_int_equal(sc(&f, 63, (uint64_t)efd, m, 8, 0), -EAGAIN);
    uint64_t one = 5;
    assert_true(rv_mem_write(f.mem, m, &one, 8));
    assert_int_equal(sc(&f, 64, (uint64_t)efd, m, 8, 0), 8);
    assert_int_equal(sc(&f, 22, (uint64_t)ep, ev, 4, 0), 1);
    assert_true(rv_mem_read(f.mem, ev, e, 16));
    assert_int_equal(e[0], 1);
    assert_int_equal(e[2], 0xabc);
    assert_int_equal(sc(&f, 22, (uint64_t)ep, ev, 4, 0), 0); /* edge-triggered: reported once */
    uint64_t got = 0;
    assert_int_equal(sc(&f, 63, (uint64_t)efd, m, 8, 0), 8);
    assert_true(rv_mem_read(f.mem, m, &got, 8));
    assert_int_equal(got, 5);
    /* regular files cannot be watched */
    int32_t pfd[2];
    assert_int_equal(sc(&f, 59, fds, 0x800, 0, 0), 0); /* pipe2(O_NONBLOCK) */
    assert_true(rv_mem_read(f.mem, fds, pfd, 8));
    assert_int_equal(sc(&f, 64, (uint64_t)pfd[1], m, 3, 0), 3);
    assert_int_equal(sc(&f, 63, (uint64_t)pfd[0], m + 64, 10, 0), 3);
    assert_int_equal(sc(&f, 63, (uint64_t)pfd[0], m + 64, 10, 0), -EAGAIN);
    sc(&f, 57, (uint64_t)pfd[1], 0, 0, 0);
    assert_int_equal(sc(&f, 63, (uint64_t)pfd[0], m + 64, 10, 0), 0); /* EOF */
    fx_close(&f);
}

static void test_loopback_tcp(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    uint64_t m = scratch(&f), sa = m, len = m + 64, buf = m + 128;
    int64_t ls = sc(&f, 198, 2, 1 | 0x800, 0, 0); /* socket(AF_INET, SOCK_STREAM|NONBLOCK) */
    assert_true(ls >= 3);
    uint8_t in4[16] = {2, 0, 0, 0, 127, 0, 0, 1}; /* 127.0.0.1:0 */
    assert_true(rv_mem_write(f.mem, sa, in4, 16));
    assert_int_equal(sc(&f, 200, (uint64_t)ls, sa, 16, 0), 0);
    assert_int_equal(sc(&f, 201, (uint64_t)ls, 16, 0, 0), 0);
    uint32_t l = 16;
    assert_true(rv_mem_write(f.mem, len, &l, 4));
    assert_int_equal(sc(&f, 204, (uint64_t)ls, sa, len, 0), 0); /* getsockname: a port */
    uint8_t bound[16];
    assert_true(rv_mem_read(f.mem, sa, bound, 16));
    assert_true(bound[2] || bound[3]);
    assert_int_equal(sc(&f, 242, (uint64_t)ls, 0, 0, 0), -EAGAIN); /* nothing pending */
    int64_t c = sc(&f, 198, 2, 1, 0, 0);
    assert_int_equal(sc(&f, 203, (uint64_t)c, sa, 16, 0), 0);
    int64_t s = sc(&f, 242, (uint64_t)ls, 0, 0, 0);
    assert_true(s > c);
    put_str(&f, buf, "ping");
    assert_int_equal(sc(&f, 64, (uint64_t)c, buf, 4, 0), 4);
    assert_int_equal(sc(&f, 63, (uint64_t)s, buf + 16, 16, 0), 4);
    char got[5] = {0};
    assert_true(rv_mem_read(f.mem, buf + 16, got, 4));
    assert_string_equal(got, "ping");
    sc(&f, 57, (uint64_t)c, 0, 0, 0);
    assert_int_equal(sc(&f, 63, (uint64_t)s, buf, 16, 0), 0); /* peer closed: EOF */
    bound[3] ^= 1;
    assert_true(rv_mem_write(f.mem, sa, bound, 16));
    c = sc(&f, 198, 2, 1, 0, 0);
    assert_int_equal(sc(&f, 203, (uint64_t)c, sa, 16, 0), -ECONNREFUSED);
    fx_close(&f);
}

static void test_signal_frame(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    uint64_t m = scratch(&f), alt = m - 0x8000, pc0 = f.cpu.h.pc, sp0 = f.cpu.h.x[2];
    /* sigaction(SIGUSR1, {handler 0x12340, SA_SIGINFO|SA_ONSTACK, mask 0}) */
    uint64_t act[3] = {0x12340, 4 | 0x08000000, 0};
    assert_true(rv_mem_write(f.mem, m, act, sizeof act));
    assert_int_equal(sc(&f, 134, 10, m, 0, 8), 0);
    uint64_t ss[3] = {alt, 0, 0x4000};
    assert_true(rv_mem_write(f.mem, m + 64, ss, sizeof ss));
    assert_int_equal(sc(&f, 132, m + 64, 0, 0, 0), 0);
    int64_t tid = sc(&f, 178, 0, 0, 0, 0);
    f.cpu.h.x[9] = 0x5a5a;                                        /* s1, to be restored */
    assert_int_equal(sc(&f, 131, 1000, (uint64_t)tid, 10, 0), 0); /* tgkill(self, SIGUSR1) */
    rvs_signal_deliver(f.L, &f.cpu);
    assert_int_equal(f.cpu.h.pc, 0x12340);
    assert_int_equal(f.cpu.h.x[10], 10);
    uint64_t sp = f.cpu.h.x[2];
    assert_true(sp >= alt && sp < alt + 0x4000); /* on the alternate stack */
    assert_int_equal(sp % 16, 0);
    assert_int_equal(f.cpu.h.x[11], sp);       /* &siginfo */
    assert_int_equal(f.cpu.h.x[12], sp + 128); /* &ucontext */
    int32_t info[3];
    assert_true(rv_mem_read(f.mem, sp, info, sizeof info));
    assert_int_equal(info[0], 10);
    assert_int_equal(info[2], -6); /* SI_TKILL */
    uint64_t saved_pc, saved_sp;
    assert_true(rv_mem_read(f.mem, sp + 128 + 176, &saved_pc, 8));      /* uc_mcontext.sc_regs.pc */
    assert_true(rv_mem_read(f.mem, sp + 128 + 176 + 16, &saved_sp, 8)); /* .sp */
    assert_int_equal(saved_pc, pc0);
    assert_int_equal(saved_sp, sp0);
    /* the handler "returns" through the trampoline: rt_sigreturn restores everything */
    f.cpu.h.x[9] = 0;
    sc(&f, 139, 0, 0, 0, 0);
    assert_int_equal(f.cpu.h.pc, pc0);
    assert_int_equal(f.cpu.h.x[2], sp0);
    assert_int_equal(f.cpu.h.x[9], 0x5a5a);
    /* without a handler a fatal signal ends the process with 128 + signal */
    f.cpu.h.x[17] = 131;
    f.cpu.h.x[10] = 1000;
    f.cpu.h.x[11] = (uint64_t)tid;
    f.cpu.h.x[12] = 15; /* SIGTERM */
    assert_int_equal(f.cpu.env->ecall(&f.cpu), RV_ENV_EXIT);
    assert_int_equal(f.cpu.exit_code, 128 + 15);
    fx_close(&f);
}

static void test_census_json(void **state)
{
    fx f;
    fx_open(&f, 0, false);
    sc(&f, 113, 1, scratch(&f), 0, 0);
    sc(&f, 113, 0, scratch(&f), 0, 0);
    sc(&f, 113, 1, scratch(&f), 0, 0);
    sc(&f, 500, 0, 0, 0, 0);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    rvs_census_json(f.L, m);
    fclose(m);
    assert_non_null(strstr(buf, "\"name\":\"clock_gettime\",\"count\":3"));
    assert_non_null(strstr(buf, "\"MONOTONIC\":2"));
    assert_non_null(strstr(buf, "\"REALTIME\":1"));
    assert_non_null(
        strstr(buf, "\"unsupported\":[{\"nr\":500,\"name\":\"syscall_500\",\"count\":1}]"));
    free(buf);
    fx_close(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_initial_stack),
        cmocka_unit_test(test_write_exit_unknown),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_threads_futex_time),
        cmocka_unit_test(test_eventfd_epoll_pipe),
        cmocka_unit_test(test_loopback_tcp),
        cmocka_unit_test(test_signal_frame),
        cmocka_unit_test(test_census_json),
    };
    return test_main(tests);
}
