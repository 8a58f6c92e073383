/* The opcode table's consumers outside the interpreter: the forks implemented, per-fork facts
   and the disassembler. */
#include <inttypes.h>

#include "evm_internal.h"

static const struct {
    const char *name;
    uint8_t in, out;
    int32_t gas;
    uint8_t fork;
} op_table[256] = {
#define X(code, name, in, out, gas, fork) [code] = {#name, in, out, gas, FORK_##fork},
    EVM_OPCODES(X)
#undef X
};

rivet_status evm_check_fork(int fork, rivet_diag *d)
{
    if (evm_fork_supported(fork)) return RIVET_OK;
    const char *first = fork_name(EVM_FORK_FIRST), *last = fork_name(EVM_FORK_LAST);
    if (fork < 0 || fork >= FORK_COUNT)
        return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS, "unknown fork (%s..%s)", first, last);
    return rivet_fail(d, RIVET_EUNSUPPORTED, RIVET_NOPOS, "fork %s not implemented (%s..%s)",
                      fork_name((rivet_fork)fork), first, last);
}

evm_opinfo evm_opcode_info(uint8_t op, rivet_fork fork)
{
    evm_opinfo i = {0};
    if (!op_table[op].name || fork < op_table[op].fork) return i;
    i.name = op_table[op].name;
    i.in = op_table[op].in;
    i.out = op_table[op].out;
    i.gas = op_table[op].gas;
    if (op == EVM_OP_CREATE || op == EVM_OP_CREATE2) i.gas = (int32_t)evm_create_gas(fork);
    return i;
}

void evm_disassemble(FILE *out, const uint8_t *code, size_t len, rivet_fork fork)
{
    for (size_t pc = 0; pc < len; pc++) {
        uint8_t op = code[pc];
        evm_opinfo i = evm_opcode_info(op, fork);
        fprintf(out, "%5zu: ", pc);
        if (!i.name) {
            fprintf(out, "UNDEFINED(0x%02x)\n", op);
            continue;
        }
        fputs(i.name, out);
        if (op >= EVM_OP_PUSH1 && op <= EVM_OP_PUSH32) {
            size_t n = (size_t)(op - EVM_OP_PUSH1 + 1);
            fputs(" 0x", out);
            for (size_t k = 1; k <= n; k++)
                fprintf(out, "%02x", pc + k < len ? code[pc + k] : 0);
            if (pc + n >= len) fputs(" (truncated)", out);
            pc += n;
        }
        fputc('\n', out);
    }
}

const char *evm_status_str(evm_status s)
{
    static const char *const names[] = {
#define X(name, text) text,
        EVM_STATUS_LIST(X)
#undef X
    };
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "unknown";
}
