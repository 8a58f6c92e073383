/* Persistence in LMDB (`--data-dir`): the environment, the chain's journal (one record per
   entry keyed by its big-endian index, node_store_db.h) and a few meta values. The state
   changes and receipts written with each entry are node_store_state.c, the start from them
   node_store_load.c. Also --dump-state / --load-state: the same journal as a JSON file. */
#include <lmdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "node_store_db.h"

#define lfail node_store_lfail

rivet_status node_store_lfail(rivet_diag *d, int rc, const char *what)
{
    return rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "lmdb %s: %s", what, mdb_strerror(rc));
}

rivet_status node_store_open(node_store **out, const char *dir, rivet_diag *d)
{
    node_store *s = calloc(1, sizeof *s);
    if (!s) return rivet_fail(d, RIVET_ENOMEM, RIVET_NOPOS, "out of memory");
    mkdir(dir, 0755);
    int rc = mdb_env_create(&s->env);
    if (!rc) rc = mdb_env_set_maxdbs(s->env, 8);
    if (!rc) rc = mdb_env_set_mapsize(s->env, (size_t)16 << 30);
    if (!rc) rc = mdb_env_open(s->env, dir, 0, 0644);
    MDB_txn *t = NULL;
    if (!rc) rc = mdb_txn_begin(s->env, NULL, 0, &t);
    if (!rc) rc = mdb_dbi_open(t, "journal", MDB_CREATE, &s->journal);
    if (!rc) rc = mdb_dbi_open(t, "meta", MDB_CREATE, &s->meta);
    if (!rc) rc = mdb_dbi_open(t, "code", MDB_CREATE, &s->code);
    if (!rc)
        rc = mdb_txn_commit(t);
    else if (t)
        mdb_txn_abort(t);
    if (rc) {
        if (s->env) mdb_env_close(s->env);
        free(s);
        return lfail(d, rc, dir);
    }
    s->dall = true; /* nothing written yet: the first delta holds the whole state */
    s->full_at = NODE_NO_FULL;
    *out = s;
    return RIVET_OK;
}

void node_store_close(node_store *s)
{
    mdb_env_sync(s->env, 1); /* the edits since the last block (committed unsynced) */
    mdb_env_close(s->env);
    free(s->dacc);
    free(s->dwipe);
    free(s->dslot);
    free(s);
}

int node_store_cut(MDB_txn *t, MDB_dbi dbi, uint64_t n)
{
    MDB_cursor *cur;
    int rc = mdb_cursor_open(t, dbi, &cur);
    if (rc) return rc;
    uint8_t key[8];
    be_store64(key, n);
    MDB_val k = {8, key}, v;
    for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); !rc;
         rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT))
        if ((rc = mdb_cursor_del(cur, 0))) break;
    mdb_cursor_close(cur);
    return rc == MDB_NOTFOUND ? 0 : rc;
}

rivet_status node_store_meta(node_store *s, const char *key, uint64_t *val, bool set, rivet_diag *d)
{
    MDB_txn *t;
    int rc = mdb_txn_begin(s->env, NULL, set ? 0 : MDB_RDONLY, &t);
    if (rc) return lfail(d, rc, "begin");
    MDB_val k = {strlen(key), (void *)key}, v;
    uint8_t b[8];
    if (set) {
        be_store64(b, *val);
        v.mv_size = 8;
        v.mv_data = b;
        rc = mdb_put(t, s->meta, &k, &v, 0);
        if (!rc) return (rc = mdb_txn_commit(t)) ? lfail(d, rc, "meta") : RIVET_OK;
        mdb_txn_abort(t);
        return lfail(d, rc, "meta");
    }
    rc = mdb_get(t, s->meta, &k, &v);
    if (!rc && v.mv_size == 8) *val = be_load64(v.mv_data);
    mdb_txn_abort(t);
    return rc && rc != MDB_NOTFOUND ? lfail(d, rc, "meta") : RIVET_OK;
}

/* --dump-state: the journal as JSON {format, chainId, genesisTime, entries: [[kind, hex]...]}
   (rivet's own format: anvil's dump is a state, this is the history that makes it). */
rivet_status node_dump_state(node_chain *c, const char *path, rivet_diag *d)
{
    json_t *o = json_object(), *es = json_array();
    json_object_set_new(o, "format", json_string("rivet-node-journal-1"));
    json_object_set_new(o, "chainId", json_integer((json_int_t)c->cc.chain_id));
    json_object_set_new(o, "genesisTime", json_integer((json_int_t)c->cfg.timestamp));
    for (size_t i = 0; i < c->njournal; i++) {
        json_t *e = json_array();
        json_array_append_new(e, json_integer(c->journal[i].kind));
        json_array_append_new(e, node_hexb(c->journal[i].data, c->journal[i].len));
        json_array_append_new(es, e);
    }
    json_object_set_new(o, "entries", es);
    int rc = json_dump_file(o, path, JSON_COMPACT);
    json_decref(o);
    return rc ? rivet_fail(d, RIVET_EIO, RIVET_NOPOS, "cannot write %s", path) : RIVET_OK;
}

rivet_status node_load_state(node_chain *c, json_t *root, rivet_diag *d)
{
    json_t *es = json_object_get(root, "entries");
    rivet_status st = RIVET_OK;
    for (size_t i = 0; i < json_array_size(es) && st == RIVET_OK; i++) {
        json_t *e = json_array_get(es, i);
        uint8_t *p;
        size_t n;
        json_int_t kind = json_integer_value(json_array_get(e, 0));
        if (!json_is_array(e) || (kind != NODE_E_BLOCK && kind != NODE_E_EDIT) ||
            !node_get_bytes(json_array_get(e, 1), &p, &n))
            return rivet_fail(d, RIVET_EINPUT, i, "state file: entry %zu is malformed", i);
        st = node_replay_entry(c, (uint8_t)kind, p, n, d);
        free(p);
    }
    return st;
}
