/* rivet exec --profile zisk-*: a ZisK guest built by ZisK's own toolchain, on ZisK's ABI
   (include/rivet/rv_zisk.h): its memory map, input layouts, UART, output words, ports. */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "exec_engine.h"
#include "exec_zisk.h"
#include "rivet/aot.h"
#include "rivet/rv_zisk.h"

static const char usage[] =
    "usage: rivet exec --profile zisk-auto|zisk-v0.13|zisk-v0.15|zisk-v0.16 [--input FILE]...\n"
    "                  [--json] [--limit N] [--aot] ELF\n\n"
    "Runs a guest built by ZisK's toolchain on ZisK's ABI: ROM 0x80000000, RAM 0xa0000000,\n"
    "input at 0x40000000 (v0.13: 0x90000000) in the layout of its generation (zisk-auto reads\n"
    "it from the code; --profile zisk is the same ABI in the profile table, with --trace), UART "
    "0xa0000200 to stdout, marchid, the CSR-port accelerators, DMA\n"
    "markers and fcall hints, exit by ecall a7 = 93. Each --input is appended to the input\n"
    "region. --json prints exit_code, stdout, public_values (the OUTPUT words, little-endian\n"
    "u32, after the count word where the generation has one) and the accelerator calls.\n";

bool exec_zisk_selected(int argc, char **argv)
{
    for (int i = 1; i < argc && argv[i][0] == '-'; i++) {
        const char *v = NULL;
        if (!strcmp(argv[i], "--profile") && i + 1 < argc) v = argv[++i];
        if (!strncmp(argv[i], "--profile=", 10)) v = argv[i] + 10;
        if (v) return !strncmp(v, "zisk-v", 6) || !strcmp(v, "zisk-auto");
    }
    return false;
}

static bool pick_io(const char *name, const uint8_t *elf, size_t len, rv_zisk_io *io)
{
    if (!strcmp(name, "zisk-auto")) {
        *io = rv_zisk_detect(elf, len);
        return true;
    }
    for (unsigned i = 0; i < RV_ZISK_IO_COUNT; i++)
        if (!strcmp(name + 5, rv_zisk_io_name((rv_zisk_io)i))) {
            *io = (rv_zisk_io)i;
            return true;
        }
    if (!strcmp(name, "zisk-v0.17")) { /* the v0.16 I/O */
        *io = RV_ZISK_IO_V016;
        return true;
    }
    return false;
}

static json_t *calls_json(const rv_zisk *z)
{
    json_t *o = json_object();
    for (unsigned i = 0; i < RV_ZISK_P_COUNT; i++)
        if (z->port_calls[i])
            json_object_set_new(o, rv_zisk_port_name(i),
                                json_integer((json_int_t)z->port_calls[i]));
    char k[32];
    for (unsigned i = 0; i < RV_ZISK_FCALL_IDS; i++)
        if (z->fcalls[i]) {
            snprintf(k, sizeof k, "fcall_%u", i);
            json_object_set_new(o, k, json_integer((json_int_t)z->fcalls[i]));
        }
    return o;
}

static void report(const rv_result *r, rv_cpu *cpu, const rv_zisk *z, json_t *o)
{
    exec_result_json(o, r);
    json_object_set_new(o, "stdout", json_stringn((const char *)z->uart.p, z->uart.n));
    uint32_t w[RV_ZISK_OUTPUT_SIZE / 4];
    size_t n = rv_zisk_outputs(cpu, z, w, RV_ZISK_OUTPUT_SIZE / 4);
    char *hex = malloc(8 * n + 1);
    if (hex) {
        for (size_t i = 0; i < n; i++)
            for (int b = 0; b < 4; b++)
                snprintf(hex + 8 * i + 2 * b, 3, "%02x", (unsigned)(w[i] >> (8 * b)) & 0xff);
        hex[8 * n] = 0;
        json_object_set_new(o, "public_values", json_string(hex));
        free(hex);
    }
    json_object_set_new(o, "accel_calls", calls_json(z));
    json_object_set_new(o, "fcall_unknown", json_integer((json_int_t)z->fcall_unknown));
    json_object_set_new(o, "marchid_reads", json_integer((json_int_t)z->marchid_reads));
}

static rv_result run_aot(rv_cpu *cpu, bool *failed)
{
    aot_program *p = NULL;
    rivet_diag d;
    rivet_diag_clear(&d);
    aot_opts o = {0};
    rv_result r = {.stop = RV_STOP_TRAP};
    if (aot_translate(&p, cpu, &o, &d) || aot_load(p, &d)) {
        fprintf(stderr, "rivet exec: aot: %s\n", d.msg);
        *failed = true;
        aot_free(p);
        return r;
    }
    if (!rv_zisk_arm(cpu)) {
        fprintf(stderr, "rivet exec: aot: cannot protect the UART page\n");
        *failed = true;
        aot_free(p);
        return r;
    }
    r = exec_aot_devices(p, cpu, NULL);
    aot_free(p);
    return r;
}

int exec_zisk(int argc, char **argv)
{
    static const struct option opts[] = {
        {"profile", required_argument, NULL, 'P'}, {"input", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},          {"limit", required_argument, NULL, 'l'},
        {"aot", no_argument, NULL, 'A'},           {"help", no_argument, NULL, 'h'},
        {"trace", required_argument, NULL, 'T'},   {NULL, 0, NULL, 0}};
    const char *profile = NULL;
    bool json = false, aot = false, failed = false;
    uint64_t limit = UINT64_MAX;
    rivet_buf input = {0};
    rivet_diag d;
    rivet_diag_clear(&d);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'P': profile = optarg; break;
        case 'j': json = true; break;
        case 'A': aot = true; break;
        case 'l': limit = strtoull(optarg, NULL, 0); break;
        case 'i': {
            uint8_t *b = NULL;
            size_t n = 0;
            if (file_read_all(optarg, &b, &n, &d) || buf_append(&input, b, n)) {
                fprintf(stderr, "rivet exec: %s: %s\n", optarg, d.msg);
                free(b);
                buf_free(&input);
                return EXIT_FAIL;
            }
            free(b);
            break;
        }
        case 'h': fputs(usage, stdout); return EXIT_OK;
        case 'T':
            buf_free(&input);
            return cli_usage_error("exec", "--trace is not available under the zisk profiles yet");
        default: buf_free(&input); return cli_usage_error("exec", "unknown option");
        }
    }
    if (optind >= argc) {
        buf_free(&input);
        return cli_usage_error("exec", "missing ELF file");
    }
    const char *path = argv[optind];
    uint8_t *elf = NULL;
    size_t elf_len = 0;
    if (file_read_all(path, &elf, &elf_len, &d)) {
        fprintf(stderr, "rivet exec: %s\n", d.msg);
        buf_free(&input);
        return EXIT_FAIL;
    }
    rv_zisk z;
    memset(&z, 0, sizeof z);
    int rc = EXIT_FAIL;
    if (!pick_io(profile, elf, elf_len, &z.io)) {
        rc = cli_usage_error("exec", "unknown profile '%s'", profile);
        goto out;
    }
    z.input = input.p;
    z.input_len = input.n;
    z.echo = json ? NULL : stdout;
    rv_mem *mem = rv_mem_new();
    rv_cpu cpu;
    rv_cpu_init(&cpu, mem, 64, RV_EXT_GC);
    cpu.limit = limit;
    if (!mem || rv_zisk_setup(&cpu, &z, elf, elf_len, &d)) {
        fprintf(stderr, "rivet exec: %s: %s\n", path, mem ? d.msg : "out of memory");
        rv_mem_free(mem);
        goto out;
    }
    rv_result r = aot ? run_aot(&cpu, &failed) : rv_run(&cpu);
    fflush(stdout);
    if (!failed) {
        if (json) {
            json_t *o = json_object();
            json_object_set_new(o, "profile", json_string(profile));
            json_object_set_new(o, "io", json_string(rv_zisk_io_name(z.io)));
            report(&r, &cpu, &z, o);
            json_dumpf(o, stdout, JSON_COMPACT | JSON_ENSURE_ASCII);
            fputc('\n', stdout);
            json_decref(o);
        } else if (r.stop == RV_STOP_TRAP) {
            fprintf(stderr,
                    "rivet exec: trap: %s at pc 0x%llx (tval 0x%llx) after %llu instructions\n",
                    rv_cause_str(r.cause), (unsigned long long)r.pc, (unsigned long long)r.tval,
                    (unsigned long long)r.instret);
        } else if (r.stop == RV_STOP_LIMIT) {
            fprintf(stderr, "rivet exec: instruction limit reached at pc 0x%llx\n",
                    (unsigned long long)r.pc);
        }
        rc = r.stop == RV_STOP_EXIT && r.exit_code == 0 ? EXIT_OK : EXIT_FAIL;
    }
    rv_mem_free(mem);
out:
    rv_zisk_free(&z);
    free(elf);
    buf_free(&input);
    return rc;
}
