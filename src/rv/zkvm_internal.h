/* Internals of the zkVM profile shared by its rivet calls (zkvm.c), the vendor ABIs
   (zkvm_profile.c) and the trace layer's description of what a call reads and writes. */
#ifndef RIVET_RV_ZKVM_INTERNAL_H
#define RIVET_RV_ZKVM_INTERNAL_H

#include "rivet/rv_zkvm.h"

enum { RV_ZKVM_MAX_RANGES = 4 };

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

/* The guest memory rivet's own call in a7 reads, and, evaluated after its handler (a0 may hold
   the result), the memory it wrote; each returns the number of ranges. Beside the handlers in
   zkvm.c; the trace layer logs and replays them. */
unsigned rv_zkvm_call_inputs(const rv_cpu *cpu, rv_zkvm_range r[RV_ZKVM_MAX_RANGES]);
unsigned rv_zkvm_call_outputs(const rv_cpu *cpu, rv_zkvm_range r[RV_ZKVM_MAX_RANGES]);
/* The vendor call (RV_ZKVM_V_*) the CPU is making under z's ABI — a CSR port call when
   cpu->call_csr is set, else an ecall whose a7 is none of rivet's numbers — or -1. */
int rv_zkvm_vcall_of(const rv_cpu *cpu, const rv_zkvm *z);
/* The guest memory vendor call v reads, in the order the trace logs it. A range may be a
   pointer read from an earlier one (ZisK's parameter block), so callers evaluate it again
   after the words of each range are in memory; returns the number of ranges. */
unsigned rv_zkvm_vcall_inputs(const rv_cpu *cpu, int v, rv_zkvm_range r[RV_ZKVM_MAX_RANGES]);
/* Runs vendor call v (counts it, records what it wrote in z->out). */
rv_env_action rv_zkvm_vcall(rv_cpu *cpu, rv_zkvm *z, int v);
/* rv_env.csr of the zkVM profile: the ABI's CSR ports, an illegal instruction otherwise. */
rv_env_action rv_zkvm_csr(rv_cpu *cpu);

#endif
