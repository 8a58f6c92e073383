/* The dev accounts (the ten keys of the `test test ... junk` mnemonic at m/44'/60'/0'/0/i, as
   anvil and Hardhat derive them; tests/unit/node checks each key against its address through
   libsecp256k1), transaction signing for eth_sendTransaction, and the node's small hash map. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"

#include "node_impl.h"

const char *const node_dev_keys[NODE_MAX_ACCOUNTS] = {
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
};

const char *const node_dev_addrs[NODE_MAX_ACCOUNTS] = {
    "f39fd6e51aad88f6f4ce6ab8827279cfffb92266", "70997970c51812dc3a010c7d01b50e0d17dc79c8",
    "3c44cdddb6a900fa2b585dd299e03d12fa4293bc", "90f79bf6eb2c4f870365e785982e1f101e93b906",
    "15d34aaf54267db7d7c367839aaf71a00a2c6a65", "9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
    "976ea74026e726554db657fa54763abd0c3a0aa9", "14dc79964da2c08b23698b3d3cc7ca32193d9955",
    "23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f", "a0ee7a142d267c1f36714e4a8f75612f20a79720",
};

static secp256k1_context *ctx(void)
{
    static secp256k1_context *c;
    if (!c) c = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
    return c;
}

rivet_status node_key_address(const uint8_t key[32], evm_addr *out)
{
    secp256k1_pubkey pk;
    uint8_t ser[65];
    size_t n = sizeof ser;
    if (!ctx() || !secp256k1_ec_pubkey_create(ctx(), &pk, key)) return RIVET_EINVALID;
    secp256k1_ec_pubkey_serialize(ctx(), ser, &n, &pk, SECP256K1_EC_UNCOMPRESSED);
    crypto_pub_to_address(out->b, ser + 1);
    return RIVET_OK;
}

rivet_status node_sign_tx(tx *t, const uint8_t key[32], uint64_t chain_id, rivet_diag *d)
{
    if (t->type == TX_LEGACY) t->v = u256_from_u64(chain_id * 2 + 35);
    uint8_t h[32], sig[64];
    tx_error te = tx_signing_hash(t, h, d);
    if (te != TX_ERR_OK) return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "cannot sign");
    secp256k1_ecdsa_recoverable_signature rs;
    int rec = 0;
    if (!ctx() || !secp256k1_ecdsa_sign_recoverable(ctx(), &rs, h, key, NULL, NULL))
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS, "signing failed");
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), sig, &rec, &rs);
    t->r = u256_from_be(sig, 32);
    t->s = u256_from_be(sig + 32, 32);
    t->v = u256_from_u64(t->type == TX_LEGACY ? chain_id * 2 + 35 + (uint64_t)rec : (uint64_t)rec);
    return RIVET_OK;
}

rivet_status node_sign_hash(const uint8_t hash[32], const uint8_t key[32], uint8_t sig[65])
{
    secp256k1_ecdsa_recoverable_signature rs;
    int rec = 0;
    if (!ctx() || !secp256k1_ecdsa_sign_recoverable(ctx(), &rs, hash, key, NULL, NULL))
        return RIVET_EINVALID;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx(), sig, &rec, &rs);
    sig[64] = (uint8_t)(27 + rec);
    return RIVET_OK;
}

/* ---- node_map: open addressing, linear probing; keys are hashes, addresses or slot keys
   (small integers, big-endian), so all 32 bytes are mixed ---------------------------------- */

static size_t slot_of(const node_map *m, const uint8_t key[32])
{
    uint64_t h = 0, w;
    for (int k = 0; k < 4; k++) {
        memcpy(&w, key + 8 * k, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ull;
        h ^= h >> 32;
    }
    h ^= h >> 30; /* splitmix64's finalizer: every input bit reaches the low bits */
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    size_t i = (size_t)h & (m->cap - 1);
    while (m->v[i].used && memcmp(m->v[i].key, key, 32) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

bool node_map_get(const node_map *m, const uint8_t key[32], uint64_t *val)
{
    if (!m->cap) return false;
    size_t i = slot_of(m, key);
    if (!m->v[i].used) return false;
    *val = m->v[i].val;
    return true;
}

rivet_status node_map_put(node_map *m, const uint8_t key[32], uint64_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        node_map g = {calloc(m->cap ? m->cap * 2 : 64, sizeof *m->v), 0, m->cap ? m->cap * 2 : 64};
        if (!g.v) return RIVET_ENOMEM;
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].used) node_map_put(&g, m->v[i].key, m->v[i].val);
        free(m->v);
        *m = g;
    }
    size_t i = slot_of(m, key);
    if (!m->v[i].used) m->n++;
    memcpy(m->v[i].key, key, 32);
    m->v[i].val = val;
    m->v[i].used = true;
    return RIVET_OK;
}

void node_map_del(node_map *m, const uint8_t key[32])
{
    if (!m->cap) return;
    size_t i = slot_of(m, key);
    if (!m->v[i].used) return;
    m->v[i].used = false;
    m->n--;
    /* re-insert the run after the hole so probing still finds them */
    for (size_t j = (i + 1) & (m->cap - 1); m->v[j].used; j = (j + 1) & (m->cap - 1)) {
        struct node_map_ent e = m->v[j];
        m->v[j].used = false;
        m->n--;
        node_map_put(m, e.key, e.val);
    }
}

void node_map_free(node_map *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}
