# Platypus's random stream (src/tensor/rng.ts: xoshiro128**, seeded through splitmix32) in Python, so that
# bench/systems/numpy_mlp.py can start from Platypus's initial weights and visit the batches in Platypus's
# order: the two systems then train the same network on the same batches, and their test accuracies differ
# only by float32 rounding, not by which random draws each happened to make. Pure Python (a few hundred
# thousand draws per run, made before any timed pass). Checked against the TypeScript by
# test/bench/platypus-rng.test.ts.
import math
from array import array

_M = 0xFFFFFFFF


def _rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & _M


class PlatypusRng:
    def __init__(self, seed=0):
        x = int(seed) & _M
        state = []
        for _ in range(4):
            x = (x + 0x9E3779B9) & _M
            z = x
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & _M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & _M
            state.append((z ^ (z >> 16)) & _M)
        self.s0, self.s1, self.s2, self.s3 = state
        self.spare = None

    def next_uint32(self):
        s0, s1, s2, s3 = self.s0, self.s1, self.s2, self.s3
        result = (_rotl((s1 * 5) & _M, 7) * 9) & _M
        t = (s1 << 9) & _M
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        self.s0, self.s1, self.s2, self.s3 = s0, s1, s2, _rotl(s3, 11)
        return result

    def uniform(self):
        hi = self.next_uint32() >> 5
        lo = self.next_uint32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def normal(self, mean=0.0, std=1.0):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return mean + std * z
        u = 0.0
        while u == 0.0:
            u = self.uniform()
        v = self.uniform()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return mean + std * r * math.cos(2 * math.pi * v)

    def shuffle(self, items):
        """Fisher–Yates in place, as Rng.shuffle."""
        for i in range(len(items) - 1, 0, -1):
            j = math.floor(self.uniform() * (i + 1))
            items[i], items[j] = items[j], items[i]
        return items


def book_network_stream(seed, n_in, n_hidden, n_out, rows, epochs):
    """What NeuralNetwork({seed, hidden: [n_hidden], init: 'book'}).fit draws, in its order: the dropout
    stream's seed, W1 [n_in, n_hidden] and W2 [n_hidden, n_out] row-major from N(0, 1/fanIn), then each
    epoch's row order (the previous epoch's order shuffled again). Returns (w1, w2, orders) as compact arrays
    (float64 and int32), so the port adds little to the benchmark's peak memory."""
    rng = PlatypusRng(seed)
    rng.next_uint32()  # seeds the dropout stream
    w1 = array('d', (rng.normal(0, math.sqrt(1 / n_in)) for _ in range(n_in * n_hidden)))
    w2 = array('d', (rng.normal(0, math.sqrt(1 / n_hidden)) for _ in range(n_hidden * n_out)))
    order = array('i', range(rows))
    orders = []
    for _ in range(epochs):
        rng.shuffle(order)
        orders.append(array('i', order))
    return w1, w2, orders
