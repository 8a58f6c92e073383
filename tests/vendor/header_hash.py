"""The block hash of an SP1 rsp client's public values, computed in Python (the oracle for
tests/vendor/rsp_v6.py): the public values are bincode-1 of the committed header in reth's
bincode-compat form (guests/vendor/reth/README.md: u64 length prefixes, Option = one tag byte),
the block hash is keccak-256 of the header's RLP. Keccak-f[1600] is written here from the
specification (FIPS 202 with the original 0x01 padding) and checked against keccak-256("")."""
import struct

MASK = (1 << 64) - 1


def _round_constants():
    rc, r = [], 1
    for _ in range(24):
        c = 0
        for j in range(7):
            if r & 1:
                c |= 1 << ((1 << j) - 1)
            r = ((r << 1) ^ 0x71) & 0xff if r & 0x80 else r << 1
        rc.append(c)
    return rc


RC = _round_constants()
ROT = [[0] * 5 for _ in range(5)]
_x, _y = 1, 0
for _t in range(24):
    ROT[_x][_y] = ((_t + 1) * (_t + 2) // 2) % 64
    _x, _y = _y, (2 * _x + 3 * _y) % 5


def _rol(v, n):
    return ((v << n) | (v >> (64 - n))) & MASK if n else v


def _keccak_f(a):
    for rnd in range(24):
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], ROT[x][y])
        a = [[b[x][y] ^ (~b[(x + 1) % 5][y] & b[(x + 2) % 5][y]) for y in range(5)]
             for x in range(5)]
        a[0][0] ^= RC[rnd]
    return a


def keccak256(data):
    rate = 136
    msg = bytearray(data) + b"\x01"
    msg += b"\x00" * (-len(msg) % rate)
    msg[-1] |= 0x80
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(msg), rate):
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(msg[off + 8 * i:off + 8 * i + 8], "little")
        a = _keccak_f(a)
    return b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


assert keccak256(b"").hex() == \
    "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"


def rlp(x):
    if isinstance(x, list):
        body = b"".join(rlp(i) for i in x)
        return _len(len(body), 0xc0) + body
    if len(x) == 1 and x[0] < 0x80:
        return x
    return _len(len(x), 0x80) + x


def _len(n, base):
    if n < 56:
        return bytes([base + n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([base + 55 + len(b)]) + b


def _int(v):
    return v.to_bytes((v.bit_length() + 7) // 8, "big") if v else b""


class _R:
    def __init__(self, b):
        self.b, self.i = b, 0

    def take(self, n):
        v = self.b[self.i:self.i + n]
        assert len(v) == n, "public values too short"
        self.i += n
        return v

    def u64(self):
        return struct.unpack("<Q", self.take(8))[0]

    def blob(self):
        return self.take(self.u64())

    def opt(self, f):
        return f() if self.take(1)[0] else None


def header_hash(pv):
    """keccak-256 of the RLP of the header decoded from the public values."""
    r = _R(pv)
    parent, ommers, beneficiary = r.blob(), r.blob(), r.blob()
    state, txs, receipts = r.blob(), r.blob(), r.blob()
    withdrawals = r.opt(r.blob)
    bloom = r.blob()
    difficulty = int.from_bytes(r.blob(), "big")  # U256 as 32 bytes (zero since the merge)
    number, gas_limit, gas_used, timestamp = r.u64(), r.u64(), r.u64(), r.u64()
    mix, nonce = r.blob(), r.blob()
    base_fee, blob_gas, excess = r.opt(r.u64), r.opt(r.u64), r.opt(r.u64)
    beacon, requests = r.opt(r.blob), r.opt(r.blob)
    extra = r.blob()
    fields = [parent, ommers, beneficiary, state, txs, receipts, bloom, _int(difficulty),
              _int(number), _int(gas_limit), _int(gas_used), _int(timestamp), extra, mix, nonce]
    tail = [None if base_fee is None else _int(base_fee), withdrawals,
            None if blob_gas is None else _int(blob_gas),
            None if excess is None else _int(excess), beacon, requests]
    while tail and tail[-1] is None:
        tail.pop()
    assert None not in tail, "optional header fields out of order"
    return number, keccak256(rlp(fields + tail)).hex(), r.i == len(pv)
