/* Execution witnesses: node and code stores, ancestor headers, the hash chain check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rivet/crypto.h"
#include "rivet/witness.h"

rivet_status wit_init(wit *w)
{
    memset(w, 0, sizeof *w);
    w->nodes = trie_memstore_new();
    w->codes = trie_memstore_new();
    if (!w->nodes || !w->codes) {
        wit_free(w);
        return RIVET_ENOMEM;
    }
    return RIVET_OK;
}

void wit_free(wit *w)
{
    if (!w) return;
    trie_memstore_free(w->nodes);
    trie_memstore_free(w->codes);
    free(w->headers);
    free(w->hashes);
    memset(w, 0, sizeof *w);
}

RIVET_MUST_USE static rivet_status wit_put(trie_memstore *m, size_t *dups, const uint8_t *p,
                                           size_t len)
{
    size_t before = trie_memstore_count(m);
    rivet_status s = trie_memstore_put(m, p, len);
    if (s == RIVET_OK && trie_memstore_count(m) == before) (*dups)++;
    return s;
}

rivet_status wit_add_node(wit *w, const uint8_t *p, size_t len)
{
    return wit_put(w->nodes, &w->node_dups, p, len);
}

rivet_status wit_add_code(wit *w, const uint8_t *p, size_t len)
{
    return wit_put(w->codes, &w->code_dups, p, len);
}

rivet_status wit_add_header(wit *w, const uint8_t *p, size_t len, rivet_diag *d)
{
    if (w->nheaders == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 8;
        wit_header *h = realloc(w->headers, cap * sizeof *h);
        if (!h) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
        w->headers = h;
        w->cap = cap;
    }
    wit_header *wh = &w->headers[w->nheaders];
    rivet_diag hd = {0};
    blk_error e = hdr_decode(p, len, &wh->h, &hd);
    if (e != BLK_ERR_OK)
        return rivet_fail(d, e == BLK_ERR_NOMEM ? RIVET_ENOMEM : RIVET_EINPUT, hd.pos,
                          "witness header %zu (%zu bytes) does not decode: %s", w->nheaders, len,
                          hd.msg);
    crypto_keccak256(wh->hash, p, len);
    w->nheaders++;
    w->linked = false;
    return RIVET_OK;
}

static int wit_cmp_newest(const void *a, const void *b)
{
    uint64_t x = ((const wit_header *)a)->h.number, y = ((const wit_header *)b)->h.number;
    return x < y ? 1 : x > y ? -1 : 0;
}

static void wit_hex8(char out[19], const uint8_t h[32])
{
    out[0] = '0', out[1] = 'x';
    hex_encode(out + 2, h, 8);
}

rivet_status wit_link(wit *w, const hdr *h, rivet_diag *d)
{
    w->linked = false;
    char hx[19];
    size_t parent = w->nheaders;
    for (size_t i = 0; i < w->nheaders; i++)
        if (memcmp(w->headers[i].hash, h->parent_hash, 32) == 0) {
            parent = i;
            break;
        }
    if (parent == w->nheaders) {
        wit_hex8(hx, h->parent_hash);
        return rivet_fail(d, RIVET_EMISSING, RIVET_NOPOS,
                          "witness lacks the parent of block %llu (hash %s...; %zu headers given)",
                          (unsigned long long)h->number, hx, w->nheaders);
    }
    if (h->number == 0 || w->headers[parent].h.number != h->number - 1)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "witness header %zu has the parent's hash but number %llu, block is %llu",
                          parent, (unsigned long long)w->headers[parent].h.number,
                          (unsigned long long)h->number);
    qsort(w->headers, w->nheaders, sizeof *w->headers, wit_cmp_newest);
    if (memcmp(w->headers[0].hash, h->parent_hash, 32) != 0)
        return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                          "witness header with number %llu is not older than block %llu",
                          (unsigned long long)w->headers[0].h.number,
                          (unsigned long long)h->number);
    for (size_t i = 1; i < w->nheaders; i++) {
        const wit_header *child = &w->headers[i - 1], *cur = &w->headers[i];
        if (cur->h.number + 1 != child->h.number || memcmp(cur->hash, child->h.parent_hash, 32)) {
            wit_hex8(hx, cur->hash);
            return rivet_fail(d, RIVET_EINVALID, RIVET_NOPOS,
                              "witness headers break the chain: header %llu (hash %s...) is not "
                              "the parent of header %llu",
                              (unsigned long long)cur->h.number, hx,
                              (unsigned long long)child->h.number);
        }
    }
    w->linked = true;
    return RIVET_OK;
}

const hdr *wit_parent(const wit *w)
{
    return w->linked ? &w->headers[0].h : NULL;
}

uint64_t wit_oldest(const wit *w)
{
    return w->linked ? w->headers[w->nheaders - 1].h.number : 0;
}

rivet_status wit_add_hash(wit *w, uint64_t number, const uint8_t hash[32])
{
    if (w->nhashes == w->hcap) {
        size_t cap = w->hcap ? 2 * w->hcap : 16;
        struct wit_hash *h = realloc(w->hashes, cap * sizeof *h);
        if (!h) return RIVET_ENOMEM;
        w->hashes = h;
        w->hcap = cap;
    }
    w->hashes[w->nhashes].number = number;
    memcpy(w->hashes[w->nhashes++].hash, hash, 32);
    return RIVET_OK;
}

bool wit_blockhash(const wit *w, uint64_t number, uint8_t out[32])
{
    uint64_t newest = w->linked ? w->headers[0].h.number : 0;
    if (w->linked && number <= newest && newest - number < w->nheaders) {
        memcpy(out, w->headers[newest - number].hash, 32);
        return true;
    }
    for (size_t i = 0; i < w->nhashes; i++)
        if (w->hashes[i].number == number) {
            memcpy(out, w->hashes[i].hash, 32);
            return true;
        }
    return false;
}

rivet_status wit_code(wit *w, const uint8_t hash[32], const uint8_t **code, size_t *len)
{
    trie_store *s = trie_memstore_store(w->codes);
    return s->get(s, hash, code, len);
}

trie *wit_open_state(wit *w)
{
    const hdr *p = wit_parent(w);
    return p ? trie_open(p->state_root, trie_memstore_store(w->nodes), TRIE_SECURE) : NULL;
}
