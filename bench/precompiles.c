/* Precompile timing: time per call of each precompile on typical inputs, and gas per second.
   Inputs come from the go-ethereum vector files (argument: their folder) where a named vector
   fits; modexp inputs are generated here (deterministic). Prints a Markdown table.
   usage: bench_precompiles [--quick] [--only TEXT] [--calls N] [GETH-VECTOR-DIR]
   --calls N runs each case exactly N times (for `valgrind --tool=callgrind
   --toggle-collect=precompile_run`, whose instruction counts do not depend on machine load). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rivet/bytes.h"
#include "rivet/crypto.h"
#include "rivet/precompile.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Input of vector `name` in `file` under dir (malloc'd), or NULL. */
static uint8_t *vector_input(const char *dir, const char *file, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    json_t *root = json_load_file(path, 0, NULL), *v;
    uint8_t *in = NULL;
    size_t i;
    json_array_foreach(root, i, v)
    {
        const char *n = json_string_value(json_object_get(v, "Name"));
        const char *hex = json_string_value(json_object_get(v, "Input"));
        if (n && hex && strcmp(n, name) == 0) {
            if (hex_decode_alloc(&in, len, hex, strlen(hex), HEX_PREFIX_OPT, NULL) != RIVET_OK)
                in = NULL;
            break;
        }
    }
    json_decref(root);
    return in;
}

/* modexp with base and (odd) modulus `bytes` long and a random exponent of the same length
   (full = 1), or the exponent 65537 (full = 0, an RSA signature check). */
static uint8_t *modexp_input(size_t bytes, int full, size_t *len)
{
    size_t elen = full ? bytes : 3;
    *len = 96 + 2 * bytes + elen;
    uint8_t *in = calloc(1, *len);
    be_store64(in + 24, bytes);
    be_store64(in + 56, elen);
    be_store64(in + 88, bytes);
    uint64_t x = 0x243f6a8885a308d3ULL;
    for (size_t i = 96; i < *len; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        in[i] = (uint8_t)(x >> 56);
    }
    uint8_t *e = in + 96 + bytes;
    if (full)
        e[0] |= 0x80;
    else
        e[0] = 1, e[1] = 0, e[2] = 1;
    in[*len - 1] |= 1;
    return in;
}

struct bench_case {
    const char *label;
    int index;
    const char *file, *vector; /* NULL file: generated input */
    size_t modexp_bytes;
    int modexp_full;
};

int main(int argc, char **argv)
{
    const char *dir = RIVET_BENCH_VECTORS;
    const char *only = NULL;
    double budget = 0.5;
    size_t fixed_calls = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0)
            budget = 0.05;
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            only = argv[++i];
        else if (strcmp(argv[i], "--calls") == 0 && i + 1 < argc)
            fixed_calls = strtoull(argv[++i], NULL, 10);
        else
            dir = argv[i];
    }
    static const struct bench_case cases[] = {
#define V(label, id, file, vector) {label, PRECOMPILE_##id, file, vector, 0, 0}
#define M(label, bytes, full)                                                                      \
    {                                                                                              \
        label, PRECOMPILE_MODEXP, NULL, NULL, bytes, full                                          \
    }
        V("ecrecover", ECRECOVER, "ecRecover.json", "ValidKey"),
        V("sha256 (1 KiB)", SHA256, NULL, NULL),
        M("modexp 256-bit, 256-bit exponent", 32, 1),
        M("modexp 2048-bit, exponent 65537", 256, 0),
        M("modexp 2048-bit, 2048-bit exponent", 256, 1),
        V("bn254 add", BN254_ADD, "bn256Add.json", "chfast1"),
        V("bn254 mul", BN254_MUL, "bn256ScalarMul.json", "chfast1"),
        V("bn254 pairing, 2 pairs", BN254_PAIRING, "bn256Pairing.json", "jeff1"),
        V("blake2f, 12 rounds", BLAKE2F, "blake2F.json", "vector 5"),
        V("kzg point evaluation", POINT_EVALUATION, "pointEvaluation.json", "pointEvaluation1"),
        V("bls12 g1 add", BLS12_G1ADD, "blsG1Add.json", "bls_g1add_(2*g1+3*g1=5*g1)"),
        V("bls12 g1 msm, k=16", BLS12_G1MSM, "blsG1MultiExp.json", "matter_g1_multiexp_0"),
        V("bls12 pairing, 2 pairs", BLS12_PAIRING, "blsPairing.json",
          "bls_pairing_e(2*G1,3*G2)=e(6*G1,G2)"),
        V("bls12 map fp2 to g2", BLS12_MAP_FP2_TO_G2, "blsMapG2.json", "matter_fp2_to_g2_0"),
        V("p256verify", P256VERIFY, "p256Verify.json", "CallP256Verify"),
#undef V
#undef M
    };
    printf("| precompile | input | gas | time per call | Mgas/s |\n");
    printf("|---|---:|---:|---:|---:|\n");
    rivet_buf out = {0};
    int failed = 0, missing = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const struct bench_case *bc = &cases[c];
        if (only && !strstr(bc->label, only)) continue;
        size_t len = 0;
        uint8_t *in;
        if (bc->modexp_bytes)
            in = modexp_input(bc->modexp_bytes, bc->modexp_full, &len);
        else if (!bc->file) {
            len = 1024;
            in = calloc(1, len);
        } else
            in = vector_input(dir, bc->file, bc->vector, &len);
        if (!in) {
            printf("| %s | (vector %s/%s not found) | | | |\n", bc->label, bc->file, bc->vector);
            missing++;
            continue;
        }
        uint64_t used = 0;
        rivet_diag d;
        rivet_diag_clear(&d);
        rivet_status s =
            precompile_run(bc->index, in, len, FORK_OSAKA, UINT64_MAX, &used, &out, &d);
        if (s != RIVET_OK) {
            printf("| %s | %zu B | failed: %s | | |\n", bc->label, len, d.msg);
            failed = s != RIVET_EUNSUPPORTED;
            free(in);
            continue;
        }
        size_t n = fixed_calls ? fixed_calls : 1;
        double t;
        for (;;) { /* grow the batch until it fills the time budget */
            double t0 = now_s();
            for (size_t i = 0; i < n; i++) /* the same input: it succeeded above */
                if (precompile_run(bc->index, in, len, FORK_OSAKA, UINT64_MAX, &used, &out, NULL))
                    failed = 1;
            t = now_s() - t0;
            if (t >= budget || fixed_calls) break;
            n = t < budget / 16 ? n * 8 : n * 2;
        }
        double per = t / (double)n;
        char tbuf[32];
        if (per >= 1e-3)
            snprintf(tbuf, sizeof tbuf, "%.2f ms", per * 1e3);
        else
            snprintf(tbuf, sizeof tbuf, "%.1f µs", per * 1e6);
        printf("| %s | %zu B | %llu | %s | %.0f |\n", bc->label, len, (unsigned long long)used,
               tbuf, (double)used / per / 1e6);
        free(in);
    }
    printf("\ncrypto backend: %s\n", crypto_backend());
    buf_free(&out);
    if (!failed && missing)
        fprintf(stderr, "%d vector(s) not found: skipped, not passed\n", missing);
    return failed ? failed : missing ? 77 : 0; /* 77: ctest skipped (bench/precompiles.cmake) */
}
