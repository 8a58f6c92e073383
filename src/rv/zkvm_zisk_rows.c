/* The zisk row of the zkVM profile table (RV_ZKVM_PROFILE_LIST, RV_ZKVM_ZISKV_CALLS): ZisK's
   own ABI (zkvm_zisk*.c) behind the table's interface, so the exec engine, the translator, the
   trace writer and the replay run ZisK binaries like the other vendors': the map sets up ZisK's
   memory and input, each call row runs the ZisK handler and tells the trace what it reads and
   writes, the free-input words go through the host channel. */
#include <stdlib.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"
#include "rv/zkvm_zisk_int.h"

enum { CSR_SLOTS = 0x1000 };

static bool host_u64(void *ctx, uint64_t *v)
{
    return rv_zkvm_host_u64(ctx, v);
}
static const uint8_t *host_bytes(void *ctx, const uint8_t *live, size_t n)
{
    return rv_zkvm_host_bytes(ctx, live, n);
}

void rv_zkvm_zisk_free(rv_zkvm *z)
{
    if (!z->zisk) return;
    rv_zisk_free(z->zisk);
    free((void *)z->zisk->input);
    free(z->zisk);
    z->zisk = NULL;
}

rivet_status rv_zkvm_map_zisk(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                              rivet_diag *d)
{
    rv_zisk *zi = calloc(1, sizeof *zi);
    rv_zkvm_input one = {z->input, z->input_len}; /* the replay's --input */
    const rv_zkvm_input *ins = z->ninputs ? z->inputs : &one;
    size_t nins = z->ninputs ? z->ninputs : z->input != NULL, n = 0;
    for (size_t i = 0; i < nins; i++)
        n += ins[i].n;
    uint8_t *in = malloc(n ? n : 1);
    if (!zi || !in) {
        free(zi);
        free(in);
        return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "zisk: out of memory");
    }
    n = 0;
    for (size_t i = 0; i < nins; i++) { /* the --input files, one after the other */
        if (ins[i].n) memcpy(in + n, ins[i].p, ins[i].n);
        n += ins[i].n;
    }
    zi->io = rv_zisk_detect(elf, len);
    zi->input = in;
    zi->input_len = n;
    zi->echo = z->echo_out;
    zi->host_ctx = z;
    zi->host_u64 = host_u64;
    zi->host_bytes = host_bytes;
    z->zisk = zi;
    return rv_zisk_setup(cpu, zi, elf, len, d); /* the caller installs the table's env */
}

void rv_zkvm_fin_zisk(rv_cpu *cpu, rv_zkvm *z)
{
    rv_zisk *zi = z->zisk;
    if (!zi) return;
    uint32_t w[RV_ZISK_OUTPUT_SIZE / 4];
    size_t n = rv_zisk_outputs(cpu, zi, w, RV_ZISK_OUTPUT_SIZE / 4);
    uint8_t b[4];
    for (size_t i = 0; i < n; i++) {
        for (int k = 0; k < 4; k++)
            b[k] = (uint8_t)(w[i] >> (8 * k));
        if (buf_append(&z->public_values, b, 4)) return; /* out of memory: outputs cut */
    }
    if (zi->uart.n && buf_append(&z->output, zi->uart.p, zi->uart.n)) return;
}

/* ---------------------------------------------------------------- calls */

rv_env_action rv_zkvm_run_zisk_exit(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)z, (void)x;
    return rv_cpu_exit(cpu, 0);
}

rv_env_action rv_zkvm_run_zisk_port(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t in[6][2], out[2][2];
    unsigned nin, nout, port = cpu->call_csr - 0x800;
    rv_zisk_port_ranges(cpu, port, x[0], in, &nin, out, &nout);
    rv_env_action act = rv_zisk_port(cpu, z->zisk, port, x[0]);
    if (act == RV_ENV_CONTINUE)
        for (unsigned i = 0; i < nout; i++)
            rv_zkvm_wrote(z, out[i][0], out[i][1]);
    return act;
}

unsigned rv_zkvm_in_zisk_port(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    uint64_t in[6][2], out[2][2];
    unsigned nin, nout;
    rv_zisk_port_ranges((rv_cpu *)cpu, cpu->call_csr - 0x800, x[0], in, &nin, out, &nout);
    for (unsigned i = 0; i < nin && i < RV_ZKVM_MAX_RANGES; i++)
        r[i] = (rv_zkvm_range){in[i][0], in[i][1]};
    return nin;
}

rv_env_action rv_zkvm_run_zisk_dma(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    uint64_t in[2][2], out[1][2];
    unsigned nin, nout;
    rv_zisk_dma_ranges(cpu, cpu->call_csr, x[0], in, &nin, out, &nout);
    rv_env_action act = rv_zisk_dma(cpu, z->zisk, cpu->call_csr - 0x800);
    if (act == RV_ENV_CONTINUE && nout) rv_zkvm_wrote(z, out[0][0], out[0][1]);
    return act;
}

unsigned rv_zkvm_in_zisk_dma(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    uint64_t in[2][2], out[1][2];
    unsigned nin, nout;
    rv_zisk_dma_ranges((rv_cpu *)cpu, cpu->call_csr, x[0], in, &nin, out, &nout);
    for (unsigned i = 0; i < nin; i++)
        r[i] = (rv_zkvm_range){in[i][0], in[i][1]};
    return nin;
}

/* Parameters, function ids and results: the free-input word shown at the input address is
   memory the call writes. */
rv_env_action rv_zkvm_run_zisk_fcall(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    rv_env_action act = rv_zisk_fcall_csr(cpu, z->zisk, cpu->call_csr);
    if (act == RV_ENV_CONTINUE && cpu->call_csr < 0x8f0)
        rv_zkvm_wrote(
            z, z->zisk->io == RV_ZISK_IO_V013 ? RV_ZISK_INPUT_ADDR_V013 : RV_ZISK_INPUT_ADDR, 8);
    return act;
}

unsigned rv_zkvm_in_zisk_fparam(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    unsigned k = cpu->call_csr - 0x8f0;
    if (k == 0 || k > 15) return 0; /* the value itself */
    r[0] = (rv_zkvm_range){x[0], 8 * (uint64_t)rv_zisk_param_words[k]};
    return 1;
}

/* Other CSRs: their memory slot; other ecalls: nothing. */
rv_env_action rv_zkvm_run_zisk_slot(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x)
{
    (void)x;
    if (!cpu->call_csr) return RV_ENV_CONTINUE;
    uint64_t before = 0, after = 0, a = RV_ZISK_CSR_ADDR + 8 * (uint64_t)cpu->call_csr;
    bool rd = rv_mem_read(cpu->mem, a, &before, 8);
    rv_env_action act = rv_zisk_csr_slot(cpu, cpu->call_csr);
    if (act == RV_ENV_CONTINUE && rd && rv_mem_read(cpu->mem, a, &after, 8) && after != before)
        rv_zkvm_wrote(z, a, 8);
    return act;
}

unsigned rv_zkvm_in_zisk_slot(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r)
{
    (void)x;
    if (!cpu->call_csr || cpu->call_csr >= CSR_SLOTS) return 0;
    r[0] = (rv_zkvm_range){RV_ZISK_CSR_ADDR + 8 * (uint64_t)cpu->call_csr, 8};
    return 1;
}
