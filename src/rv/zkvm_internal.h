/* Internals of the zkVM profile shared by its rivet calls (zkvm.c), the vendor ABIs
   (zkvm_profile.c) and the trace layer's description of what a call reads and writes. */
#ifndef RIVET_RV_ZKVM_INTERNAL_H
#define RIVET_RV_ZKVM_INTERNAL_H

#include "rivet/rv_zkvm.h"

enum { RV_ZKVM_MAX_RANGES = 6 }; /* ZisK's arith256_mod: its block and four operands */

enum { RV_T0 = 5, RV_T6 = 31, RV_A0 = 10, RV_A1, RV_A2, RV_A3, RV_A4, RV_A5, RV_A6, RV_A7 };

/* Argument register r, XLEN bits wide (RV32 registers hold pointers sign-extended). */
static inline uint64_t rv_zkvm_arg(const rv_cpu *cpu, int r)
{
    uint64_t v = cpu->h.x[r];
    return cpu->xlen == 32 ? (uint32_t)v : v;
}

/* rivet's Linux-numbered I/O (read, write, exit, exit_group): available under every ABI. */
static inline bool rv_zkvm_is_io(uint64_t nr)
{
    return nr == RV_ZKVM_READ || nr == RV_ZKVM_WRITE || nr == RV_ZKVM_EXIT ||
           nr == RV_ZKVM_EXIT_GROUP;
}

/* Any of rivet's ecall numbers (RV_ZKVM_ECALL_LIST): under another ABI an ecall with one of
   them in a7 is rivet's — its I/O runs, its accelerators trap — never a vendor call. */
static inline bool rv_zkvm_is_rivet(uint64_t nr)
{
#define X(name, num, text) nr == (num) ||
    return RV_ZKVM_ECALL_LIST(X) false;
#undef X
}

/* A load or store access fault at a. */
rv_env_action rv_zkvm_fault(rv_cpu *cpu, bool store, uint64_t a);
/* Writes n guest bytes at a to fd 1 (public output) or 2 (debug log); *res is the count, or a
   negative errno (EBADF for another fd, EFBIG past the output cap). */
rv_env_action rv_zkvm_write_fd(rv_cpu *cpu, rv_zkvm *z, uint64_t fd, uint64_t a, uint64_t n,
                               int64_t *res);
/* Keccak-f[1600] on the 25 little-endian lanes at in, the result stored at out. */
rv_env_action rv_zkvm_keccakf_at(rv_cpu *cpu, uint64_t in, uint64_t out);

/* True when profile abi keeps rivet's memory map and I/O (the rivet and "-like" rows). */
bool rv_zkvm_rivet_io(rv_zkvm_abi abi);
/* The guest memory rivet's own call in a7 reads, and, evaluated after its handler (a0 may hold
   the result), the memory it wrote; each returns the number of ranges. Beside the handlers in
   zkvm.c; the trace layer logs and replays them. */
unsigned rv_zkvm_call_inputs(const rv_cpu *cpu, rv_zkvm_range r[RV_ZKVM_MAX_RANGES]);
unsigned rv_zkvm_call_outputs(const rv_cpu *cpu, rv_zkvm_range r[RV_ZKVM_MAX_RANGES]);
/* The vendor call (RV_ZKVM_V_*) the CPU is making under z's profile — a CSR port call when
   cpu->call_csr is set, a zkVM instruction when cpu->call_insn is, else an ecall (under the
   rivet map, one whose a7 is none of rivet's numbers) — or -1. */
int rv_zkvm_vcall_of(const rv_cpu *cpu, const rv_zkvm *z);
/* True when vendor call v takes host bytes (the trace logs them). */
bool rv_zkvm_vcall_host(int v);
/* The guest memory vendor call v reads, in the order the trace logs it. A range may be a
   pointer read from an earlier one (ZisK's parameter block), so callers evaluate it again
   after the words of each range are in memory; returns the number of ranges. */
unsigned rv_zkvm_vcall_inputs(const rv_cpu *cpu, int v, rv_zkvm_range r[RV_ZKVM_MAX_RANGES]);
/* Runs vendor call v (counts it, records what it wrote in z->out). */
rv_env_action rv_zkvm_vcall(rv_cpu *cpu, rv_zkvm *z, int v);
/* rv_env.csr of the zkVM profile: the profile's CSR ports, an illegal instruction otherwise. */
rv_env_action rv_zkvm_csr(rv_cpu *cpu);
/* rv_env.custom: the profile's own instructions. */
rv_env_action rv_zkvm_custom(rv_cpu *cpu);

/* Handlers of RV_ZKVM_VCALL_LIST: x = the argument registers, XLEN bits wide, with x[0] = the
   pointer operand (the CSR's source for ports, else a0). */
#define X(id, fam, num, sub, vname, run, in, host, args)                                           \
    rv_env_action rv_zkvm_run_##run(rv_cpu *cpu, rv_zkvm *z, const uint64_t *x);                   \
    unsigned rv_zkvm_in_##in(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r);
RV_ZKVM_VCALL_LIST(X)
#undef X
unsigned rv_zkvm_in_none(const rv_cpu *cpu, const uint64_t *x, rv_zkvm_range *r);

/* Sets up the memory map of z->abi (zkvm_profile.c dispatches to the row's map). */
RIVET_MUST_USE rivet_status rv_zkvm_map(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf, size_t len,
                                        rivet_diag *d);
/* Memory maps of RV_ZKVM_PROFILE_LIST (zkvm_map.c): map, load, entry state; fin collects the
   outputs the map keeps in guest memory once the run ended (ZisK's OUTPUT words). */
#define X(id, name, fam, xlen, ext, map, text, cost, extra, what)                                  \
    RIVET_MUST_USE rivet_status rv_zkvm_map_##map(rv_cpu *cpu, rv_zkvm *z, const uint8_t *elf,     \
                                                  size_t len, rivet_diag *d);                      \
    void rv_zkvm_fin_##map(rv_cpu *cpu, rv_zkvm *z);
RV_ZKVM_PROFILE_LIST(X)
#undef X

/* Guest memory helpers for handlers: faults become traps. */
rv_env_action rv_zkvm_wrote(rv_zkvm *z, uint64_t a, uint64_t n); /* records an output range */
/* Guest words of w bytes each (4 or 8) <-> u32 values: the low 32 bits, little-endian. */
bool rv_zkvm_get32(rv_cpu *cpu, uint64_t a, uint32_t *v, int n, int w);
bool rv_zkvm_put32(rv_cpu *cpu, uint64_t a, const uint32_t *v, int n, int w);
/* Appends n guest bytes at a to buf (false: unreadable, or out of memory). */
bool rv_zkvm_append(rv_cpu *cpu, rivet_buf *buf, uint64_t a, uint64_t n);

/* The input channel (zkvm_io.c). Host values pass through rv_zkvm_host_*: recorded for the
   trace, or replaced by the trace's in a replay (false: the replay's log has no more). */
bool rv_zkvm_host_u64(rv_zkvm *z, uint64_t *v);
const uint8_t *rv_zkvm_host_bytes(rv_zkvm *z, const uint8_t *live, size_t n);
/* The front buffer of the queue (pushed hints first); false when empty. Pop removes it. */
bool rv_zkvm_queue_front(const rv_zkvm *z, const uint8_t **p, size_t *n);
void rv_zkvm_queue_pop(rv_zkvm *z);
bool rv_zkvm_queue_push(rv_zkvm *z, const uint8_t *p, size_t n);
/* SP1's hook behind a WRITE to fd (20 fp_sqrt, 21 fp_inv) on the n bytes at buf: its answer
   pushed to the input queue; false when the request is malformed (zkvm_sp1_hook.c). */
bool rv_zkvm_sp1_hook(rv_zkvm *z, uint64_t fd, const uint8_t *buf, size_t n);
/* Up to n bytes of the stream (all buffers, concatenated) into dst; returns the count. */
size_t rv_zkvm_stream_read(rv_zkvm *z, uint8_t *dst, size_t n);

/* Frees the zisk profile's state (zkvm_zisk_rows.c). */
void rv_zkvm_zisk_free(rv_zkvm *z);

#endif
