"""MinHash signatures of text units and their LSH band keys, computed by a compiled kernel.

Signatures are bit-identical to datasketch's ``affine32`` scheme (its 2.0 default) with xxh32
as the shingle hash: the same shingles (word k-grams joined by one space, UTF-8), the same
MurmurHash3 pre-mix, the same ``a * h + b mod 2**32`` permutations drawn from
``numpy.random.RandomState(seed)``. So a signature can be rebuilt as
``datasketch.MinHash(hashvalues=..., scheme="affine32")`` and an index built by the earlier
pure-datasketch code stays valid. ``tests/test_fingerprint.py`` checks the identity.

Band keys are xxh64 (seed = band index) of each band's slice of the signature as little-endian
uint64, shifted into a signed BIGINT. Both hashes are implemented in numba so that a whole
batch is one call: Python only joins each unit's words and encodes it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from numba import njit

from pipeline.config import DetectSettings

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
def _minhash_kernel(buf: np.ndarray, n_units: int, k: int, a: np.ndarray, b: np.ndarray, out: np.ndarray) -> None:
    """out[u] = min over shingles of (a * fmix32(xxh32(shingle)) + b) mod 2**32.

    buf holds the units separated by newlines, each unit's words by single spaces."""
    num_perm = a.shape[0]
    starts = np.empty(buf.shape[0] + 2, dtype=np.int64)
    mins = np.empty(num_perm, dtype=np.uint32)
    s16 = np.uint64(16)
    s13 = np.uint64(13)
    pos = 0
    n = buf.shape[0]
    for u in range(n_units):
        lo = pos
        hi = lo
        while hi < n and buf[hi] != 10:
            hi += 1
        pos = hi + 1
        mins[:] = np.uint32(0xFFFFFFFF)
        if hi > lo:  # an empty unit keeps datasketch's empty signature (all max)
            nw = 1
            starts[0] = lo
            for i in range(lo, hi):
                if buf[i] == 32:
                    starts[nw] = i + 1
                    nw += 1
            starts[nw] = hi + 1  # so that word w ends at starts[w + 1] - 1
            n_sh = nw - k + 1 if nw > k else 1
            width = k if nw > k else nw
            for s in range(n_sh):
                h = _xxh32(buf, starts[s], starts[s + width] - 1)
                h ^= h >> s16
                h = (h * _FMIX1) & _M32
                h ^= h >> s13
                h = (h * _FMIX2) & _M32
                h ^= h >> s16
                h32 = np.uint32(h)
                for p in range(num_perm):  # 32-bit wraparound is the mod 2**32; LLVM vectorises this
                    mins[p] = min(mins[p], np.uint32(a[p] * h32 + b[p]))
        out[u, :] = mins


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


@njit(cache=True)
def _xxh64_lanes(lanes: np.ndarray, seed: np.uint64) -> np.uint64:
    """xxh64 of the little-endian bytes of a uint64 array (length a multiple of 8 bytes)."""
    n = lanes.shape[0]
    i = 0
    if n >= 4:
        v1 = seed + _X64_P1 + _X64_P2
        v2 = seed + _X64_P2
        v3 = seed
        v4 = seed - _X64_P1
        while i + 4 <= n:
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
    while i < n:
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
    for u in range(sigs.shape[0]):
        for band in range(bands):
            h = _xxh64_lanes(sigs[u, band * rows : (band + 1) * rows], np.uint64(band))
            out[u, band] = h ^ _SIGN


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters (a odd)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _joined(units: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[int]]:
    """All units as one UTF-8 buffer (units split by newlines, words by single spaces), plus the
    units that a split on spaces would misread (an empty word, a word holding a space or a
    newline), which take the slow path."""
    texts = list(map(" ".join, units))
    joined = "\n".join(texts)
    spaces = sum(map(len, units)) - (len(units) - texts.count(""))
    clean = (
        joined.count(" ") == spaces
        and joined.count("\n") == len(units) - 1
        and "  " not in joined
        and " \n" not in joined
        and "\n " not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
    )
    if clean:
        return np.frombuffer(joined.encode(), dtype=np.uint8), []
    odd = [
        i for i, (u, t) in enumerate(zip(units, texts, strict=True))
        if u and (t.count(" ") != len(u) - 1 or "\n" in t or "  " in t or t[0] == " " or t[-1] == " ")
    ]
    for i in odd:
        texts[i] = ""
    return np.frombuffer("\n".join(texts).encode(), dtype=np.uint8), odd


def shingles(words: Sequence[str], k: int) -> list[bytes]:
    """Word k-grams; a unit shorter than k is one shingle of all its words."""
    if len(words) <= k:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)]


def signatures(units: Sequence[Sequence[str]], cfg: DetectSettings) -> np.ndarray:
    """(n_units, num_perm) uint64 array of MinHash values."""
    out = np.empty((len(units), cfg.num_perm), dtype=np.uint64)
    if not units:
        return out
    a, b = permutations(cfg.num_perm, cfg.seed)
    buf, odd = _joined(units)
    _minhash_kernel(buf, len(units), cfg.shingle_words, a, b, out)
    for i in odd:
        out[i] = _reference_signature(units[i], cfg)
    return out


def _reference_signature(words: Sequence[str], cfg: DetectSettings) -> np.ndarray:
    """datasketch itself, for the rare unit the kernel cannot split on spaces."""
    import xxhash
    from datasketch import MinHash

    m = MinHash(num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=xxhash.xxh32_intdigest)
    m.update_batch(shingles(words, cfg.shingle_words))
    return m.hashvalues.astype(np.uint64)


def band_keys(sigs: np.ndarray, cfg: DetectSettings) -> np.ndarray:
    """(n_units, bands) int64 band keys; the band index is the hash seed, so bands never collide."""
    rows = cfg.rows
    out = np.empty((sigs.shape[0], cfg.bands), dtype=np.uint64)
    if sigs.shape[0]:
        _band_kernel(np.ascontiguousarray(sigs, dtype=np.uint64), cfg.bands, rows, out)
    return out.view(np.int64)


@njit(cache=True)
def _pairs_kernel(keys: np.ndarray) -> np.ndarray:
    """Partition the band keys by their top byte (they are hashes, so the parts are even and
    cache-sized), sort each part, and emit every pair of units inside each run of equal keys."""
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
    for i in range(total):
        p = (flat[i] >> 56) & 255
        part_keys[fill[p]] = flat[i]
        part_units[fill[p]] = i // bands
        fill[p] += 1
    out = np.empty(1024, dtype=np.int64)
    m = 0
    for p in range(256):
        lo, hi = starts[p], starts[p + 1]
        if hi - lo < 2:
            continue
        sub = part_keys[lo:hi]
        order = np.argsort(sub)
        i = 0
        size = hi - lo
        while i < size:
            j = i + 1
            while j < size and sub[order[j]] == sub[order[i]]:
                j += 1
            for x in range(i, j):
                for y in range(x + 1, j):
                    a = part_units[lo + order[x]]
                    b = part_units[lo + order[y]]
                    if a == b:
                        continue
                    if m == out.shape[0]:
                        grown = np.empty(out.shape[0] * 2, dtype=np.int64)
                        grown[:m] = out[:m]
                        out = grown
                    out[m] = min(a, b) * n + max(a, b)
                    m += 1
            i = j
    return out[:m]


def unit_pairs(keys: np.ndarray) -> np.ndarray:
    """In-memory candidates: distinct unit pairs (i < j) sharing a band key, encoded i * n + j.
    What ``MinHashLSH.query`` finds, by one sort of the batch's band keys."""
    if keys.shape[0] < 2:
        return np.zeros(0, dtype=np.int64)
    return np.unique(_pairs_kernel(np.ascontiguousarray(keys)))


def warm_up(cfg: DetectSettings) -> None:
    """Compile (or load the cached) kernels before timing-sensitive or forked work."""
    unit_pairs(band_keys(signatures([["warm", "up", "the", "kernels", "now"], ["warm", "up"]], cfg), cfg))
