#!/usr/bin/env python3
"""Independent bincode-1 walker for the reth guests' inputs (rsp ClientExecutorInput, zisk-eth-
client's two records), written from ../shared/guests/vendor/reth/README.md without rivet's code.
It reads each vendor file to its last byte and prints what tests/unit/eth/test_wit_bincode.c
expects: block number, gas used, transaction / withdrawal counts, witness vector lengths.

  python3 tests/unit/eth/reth_bincode.py ../shared/guests/vendor/reth/*.bin
  python3 tests/unit/eth/reth_bincode.py --json ZISK_INPUT OUT_PREFIX   (JSON forms of it)"""
import struct
import sys
class R:
    def __init__(s,f,p=0): s.f=f; s.p=p
    def u8(s): v=s.f[s.p]; s.p+=1; return v
    def u32(s): v=struct.unpack_from('<I',s.f,s.p)[0]; s.p+=4; return v
    def u64(s): v=struct.unpack_from('<Q',s.f,s.p)[0]; s.p+=8; return v
    def u128(s): v=int.from_bytes(s.f[s.p:s.p+16],'little'); s.p+=16; return v
    def raw(s,n): b=s.f[s.p:s.p+n]; s.p+=n; return b
    def vb(s): return s.raw(s.u64())
    def opt(s,fn):
        t=s.u8(); assert t in (0,1),(t,s.p); return fn() if t else None
    def peek(s,n=64): return s.f[s.p:s.p+n].hex()
def header(r):
    h={}
    for k in ['parent','ommers','coinbase','state','txroot','receipts']: h[k]=r.vb()
    h['wroot']=r.opt(r.vb)
    h['bloom']=r.vb(); h['difficulty']=r.vb()
    for k in ['number','gas_limit','gas_used','timestamp']: h[k]=r.u64()
    h['mix']=r.vb(); h['nonce']=r.vb()
    h['base_fee']=r.opt(r.u64); h['blob_gas_used']=r.opt(r.u64); h['excess']=r.opt(r.u64)
    h['pbr']=r.opt(r.vb); h['rh']=r.opt(r.vb); h['extra']=r.vb()
    return h
def u256(r): b=r.vb(); assert len(b)==32,(len(b),r.p); return int.from_bytes(b,'big')
def addr(r): b=r.vb(); assert len(b)==20,(len(b),r.p); return b
def txkind(r): return r.opt(lambda: addr(r))
def alist(r):
    return [(addr(r), [r.vb() for _ in range(r.u64())]) for _ in range(r.u64())]
def auths(r):
    out=[]
    for _ in range(r.u64()):
        out.append(dict(chain_id=u256(r), address=addr(r), nonce=r.u64(), y=r.u8(), r=u256(r), s=u256(r)))
    return out
def tx(r):
    t={}
    t['r']=u256(r); t['s']=u256(r); v=r.vb(); t['v']=int.from_bytes(v,'big')
    ty=r.u32(); t['type']=ty
    if ty==0:
        t['chain_id']=r.opt(lambda: int.from_bytes(r.vb(),'big')); t['nonce']=r.u64(); t['gas_price']=r.u128(); t['gas']=r.u64(); t['to']=txkind(r); t['value']=u256(r); t['input']=r.vb()
    elif ty==1:
        t['chain_id']=r.u64(); t['nonce']=r.u64(); t['gas_price']=r.u128(); t['gas']=r.u64(); t['to']=txkind(r); t['value']=u256(r); t['al']=alist(r); t['input']=r.vb()
    elif ty==2:
        t['chain_id']=r.u64(); t['nonce']=r.u64(); t['gas']=r.u64(); t['max_fee']=r.u128(); t['prio']=r.u128(); t['to']=txkind(r); t['value']=u256(r); t['al']=alist(r); t['input']=r.vb()
    elif ty==3:
        t['chain_id']=r.u64(); t['nonce']=r.u64(); t['gas']=r.u64(); t['max_fee']=r.u128(); t['prio']=r.u128(); t['to']=addr(r); t['value']=u256(r); t['al']=alist(r); t['blobs']=[r.vb() for _ in range(r.u64())]; t['blob_fee']=r.u128(); t['input']=r.vb()
    elif ty==4:
        t['chain_id']=r.u64(); t['nonce']=r.u64(); t['gas']=r.u64(); t['max_fee']=r.u128(); t['prio']=r.u128(); t['to']=addr(r); t['value']=u256(r); t['al']=alist(r); t['auth']=auths(r); t['input']=r.vb()
    else: raise Exception('type %d at %d'%(ty,r.p))
    return t
def body(r):
    txs=[tx(r) for _ in range(r.u64())]
    om=[header(r) for _ in range(r.u64())]
    q=lambda: int.from_bytes(r.vb(),'big')
    wd=r.opt(lambda: [(q(),q(),addr(r),q()) for _ in range(r.u64())])
    return txs,om,wd
def mpt(r, depth=0):
    v=r.u32()
    if v==0: return ('null',)
    if v==1: return ('branch',[r.opt(lambda: mpt(r,depth+1)) for _ in range(16)])
    if v==2: return ('leaf', r.vb(), r.vb())
    if v==3: p=r.vb(); return ('ext', p, mpt(r,depth+1))
    if v==4: return ('digest', r.vb())
    raise Exception('mpt variant %d at %d'%(v,r.p-4))
def bytecode(r):
    v=r.u32()
    if v==0: return r.vb()
    if v==1:
        code=r.vb(); ol=r.u64(); order=r.vb(); w=r.u8(); idx=r.u8(); bits=r.u64(); data=r.vb(); return code[:ol]
    raise Exception('bytecode variant %d'%v)
def rsp(f):
    r=R(f,0); h=header(r); txs,om,wd=body(r)
    anc=[header(r) for _ in range(r.u64())]
    st=mpt(r); ns=r.u64(); stor={}
    for i in range(ns): k=r.vb(); stor[k]=mpt(r)
    codes=[bytecode(r) for _ in range(r.u64())]
    g=r.u32(); cb=r.opt(lambda: addr(r)); ot=r.u8()
    return dict(h=h,txs=txs,om=om,wd=wd,anc=anc,st=st,stor=stor,codes=codes,genesis=g,cb=cb,ot=ot,end=r.p)


def zisk(f):
    n1 = struct.unpack_from('<Q', f, 0)[0]
    r = R(f, 8)
    h = header(r)
    txs, om, wd = body(r)
    chain_id = r.u64()
    off = (8 + n1 + 7) // 8 * 8
    r = R(f, off)
    n2 = r.u64()
    parts = {}
    for k in ['state', 'codes', 'keys', 'headers']:
        parts[k] = [r.vb() for _ in range(r.u64())]
    assert r.p == off + 8 + n2
    return dict(h=h, txs=txs, om=om, wd=wd, chain_id=chain_id, parts=parts)


def main():
    if sys.argv[1:2] == ['--json']:  # --json ZISK_INPUT OUT_PREFIX
        json_forms(sys.argv[2], sys.argv[3])
        return
    for path in sys.argv[1:]:
        f = open(path, 'rb').read()
        if struct.unpack_from('<Q', f, 0)[0] == 32:
            d = rsp(f)
            assert d['end'] == len(f)
            extra = 'ancestors %d codes %d storage tries %d' % (len(d['anc']), len(d['codes']),
                                                                 len(d['stor']))
        else:
            d = zisk(f)
            extra = ' '.join('%s %d' % (k, len(v)) for k, v in d['parts'].items())
        h = d['h']
        print('%s: block %d gas %d txs %d withdrawals %d %s' % (
            path.split('/')[-1], h['number'], h['gas_used'], len(d['txs']), len(d['wd'] or []),
            extra))



# ---- JSON forms of a zisk input (for the JSON readers' tests) ----------------------------------
def rlp_dec(b, i=0):
    """One RLP item at b[i:] -> (value, next index); lists as Python lists."""
    p = b[i]
    if p < 0x80:
        return b[i:i + 1], i + 1
    if p < 0xb8:
        return b[i + 1:i + 1 + p - 0x80], i + 1 + p - 0x80
    if p < 0xc0:
        ll = p - 0xb7
        n = int.from_bytes(b[i + 1:i + 1 + ll], 'big')
        return b[i + 1 + ll:i + 1 + ll + n], i + 1 + ll + n
    if p < 0xf8:
        n, s = p - 0xc0, i + 1
    else:
        ll = p - 0xf7
        n, s = int.from_bytes(b[i + 1:i + 1 + ll], 'big'), i + 1 + ll
    out, j = [], s
    while j < s + n:
        v, j = rlp_dec(b, j)
        out.append(v)
    return out, s + n


def hx(b):
    return '0x' + b.hex()


def q(v):
    return hex(v)


HEADER_KEYS = [('parentHash', 'parent_hash', 'parent'), ('sha3Uncles', 'ommers_hash', 'ommers'),
               ('miner', 'beneficiary', 'coinbase'), ('stateRoot', 'state_root', 'state'),
               ('transactionsRoot', 'transactions_root', 'txroot'),
               ('receiptsRoot', 'receipts_root', 'receipts'), ('logsBloom', 'logs_bloom', 'bloom'),
               ('mixHash', 'mix_hash', 'mix'), ('nonce', 'nonce', 'nonce'),
               ('extraData', 'extra_data', 'extra')]
HEADER_QTY = [('number', 'number', 'number'), ('gasLimit', 'gas_limit', 'gas_limit'),
              ('gasUsed', 'gas_used', 'gas_used'), ('timestamp', 'timestamp', 'timestamp')]
HEADER_OPT = [('withdrawalsRoot', 'withdrawals_root', 'wroot', hx),
              ('baseFeePerGas', 'base_fee_per_gas', 'base_fee', q),
              ('blobGasUsed', 'blob_gas_used', 'blob_gas_used', q),
              ('excessBlobGas', 'excess_blob_gas', 'excess', q),
              ('parentBeaconBlockRoot', 'parent_beacon_block_root', 'pbr', hx),
              ('requestsHash', 'requests_hash', 'rh', hx)]


def header_json(h, snake):
    k = 1 if snake else 0
    o = {key[k]: hx(h[key[2]]) for key in HEADER_KEYS}
    o.update({key[k]: q(h[key[2]]) for key in HEADER_QTY})
    o['difficulty'] = q(int.from_bytes(h['difficulty'], 'big'))
    for key in HEADER_OPT:
        if h[key[2]] is not None:
            o[key[k]] = key[3](h[key[2]])
    return o


def tx_json(t, legacy):
    """eth_getBlockByNumber's tx object, or (legacy) scroll's older snake_case one with a nested
    signature {r, s, y_parity}."""
    ty = t['type']
    c = (lambda camel, snake: snake) if legacy else (lambda camel, snake: camel)
    o = {c('type', 'transaction_type'): ty if legacy else q(ty), 'nonce': q(t['nonce']),
         'gas': q(t['gas']), 'value': q(t['value']), 'input': hx(t['input'])}
    o['to'] = hx(t['to']) if t['to'] is not None else None
    if t.get('chain_id') is not None:
        o[c('chainId', 'chain_id')] = q(t['chain_id'])
    if ty <= 1:
        o[c('gasPrice', 'gas_price')] = q(t['gas_price'])
    else:
        o[c('maxFeePerGas', 'max_fee_per_gas')] = q(t['max_fee'])
        o[c('maxPriorityFeePerGas', 'max_priority_fee_per_gas')] = q(t['prio'])
    if ty >= 1:
        o[c('accessList', 'access_list')] = [{'address': hx(a), c('storageKeys', 'storage_keys'):
                                             [hx(k) for k in ks]} for a, ks in t['al']]
    if ty == 3:
        o[c('maxFeePerBlobGas', 'max_fee_per_blob_gas')] = q(t['blob_fee'])
        o[c('blobVersionedHashes', 'blob_versioned_hashes')] = [hx(b) for b in t['blobs']]
    parity = t['v']
    if legacy:
        o['signature'] = {'r': q(t['r']), 's': q(t['s']), 'y_parity': bool(parity)}
    else:
        o['r'], o['s'] = q(t['r']), q(t['s'])
        if ty == 0:
            cid = t.get('chain_id')
            o['v'] = q(cid * 2 + 35 + parity if cid is not None else 27 + parity)
        else:
            o['v'] = o['yParity'] = q(parity)
    return o


def json_forms(path, out):
    """Writes <out>.block.json, .witness.json, .pair.json, .scroll.json, .scroll-legacy.json
    and .parent.json from a zisk input (none of them made by rivet)."""
    import json
    d = zisk(open(path, 'rb').read())
    h, parts = d['h'], d['parts']
    wd = [{'index': q(i), 'validatorIndex': q(v), 'address': hx(a), 'amount': q(m)}
          for i, v, a, m in d['wd'] or []]
    block = header_json(h, False)
    block.update({'transactions': [tx_json(t, False) for t in d['txs']], 'uncles': [],
                  'withdrawals': wd})
    witness = {k: [hx(x) for x in v] for k, v in parts.items()}
    parent = rlp_dec(parts['headers'][0])[0]
    names = [k[0] for k in HEADER_KEYS[:7]] + ['difficulty', 'number', 'gasLimit', 'gasUsed',
                                              'timestamp', 'extraData', 'mixHash', 'nonce',
                                              'baseFeePerGas', 'withdrawalsRoot', 'blobGasUsed',
                                              'excessBlobGas', 'parentBeaconBlockRoot',
                                              'requestsHash']
    pj = {}
    for name, v in zip(names, parent):
        fixed = name in ('parentHash', 'sha3Uncles', 'miner', 'stateRoot', 'transactionsRoot',
                         'receiptsRoot', 'logsBloom', 'extraData', 'mixHash', 'nonce',
                         'withdrawalsRoot', 'parentBeaconBlockRoot', 'requestsHash')
        pj[name] = hx(v) if fixed else q(int.from_bytes(v, 'big'))
    scroll = {'chain_id': d['chain_id'], 'header': header_json(h, True),
              'pre_state_root': pj['stateRoot'],
              'transaction': [tx_json(t, False) for t in d['txs']],
              'withdrawals': wd, 'block_hashes': [hx(h['parent'])],
              'states': witness['state'], 'codes': witness['codes']}
    legacy = dict(scroll)
    del legacy['pre_state_root'], legacy['transaction'], legacy['block_hashes']
    legacy['prev_state_root'] = pj['stateRoot']
    legacy['transactions'] = [tx_json(t, True) for t in d['txs']]
    nohdr = dict(witness)
    del nohdr['headers']
    for suffix, obj in (('block', {'jsonrpc': '2.0', 'id': 1, 'result': block}),
                        ('witness', witness), ('witness-noheaders', nohdr),
                        ('pair', {'block': block, 'witness': witness, 'chainId': 1}),
                        ('scroll', scroll), ('scroll-legacy', legacy), ('parent', pj)):
        with open('%s.%s.json' % (out, suffix), 'w') as f:
            json.dump(obj, f)


if __name__ == '__main__':
    main()
