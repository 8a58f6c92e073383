/* rivet deploy CONTRACT.c | CONTAINER | HEX: builds a C contract (`rivet build`), appends the
   constructor arguments ABI-encoded from its ABI JSON, signs an EIP-1559 creation with a key
   (anvil's account 0 by default), sends it to a node and waits for the receipt. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "abi_args.h"
#include "cli.h"
#include "rivet/node.h"
#include "rpc_client.h"

extern char **environ;

static void deploy_help(FILE *f)
{
    fprintf(f,
            "usage: rivet deploy [options] CONTRACT.c | CONTAINER | HEX [--args V...]\n\n"
            "Deploys a contract to a node and prints its address. CONTRACT.c is built with\n"
            "`rivet build` (the riscv64 cross compiler) into a RISC-V contract container;\n"
            "CONTAINER is a file of hex (NAME.hex from rivet build, or any creation code);\n"
            "HEX is creation code given inline (0x...). The constructor arguments are\n"
            "ABI-encoded from the ABI JSON (rivet build's NAME.abi.json, found next to a\n"
            "container, or --abi): uintN, intN, address, bool, bytesN, bytes, string.\n\n"
            "  --args V...     constructor arguments (all that follow, up to the next --option)\n"
            "  --abi FILE      ABI JSON for --args\n"
            "  --rpc URL       node (default http://127.0.0.1:8545)\n"
            "  --key K         private key, hex (default: anvil's account 0, the `test ... junk`\n"
            "                  mnemonic's first key)\n"
            "  --gas N         gas limit (default: eth_estimateGas + 20%%)\n"
            "  --value WEI     value sent to the constructor (default 0)\n"
            "  -o DIR          keep rivet build's output in DIR (default: a temporary folder)\n"
            "  --timeout S     seconds to wait for the receipt (default 60)\n"
            "  --json          print {address, transactionHash, blockNumber, gasUsed, status,\n"
            "                  from, codeBytes}\n\n"
            "Exit status: 0 deployed, 1 failure (build, node error, reverted constructor),\n"
            "2 usage error.\n");
}

typedef struct dopts {
    const char *what, *abi_path, *rpc, *key_hex, *out_dir;
    char *const *args;
    size_t nargs;
    uint64_t gas, timeout;
    u256 value;
    bool json;
} dopts;

/* `rivet build -o dir src`, its JSON line discarded. */
static bool build(const char *src, const char *dir)
{
    char *const argv[] = {"rivet", "build", "-o", (char *)dir, (char *)src, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ), status = 0;
    posix_spawn_file_actions_destroy(&fa);
    if (rc) {
        fprintf(stderr, "rivet deploy: cannot run rivet build: %s\n", strerror(rc));
        return false;
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Hex text of a file or inline: decoded into *code. */
static bool read_hex(const char *text, size_t len, uint8_t **code, size_t *n, const char *what)
{
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' ' || text[len - 1] == '\r'))
        len--;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (hex_decode_alloc(code, n, text, len, HEX_PREFIX_OPT, &d) == RIVET_OK && *n) return true;
    fprintf(stderr, "rivet deploy: %s: not hex creation code (%s)\n", what, d.msg);
    return false;
}

/* The creation code and, when there is one, the ABI JSON's path (in abi, cap bytes). */
static bool load_code(const dopts *o, char *tmp, uint8_t **code, size_t *n, char *abi, size_t cap)
{
    const char *w = o->what;
    size_t wl = strlen(w);
    abi[0] = 0;
    if (o->abi_path) snprintf(abi, cap, "%s", o->abi_path);
    if (!strncmp(w, "0x", 2) && access(w, R_OK)) return read_hex(w, wl, code, n, "HEX");
    char hexpath[1200];
    snprintf(hexpath, sizeof hexpath, "%s", w);
    if (wl > 2 && !strcmp(w + wl - 2, ".c")) {
        const char *dir = o->out_dir ? o->out_dir : tmp;
        if (!build(w, dir)) {
            fprintf(stderr, "rivet deploy: rivet build %s failed\n", w);
            return false;
        }
        const char *slash = strrchr(w, '/'), *base = slash ? slash + 1 : w;
        snprintf(hexpath, sizeof hexpath, "%s/%.*s.hex", dir, (int)(wl - 2 - (size_t)(base - w)),
                 base);
    }
    /* NAME.hex -> NAME.abi.json beside it */
    size_t hl = strlen(hexpath);
    if (!abi[0] && hl > 4 && !strcmp(hexpath + hl - 4, ".hex")) {
        snprintf(abi, cap, "%.*s.abi.json", (int)(hl - 4), hexpath);
        if (access(abi, R_OK)) abi[0] = 0;
    }
    uint8_t *text;
    size_t tl;
    rivet_diag d;
    rivet_diag_clear(&d);
    if (file_read_all(hexpath, &text, &tl, &d) != RIVET_OK) {
        fprintf(stderr, "rivet deploy: %s\n", d.msg);
        return false;
    }
    bool ok = read_hex((const char *)text, tl, code, n, hexpath);
    free(text);
    return ok;
}

/* Appends the encoded constructor arguments to code. */
static bool add_args(const dopts *o, const char *abi_path, rivet_buf *code)
{
    if (!o->nargs) return true;
    if (!abi_path[0]) {
        fprintf(stderr, "rivet deploy: --args needs an ABI (--abi FILE)\n");
        return false;
    }
    json_error_t je;
    json_t *abi = json_load_file(abi_path, 0, &je);
    json_t *in = abi ? abi_constructor_inputs(abi) : NULL;
    rivet_diag d;
    rivet_diag_clear(&d);
    bool ok = abi && abi_encode_args(in, o->args, o->nargs, code, &d) == RIVET_OK;
    if (!abi)
        fprintf(stderr, "rivet deploy: %s: line %d: %s\n", abi_path, je.line, je.text);
    else if (!ok) {
        if (d.pos == RIVET_NOPOS)
            fprintf(stderr, "rivet deploy: %s\n", d.msg);
        else
            fprintf(stderr, "rivet deploy: argument %zu: %s\n", d.pos + 1, d.msg);
    }
    json_decref(abi);
    return ok;
}

static json_t *call(const dopts *o, const char *method, json_t *params)
{
    char err[512];
    json_t *r = rpc_call(o->rpc, method, params, err, sizeof err);
    if (!r) fprintf(stderr, "rivet deploy: %s\n", err);
    return r;
}

/* A quantity result (consumed): false when absent or not a quantity. */
static bool qty(json_t *v, u256 *out)
{
    const char *s = json_string_value(v);
    rivet_diag d;
    rivet_diag_clear(&d);
    bool ok = s && !strncmp(s, "0x", 2) && u256_from_str(out, s, strlen(s), &d) == RIVET_OK;
    json_decref(v);
    return ok;
}

static char *hex0x(const uint8_t *p, size_t n)
{
    return hex_encode_alloc(p, n, 1);
}

/* Fills nonce, fees, gas and chain id of a creation from the node. */
static bool prepare(const dopts *o, tx *t, const char *from, const char *data, u256 *chain)
{
    u256 nonce, price, tip, gas;
    if (!qty(call(o, "eth_chainId", NULL), chain) ||
        !qty(call(o, "eth_getTransactionCount", json_pack("[ss]", from, "pending")), &nonce) ||
        !qty(call(o, "eth_gasPrice", NULL), &price))
        return false;
    char err[512];
    if (!qty(rpc_call(o->rpc, "eth_maxPriorityFeePerGas", NULL, err, sizeof err), &tip))
        tip = u256_from_u64(1000000000);
    char val[67];
    if (o->gas)
        gas = u256_from_u64(o->gas);
    else if (qty(call(o, "eth_estimateGas",
                      json_pack("[{ssssss}]", "from", from, "data", data, "value",
                                u256_to_hex(val, o->value))),
                 &gas))
        gas = u256_add(gas, u256_div(gas, u256_from_u64(5)));
    else
        return false;
    if (!u256_fits64(nonce) || !u256_fits64(gas) || !u256_fits64(*chain)) {
        fprintf(stderr, "rivet deploy: the node's nonce, gas or chain id does not fit 64 bits\n");
        return false;
    }
    t->type = TX_DYNAMIC_FEE;
    t->create = true;
    t->chain_id = *chain;
    t->nonce = nonce.w[0];
    t->max_fee = u256_add(u256_mul(price, u256_from_u64(2)), tip);
    t->max_priority_fee = tip;
    t->gas_limit = gas.w[0];
    t->value = o->value;
    return true;
}

/* Polls for the receipt. */
static json_t *wait_receipt(const dopts *o, const char *hash)
{
    struct timespec pause = {0, 50 * 1000 * 1000};
    for (uint64_t i = 0; i < o->timeout * 20; i++) {
        json_t *r = call(o, "eth_getTransactionReceipt", json_pack("[s]", hash));
        if (!r || !json_is_null(r)) return r;
        json_decref(r);
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "rivet deploy: no receipt for %s after %llu s (is the node mining?)\n", hash,
            (unsigned long long)o->timeout);
    return NULL;
}

static int send_creation(const dopts *o, const uint8_t *code, size_t n)
{
    uint8_t key[32];
    size_t kl;
    evm_addr from;
    rivet_diag d;
    rivet_diag_clear(&d);
    const char *k = o->key_hex ? o->key_hex : node_dev_keys[0];
    if (hex_decode(key, 32, &kl, k, strlen(k), HEX_PREFIX_OPT, &d) != RIVET_OK || kl != 32 ||
        node_key_address(key, &from) != RIVET_OK)
        return cli_usage_error("deploy", "--key: a 32-byte private key in hex");
    char *from_hex = hex0x(from.b, 20), *data = hex0x(code, n), *raw = NULL, *hash = NULL;
    tx t;
    memset(&t, 0, sizeof t);
    t.data = code;
    t.data_len = n;
    u256 chain;
    rivet_buf enc = {0};
    json_t *h = NULL, *rc = NULL;
    int ret = EXIT_FAIL;
    if (!from_hex || !data || !prepare(o, &t, from_hex, data, &chain)) goto out;
    if (node_sign_tx(&t, key, chain.w[0], &d) != RIVET_OK || tx_encode(&t, &enc) != RIVET_OK ||
        !(raw = hex0x(enc.p, enc.n))) {
        fprintf(stderr, "rivet deploy: signing failed: %s\n", d.msg);
        goto out;
    }
    if (!(h = call(o, "eth_sendRawTransaction", json_pack("[s]", raw))) || !json_is_string(h))
        goto out;
    if (!(hash = strdup(json_string_value(h))) || !(rc = wait_receipt(o, hash))) goto out;
    const char *addr = json_string_value(json_object_get(rc, "contractAddress"));
    const char *status = json_string_value(json_object_get(rc, "status"));
    bool ok = addr && status && !strcmp(status, "0x1");
    if (o->json) {
        json_t *j =
            json_pack("{s:O,s:s,s:O,s:O,s:b,s:s,s:I}", "address",
                      addr ? json_object_get(rc, "contractAddress") : json_null(),
                      "transactionHash", hash, "blockNumber", json_object_get(rc, "blockNumber"),
                      "gasUsed", json_object_get(rc, "gasUsed"), "status", ok, "from", from_hex,
                      "codeBytes", (json_int_t)n);
        char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
        if (s) printf("%s\n", s);
        free(s);
        json_decref(j);
    } else if (ok)
        printf("%s\n", addr);
    if (!ok)
        fprintf(stderr, "rivet deploy: the creation failed (status %s, transaction %s)\n",
                status ? status : "?", hash);
    ret = ok ? EXIT_OK : EXIT_FAIL;
out:
    json_decref(h);
    json_decref(rc);
    buf_free(&enc);
    free(from_hex);
    free(data);
    free(raw);
    free(hash);
    return ret;
}

int cmd_deploy(int argc, char **argv)
{
    dopts o = {.rpc = "http://127.0.0.1:8545", .timeout = 60};
    rivet_diag d;
    rivet_diag_clear(&d);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool more = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            deploy_help(stdout);
            return EXIT_OK;
        } else if (!strcmp(a, "--args")) {
            o.args = argv + i + 1;
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2))
                i++, o.nargs++;
        } else if (!strcmp(a, "--abi") && more)
            o.abi_path = argv[++i];
        else if (!strcmp(a, "--rpc") && more)
            o.rpc = argv[++i];
        else if (!strcmp(a, "--key") && more)
            o.key_hex = argv[++i];
        else if (!strcmp(a, "-o") && more)
            o.out_dir = argv[++i];
        else if ((!strcmp(a, "--gas") || !strcmp(a, "--timeout")) && more) {
            char *end;
            uint64_t v = strtoull(argv[++i], &end, 10);
            if (*end || !v) return cli_usage_error("deploy", "%s: a positive number", a);
            *(a[2] == 'g' ? &o.gas : &o.timeout) = v;
        } else if (!strcmp(a, "--value") && more) {
            if (u256_from_str(&o.value, argv[i + 1], strlen(argv[i + 1]), &d) != RIVET_OK)
                return cli_usage_error("deploy", "--value: %s", d.msg);
            i++;
        } else if (!strcmp(a, "--json"))
            o.json = true;
        else if (a[0] == '-' && strncmp(a, "0x", 2))
            return cli_usage_error("deploy", "unknown option %s (see --help)", a);
        else if (o.what)
            return cli_usage_error("deploy", "one contract at a time (%s and %s)", o.what, a);
        else
            o.what = a;
    }
    if (!o.what) return cli_usage_error("deploy", "what to deploy? (see --help)");
    char tmp[] = "/tmp/rivet-deploy-XXXXXX", abi[1400];
    if (!o.out_dir && !mkdtemp(tmp)) {
        fprintf(stderr, "rivet deploy: cannot make a temporary folder\n");
        return EXIT_FAIL;
    }
    uint8_t *code = NULL;
    size_t n = 0;
    int ret = EXIT_FAIL;
    rivet_buf init = {0};
    if (load_code(&o, tmp, &code, &n, abi, sizeof abi) && buf_append(&init, code, n) == RIVET_OK &&
        add_args(&o, abi, &init))
        ret = send_creation(&o, init.p, init.n);
    free(code);
    buf_free(&init);
    if (!o.out_dir) {
        char *const rm[] = {"rm", "-rf", tmp, NULL};
        pid_t pid;
        int st;
        if (!posix_spawnp(&pid, "rm", NULL, NULL, rm, environ)) waitpid(pid, &st, 0);
    }
    return ret;
}
