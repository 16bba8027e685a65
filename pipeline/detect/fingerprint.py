"""MinHash signatures of text units and their LSH band keys, computed by a compiled kernel.

Signatures are bit-identical to datasketch's ``affine32`` scheme (its 2.0 default) with xxh32
as the shingle hash: the same shingles (word k-grams joined by one space, UTF-8), the same
MurmurHash3 pre-mix, the same ``a * h + b mod 2**32`` permutations drawn from
``numpy.random.RandomState(seed)``. So a signature can be rebuilt as
``datasketch.MinHash(hashvalues=..., scheme="affine32")`` and an index built by the earlier
pure-datasketch code stays valid. ``tests/test_fingerprint.py`` checks the identity.

Signatures are returned as uint32 (the values are 32-bit; datasketch stores them as uint64), which
halves the memory a batch touches. Band keys are xxh64 (seed = band index) of each band's slice
of the signature as little-endian uint64 (datasketch's dtype), shifted into a signed BIGINT. Both
hashes are implemented in numba so that a whole batch is one call: Python only joins all the
batch's words once and encodes them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numba import njit

from pipeline.config import DetectSettings


def _load_numba_array_math() -> None:
    """Import numba's array maths now, with its BLAS probe told SciPy's BLAS is absent.

    Loading the first kernel (even from the on-disk cache) imports numba's implementations, and
    ``numba.np.arraymath`` probes for BLAS by importing ``scipy.linalg``: 0.15 s of every
    `synd detect` start, for a BLAS these kernels never call. Without it numba only picks its own
    loop for ``np.correlate``/``np.convolve`` in jitted code (nothing here uses them); numba's
    linear algebra functions check again when compiled. A process that has SciPy's linalg loaded
    already, or numba's array maths, is left as it is."""
    if "numba.np.arraymath" in sys.modules or "scipy.linalg" in sys.modules:
        return
    probe = "scipy.linalg.cython_blas"
    sys.modules[probe] = None  # type: ignore[assignment]  # None in sys.modules: that import raises ImportError
    try:
        import numba.np.arraymath  # noqa: F401
    finally:
        del sys.modules[probe]


_load_numba_array_math()

_M32 = np.uint64(0xFFFFFFFF)
_X32_P1 = np.uint64(0x9E3779B1)
_X32_P2 = np.uint64(0x85EBCA77)
_X32_P3 = np.uint64(0xC2B2AE3D)
_X32_P4 = np.uint64(0x27D4EB2F)
_X32_P5 = np.uint64(0x165667B1)
_FMIX1 = np.uint64(0x85EBCA6B)
_FMIX2 = np.uint64(0xC2B2AE35)

_X64_P1 = np.uint64(11400714785074694791)
_X64_P2 = np.uint64(14029467366897019727)
_X64_P3 = np.uint64(1609587929392839161)
_X64_P4 = np.uint64(9650029242287828579)
_X64_P5 = np.uint64(2870177450012600261)
_SIGN = np.uint64(1 << 63)


@njit(inline="always")
def _rotl32(x: np.uint64, r: int) -> np.uint64:
    return ((x << np.uint64(r)) | (x >> np.uint64(32 - r))) & _M32


@njit(inline="always")
def _rd32(buf: np.ndarray, i: int) -> np.uint64:
    return (
        np.uint64(buf[i])
        | (np.uint64(buf[i + 1]) << np.uint64(8))
        | (np.uint64(buf[i + 2]) << np.uint64(16))
        | (np.uint64(buf[i + 3]) << np.uint64(24))
    )


@njit(cache=True)
def _xxh32(buf: np.ndarray, start: int, end: int) -> np.uint64:
    """xxh32 (seed 0) of buf[start:end]; 32-bit values carried in uint64 and masked."""
    n = end - start
    i = start
    if n >= 16:
        v1 = (_X32_P1 + _X32_P2) & _M32
        v2 = _X32_P2
        v3 = np.uint64(0)
        v4 = (np.uint64(0x100000000) - _X32_P1) & _M32
        limit = end - 16
        while i <= limit:
            v1 = (_rotl32((v1 + _rd32(buf, i) * _X32_P2) & _M32, 13) * _X32_P1) & _M32
            v2 = (_rotl32((v2 + _rd32(buf, i + 4) * _X32_P2) & _M32, 13) * _X32_P1) & _M32
            v3 = (_rotl32((v3 + _rd32(buf, i + 8) * _X32_P2) & _M32, 13) * _X32_P1) & _M32
            v4 = (_rotl32((v4 + _rd32(buf, i + 12) * _X32_P2) & _M32, 13) * _X32_P1) & _M32
            i += 16
        h = (_rotl32(v1, 1) + _rotl32(v2, 7) + _rotl32(v3, 12) + _rotl32(v4, 18)) & _M32
    else:
        h = _X32_P5
    h = (h + np.uint64(n)) & _M32
    while i + 4 <= end:
        h = (h + _rd32(buf, i) * _X32_P3) & _M32
        h = (_rotl32(h, 17) * _X32_P4) & _M32
        i += 4
    while i < end:
        h = (h + np.uint64(buf[i]) * _X32_P5) & _M32
        h = (_rotl32(h, 11) * _X32_P1) & _M32
        i += 1
    h ^= h >> np.uint64(15)
    h = (h * _X32_P2) & _M32
    h ^= h >> np.uint64(13)
    h = (h * _X32_P3) & _M32
    h ^= h >> np.uint64(16)
    return h


@njit(cache=True)
def _minhash_kernel(
    buf: np.ndarray, counts: np.ndarray, k: int, a: np.ndarray, b: np.ndarray, out: np.ndarray
) -> bool:
    """out[u] = min over shingles of (a * fmix32(xxh32(shingle)) + b) mod 2**32.

    buf holds every unit's words joined by single spaces; counts[u] is unit u's word count. The
    shingle hashes of a unit are computed first, then each permutation is one tight loop over them.
    False (and out unset) when buf holds more spaces than word gaps: some word contains a space."""
    num_perm = a.shape[0]
    a64 = a.astype(np.uint64)
    b64 = b.astype(np.uint64)
    total = 0
    widest = 1
    for u in range(counts.shape[0]):
        total += counts[u]
        widest = max(widest, counts[u])
    starts = np.empty(total + 1, dtype=np.int64)  # word w spans buf[starts[w]:starts[w + 1] - 1]
    starts[0] = 0
    w = 1
    for i in range(buf.shape[0]):
        if buf[i] == 32:
            if w >= total:
                return False
            starts[w] = i + 1
            w += 1
    if w != max(total, 1):
        return False
    starts[total] = buf.shape[0] + 1
    hs = np.empty(widest, dtype=np.uint64)
    s16 = np.uint64(16)
    s13 = np.uint64(13)
    first = 0
    for u in range(counts.shape[0]):
        nw = counts[u]
        if nw == 0:  # an empty unit keeps datasketch's empty signature (all max)
            out[u, :] = np.uint32(0xFFFFFFFF)
            continue
        n_sh = nw - k + 1 if nw > k else 1
        width = k if nw > k else nw
        for s in range(n_sh):
            h = _xxh32(buf, starts[first + s], starts[first + s + width] - 1)
            h ^= h >> s16
            h = (h * _FMIX1) & _M32
            h ^= h >> s13
            h = (h * _FMIX2) & _M32
            h ^= h >> s16
            hs[s] = h
        for p in range(num_perm):
            ap = a64[p]
            bp = b64[p]
            m = _M32
            for s in range(n_sh):  # the mask is the mod 2**32
                m = min(m, (ap * hs[s] + bp) & _M32)
            out[u, p] = np.uint32(m)
        first += nw
    return True


@njit(inline="always")
def _rotl64(x: np.uint64, r: int) -> np.uint64:
    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


@njit(inline="always")
def _x64_round(acc: np.uint64, lane: np.uint64) -> np.uint64:
    acc = acc + lane * _X64_P2
    acc = _rotl64(acc, 31)
    return acc * _X64_P1


@njit(inline="always")
def _x64_merge(acc: np.uint64, val: np.uint64) -> np.uint64:
    acc ^= _x64_round(np.uint64(0), val)
    return acc * _X64_P1 + _X64_P4


@njit(inline="always")
def _xxh64_lanes(lanes: np.ndarray, i: int, n: int, seed: np.uint64) -> np.uint64:
    """xxh64 of the little-endian bytes of lanes[i:i + n] (uint64)."""
    end = i + n
    if n >= 4:
        v1 = seed + _X64_P1 + _X64_P2
        v2 = seed + _X64_P2
        v3 = seed
        v4 = seed - _X64_P1
        while i + 4 <= end:
            v1 = _x64_round(v1, lanes[i])
            v2 = _x64_round(v2, lanes[i + 1])
            v3 = _x64_round(v3, lanes[i + 2])
            v4 = _x64_round(v4, lanes[i + 3])
            i += 4
        h = _rotl64(v1, 1) + _rotl64(v2, 7) + _rotl64(v3, 12) + _rotl64(v4, 18)
        h = _x64_merge(h, v1)
        h = _x64_merge(h, v2)
        h = _x64_merge(h, v3)
        h = _x64_merge(h, v4)
    else:
        h = seed + _X64_P5
    h += np.uint64(n * 8)
    while i < end:
        h ^= _x64_round(np.uint64(0), lanes[i])
        h = _rotl64(h, 27) * _X64_P1 + _X64_P4
        i += 1
    h ^= h >> np.uint64(33)
    h *= _X64_P2
    h ^= h >> np.uint64(29)
    h *= _X64_P3
    h ^= h >> np.uint64(32)
    return h


@njit(cache=True)
def _band_kernel(sigs: np.ndarray, bands: int, rows: int, out: np.ndarray) -> None:
    lanes = np.empty(sigs.shape[1], dtype=np.uint64)  # the signature as datasketch's uint64 values
    for u in range(sigs.shape[0]):
        for i in range(sigs.shape[1]):
            lanes[i] = sigs[u, i]
        for band in range(bands):
            h = _xxh64_lanes(lanes, band * rows, rows, np.uint64(band))
            out[u, band] = h ^ _SIGN


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters (a odd)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _joined(units: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Every unit's words as one UTF-8 buffer joined by single spaces, and each unit's word count.
    One join over the batch is what keeps Python's share of the cost small."""
    counts = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
    joined = " ".join(map(" ".join, filter(None, units)))
    return np.frombuffer(joined.encode(), dtype=np.uint8), counts


def shingles(words: Sequence[str], k: int) -> list[bytes]:
    """Word k-grams; a unit shorter than k is one shingle of all its words."""
    if len(words) <= k:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)]


def signatures(units: Sequence[Sequence[str]], cfg: DetectSettings) -> np.ndarray:
    """(n_units, num_perm) uint32 array of MinHash values (datasketch holds the same values as uint64)."""
    out = np.empty((len(units), cfg.num_perm), dtype=np.uint32)
    if not units:
        return out
    a, b = permutations(cfg.num_perm, cfg.seed)
    buf, counts = _joined(units)
    odd: list[int] = []
    if not _minhash_kernel(buf, counts, cfg.shingle_words, a, b, out):  # a word holds a space
        odd = [i for i, u in enumerate(units) if any(" " in w for w in u)]
        skip = set(odd)
        buf, counts = _joined([[] if i in skip else u for i, u in enumerate(units)])
        _minhash_kernel(buf, counts, cfg.shingle_words, a, b, out)
    for i in odd:
        out[i] = _reference_signature(units[i], cfg)
    return out


def _reference_signature(words: Sequence[str], cfg: DetectSettings) -> np.ndarray:
    """datasketch itself, for the rare unit the kernel cannot split on spaces."""
    import xxhash
    from datasketch import MinHash

    m = MinHash(num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=xxhash.xxh32_intdigest)
    m.update_batch(shingles(words, cfg.shingle_words))
    return m.hashvalues.astype(np.uint32)


def band_keys(sigs: np.ndarray, cfg: DetectSettings) -> np.ndarray:
    """(n_units, bands) int64 band keys; the band index is the hash seed, so bands never collide."""
    rows = cfg.rows
    out = np.empty((sigs.shape[0], cfg.bands), dtype=np.uint64)
    if sigs.shape[0]:
        _band_kernel(np.ascontiguousarray(sigs, dtype=np.uint32), cfg.bands, rows, out)
    return out.view(np.int64)


@njit(inline="always")
def _shared_before(keys: np.ndarray, a: int, b: int, band: int) -> bool:
    """Whether units a and b already share a key in an earlier band (numba: no any() of a generator)."""
    t = 0
    while t < band and keys[a, t] != keys[b, t]:
        t += 1
    return t < band


@njit(cache=True)
def _pairs_kernel(keys: np.ndarray) -> np.ndarray:
    """Partition the band keys by their top byte (they are hashes, so the parts are even and
    cache-sized), then group each part in a small open-addressing table, emitting every pair of
    units that lands on a key already seen, once: in the first band the two units share."""
    n, bands = keys.shape
    flat = keys.reshape(-1)
    total = flat.shape[0]
    counts = np.zeros(257, dtype=np.int64)
    for i in range(total):
        counts[((flat[i] >> 56) & 255) + 1] += 1
    starts = np.cumsum(counts)
    fill = starts[:256].copy()
    part_keys = np.empty(total, dtype=np.int64)
    part_units = np.empty(total, dtype=np.int64)
    part_first = np.empty(total, dtype=np.int64)  # the unit's band-0 key, to skip repeats cheaply
    for i in range(total):
        p = (flat[i] >> 56) & 255
        part_keys[fill[p]] = flat[i]
        part_units[fill[p]] = i  # unit i // bands, band i % bands
        part_first[fill[p]] = flat[i - i % bands]
        fill[p] += 1
    biggest = 1
    for p in range(256):
        biggest = max(biggest, starts[p + 1] - starts[p])
    bits = 1
    while (1 << bits) < 2 * biggest:
        bits += 1
    mask = (1 << bits) - 1
    head = np.empty(1 << bits, dtype=np.int64)  # slot -> last entry of its key's chain, -1 empty
    slot_key = np.empty(1 << bits, dtype=np.int64)
    chain_next = np.empty(biggest, dtype=np.int64)  # per part, by entry - lo
    out = np.empty(1024, dtype=np.int64)
    m = 0
    for p in range(256):
        lo, hi = starts[p], starts[p + 1]
        if hi - lo < 2:
            continue
        head[:] = -1
        for e in range(lo, hi):
            key = part_keys[e]
            slot = ((np.uint64(key) * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)) & np.uint64(mask)
            while head[slot] >= 0 and slot_key[slot] != key:
                slot = (slot + np.uint64(1)) & np.uint64(mask)
            prev = head[slot]
            chain_next[e - lo] = prev
            head[slot] = e
            slot_key[slot] = key
            if prev < 0:
                continue
            a = part_units[e] // bands
            band = part_units[e] % bands
            while prev >= 0:
                b = part_units[prev] // bands
                repeat = band > 0 and (part_first[e] == part_first[prev] or _shared_before(keys, a, b, band))
                if a != b and not repeat:
                    if m == out.shape[0]:
                        grown = np.empty(out.shape[0] * 2, dtype=np.int64)
                        grown[:m] = out[:m]
                        out = grown
                    out[m] = min(a, b) * n + max(a, b)
                    m += 1
                prev = chain_next[prev - lo]
    return out[:m]


def unit_pairs(keys: np.ndarray) -> np.ndarray:
    """In-memory candidates: distinct unit pairs (i < j) sharing a band key, encoded i * n + j.
    What ``MinHashLSH.query`` finds, by one sort of the batch's band keys."""
    if keys.shape[0] < 2:
        return np.zeros(0, dtype=np.int64)
    return np.sort(_pairs_kernel(np.ascontiguousarray(keys)))


def warm_up(cfg: DetectSettings) -> None:
    """Compile (or load the cached) kernels before timing-sensitive or forked work."""
    unit_pairs(band_keys(signatures([["warm", "up", "the", "kernels", "now"], ["warm", "up"]], cfg), cfg))
