"""MinHash signatures of text units and their LSH band keys.

Signatures follow datasketch's ``affine32`` scheme (its 2.0 default) with xxh32 as the
shingle hash, so they can be rebuilt as ``datasketch.MinHash(hashvalues=..., scheme="affine32")``.
Band keys are signed 64-bit hashes of each band's slice of the signature, stored in the
warehouse as the persistent LSH index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import xxhash
from datasketch import MinHash

from pipeline.config import DetectSettings


def _hash32(data: bytes) -> int:
    return xxhash.xxh32_intdigest(data)


def shingles(words: Sequence[str], k: int) -> list[bytes]:
    """Word k-grams; a unit shorter than k is one shingle of all its words."""
    if len(words) <= k:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)]


def signatures(units: Sequence[Sequence[str]], cfg: DetectSettings) -> np.ndarray:
    """(n_units, num_perm) uint64 array of MinHash values."""
    if not units:
        return np.zeros((0, cfg.num_perm), dtype=np.uint64)
    sets = [shingles(u, cfg.shingle_words) for u in units]
    mhs = MinHash.bulk(sets, num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=_hash32)
    return np.vstack([m.hashvalues.astype(np.uint64) for m in mhs])


def band_keys(sigs: np.ndarray, cfg: DetectSettings) -> np.ndarray:
    """(n_units, bands) int64 band keys; the band index is mixed in so bands never collide."""
    rows = cfg.rows
    n = sigs.shape[0]
    out = np.empty((n, cfg.bands), dtype=np.int64)
    for u in range(n):
        row = np.ascontiguousarray(sigs[u, : cfg.bands * rows], dtype=np.uint64)
        for b in range(cfg.bands):
            out[u, b] = xxhash.xxh64_intdigest(row[b * rows : (b + 1) * rows].tobytes(), seed=b) - (1 << 63)
    return out
