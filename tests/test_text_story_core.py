"""Where the learned trim anchors the story of a whole-page dump: the first long line the model
believes, not merely the first long line (a lead picture's caption, a teaser's summary or the
writer's bio above the story would otherwise hold everything from it to the story in the body)."""

from __future__ import annotations

import math

import numpy as np

from pipeline.normalise.linemodel import story_core
from pipeline.normalise.text import is_credited_caption


def _rows(words: list[int]) -> np.ndarray:
    # the first feature column is log(1 + words)
    return np.array([[math.log1p(w)] for w in words])


def test_the_core_is_the_first_long_line_the_model_believes() -> None:
    rows = _rows([2, 18, 4, 25, 30])  # a label, a caption, a byline, the lead, the story
    assert story_core(rows, [0.0, -0.2, -0.1, 0.3, 0.4]) == 3
    # the model believes none: the first long line, as before
    assert story_core(rows, [0.0, -0.2, -0.1, -0.3, -0.4]) == 1
    assert story_core(rows) == 1


def test_the_core_does_not_move_past_a_credited_caption() -> None:
    rows = _rows([2, 18, 4, 25, 30])
    assert story_core(rows, [0.0, -0.2, -0.1, 0.3, 0.4], [False, True, False, False, False]) == 1


def test_a_credited_caption_is_told_from_a_wire_lead() -> None:
    for caption in ("Commuters queue on the north quay in heavy rain. Photograph: Ann Lee/Harbour Courier",
                    "Commuters queue on the north quay, March 3, 2026. (Photo by Ann Lee/Getty Images)",
                    "A ferry leaves the pier at dawn. (credit: Harbour Authority/Ann Lee)", "(Ann Lee/AP Photo)"):
        assert is_credited_caption(caption), caption
    for prose in ("PORTSMOUTH, March 3 (Reuters) - Ferry fares will rise in April.", "PORTSMOUTH, March 3, 2026 (AP)",
                  "The photo by Ann Lee won the regional prize.", "He told the Associated Press."):
        assert not is_credited_caption(prose), prose
