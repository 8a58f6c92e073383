/* The vendor profiles' input channel: --input buffers as a queue (SP1Stdin, OpenVM hint
   vectors) or as one stream (RISC Zero stdin, Airbender words), and the host values of a call,
   which the trace records and its replay feeds back. */
#include <string.h>

#include "rv/rv_internal.h"
#include "rv/zkvm_internal.h"

bool rv_zkvm_host_u64(rv_zkvm *z, uint64_t *v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(*v >> (8 * i));
    const uint8_t *p = rv_zkvm_host_bytes(z, b, 8);
    if (!p) return false;
    *v = 0;
    for (int i = 7; i >= 0; i--)
        *v = *v << 8 | p[i];
    return true;
}

const uint8_t *rv_zkvm_host_bytes(rv_zkvm *z, const uint8_t *live, size_t n)
{
    if (z->host_feed) {
        if (n > z->host_feed_len - z->host_feed_pos) return NULL;
        const uint8_t *p = z->host_feed + z->host_feed_pos;
        z->host_feed_pos += n;
        return p;
    }
    if (z->host_rec && buf_append(&z->host_log, live, n)) return NULL;
    return live;
}

/* Pushed hints are stored as [bytes][u64 length], newest last, so the front is at the end. */
bool rv_zkvm_queue_front(const rv_zkvm *z, const uint8_t **p, size_t *n)
{
    if (z->npushed) {
        uint64_t len;
        memcpy(&len, z->pushed.p + z->pushed.n - 8, 8);
        *n = (size_t)len;
        *p = z->pushed.p + z->pushed.n - 8 - len;
        return true;
    }
    if (z->qnext >= z->ninputs) return false;
    *p = z->inputs[z->qnext].p;
    *n = z->inputs[z->qnext].n;
    return true;
}

void rv_zkvm_queue_pop(rv_zkvm *z)
{
    if (z->npushed) {
        uint64_t len;
        memcpy(&len, z->pushed.p + z->pushed.n - 8, 8);
        z->pushed.n -= 8 + (size_t)len;
        z->npushed--;
    } else if (z->qnext < z->ninputs) {
        z->qnext++;
    }
}

bool rv_zkvm_queue_push(rv_zkvm *z, const uint8_t *p, size_t n)
{
    uint64_t len = n;
    if (buf_append(&z->pushed, p, n) || buf_append(&z->pushed, &len, 8)) return false;
    z->npushed++;
    return true;
}

size_t rv_zkvm_stream_read(rv_zkvm *z, uint8_t *dst, size_t n)
{
    size_t got = 0;
    while (got < n && z->sidx < z->ninputs) {
        const rv_zkvm_input *in = &z->inputs[z->sidx];
        size_t k = in->n - z->soff < n - got ? in->n - z->soff : n - got;
        memcpy(dst + got, in->p + z->soff, k);
        got += k;
        z->soff += k;
        if (z->soff == in->n) z->sidx++, z->soff = 0;
    }
    return got;
}
