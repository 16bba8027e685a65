"""The compiled MinHash kernel is bit-identical to datasketch, and band keys to the xxh64 definition."""

from __future__ import annotations

import random

import numpy as np
import xxhash
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import DetectSettings
from pipeline.detect import fingerprint as fp

CFG = DetectSettings()
_ALPHABET = "abcdefghijklmnopqrstuvwxyzé’'0123456789üß中ж\x00"


def _datasketch(units: list[list[str]], cfg: DetectSettings = CFG) -> np.ndarray:
    sets = [fp.shingles(u, cfg.shingle_words) for u in units]
    mhs = MinHash.bulk(sets, num_perm=cfg.num_perm, seed=cfg.seed, hashfunc=xxhash.xxh32_intdigest)
    return np.vstack([m.hashvalues.astype(np.uint64) for m in mhs])


def _random_units(rng: random.Random, n: int) -> list[list[str]]:
    return [
        ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(1, 14))) for _ in range(rng.randint(0, 70))]
        for _ in range(n)
    ]


def test_signatures_equal_datasketch_on_random_texts() -> None:
    units = _random_units(random.Random(5), 800)
    assert (fp.signatures(units, CFG) == _datasketch(units)).all()


def test_other_parameters_and_odd_units() -> None:
    cfg = DetectSettings(num_perm=64, bands=16, shingle_words=3, seed=42)
    units = [["ﷺ", "a b", "c", "d"], [], ["one"], ["a", "", "b", "c"], ["x"] * 40]  # spaces inside words, empty
    assert (fp.signatures(units, cfg) == _datasketch(units, cfg)).all()
    assert (fp.signatures(units, cfg)[1] == 0xFFFFFFFF).all()  # empty unit: datasketch's empty sketch


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.text(min_size=1, max_size=8).filter(lambda w: " " not in w), max_size=30), min_size=1, max_size=5))
def test_signatures_property(units: list[list[str]]) -> None:
    assert (fp.signatures(units, CFG) == _datasketch(units)).all()


def test_band_keys_are_xxh64_of_each_band() -> None:
    sigs = fp.signatures(_random_units(random.Random(9), 50), CFG)
    keys = fp.band_keys(sigs, CFG)
    rows = CFG.rows
    for u in range(sigs.shape[0]):
        for b in range(CFG.bands):
            want = xxhash.xxh64_intdigest(sigs[u, b * rows : (b + 1) * rows].astype("<u8").tobytes(), seed=b) - (1 << 63)
            assert keys[u, b] == want


def test_similar_texts_share_a_band_and_different_ones_do_not() -> None:
    rng = random.Random(3)
    base = [f"w{rng.randint(0, 10**6)}" for _ in range(60)]
    edited = list(base)
    edited[30] = "changed"
    other = [f"v{rng.randint(0, 10**6)}" for _ in range(60)]
    keys = fp.band_keys(fp.signatures([base, edited, other], CFG), CFG)
    assert set(keys[0]) & set(keys[1])
    assert not set(keys[0]) & set(keys[2])


def test_unit_pairs_are_all_pairs_sharing_a_key() -> None:
    import itertools

    rng = np.random.default_rng(1)
    keys = rng.integers(0, 40, (60, 3))
    want = {i * 60 + j for i, j in itertools.combinations(range(60), 2) if set(keys[i]) & set(keys[j])}
    assert set(fp.unit_pairs(keys).tolist()) == want
    assert len(fp.unit_pairs(keys[:1])) == 0
