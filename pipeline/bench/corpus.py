"""A generated news corpus for benchmarks: outlets, stories and syndicated copies.

Everything is made from a seed (no downloads), so `make bench` runs on a fresh clone and two
runs see the same pages. About a third of the articles copy an earlier story of another
outlet with the edits copiers make: a new lead paragraph, dropped paragraphs, changed words.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

_SYLLABLES = [a + b for a in "bcdfghjklmnprstvwz" for b in ("a", "e", "i", "o", "u", "ai", "ou", "ea")]


@dataclass
class GenArticle:
    url: str
    outlet: str
    title: str
    published: datetime
    paragraphs: list[str]

    def html(self) -> str:
        """A page as heavy as a real news page (~100 KB): scripts, styles, a mega-menu, teasers,
        a comment-free footer, around the article itself."""
        chrome = _chrome(self.outlet)
        body = "\n".join(f"<p>{html.escape(p)}</p>" for p in self.paragraphs)
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title)} | '
            f'{self.outlet}</title><meta property="article:published_time" content="{self.published.isoformat()}">'
            f'<link rel="canonical" href="{self.url}">{chrome.head}</head><body><header>{chrome.nav}</header>'
            f'<main><article><h1>{html.escape(self.title)}</h1><p class="byline">By Staff Reporter</p>{body}'
            f'<div class="share">Share this article: <a href="/share/fb">Facebook</a> <a href="/share/x">X</a></div>'
            f"</article><aside>{chrome.aside}</aside></main><footer>{chrome.footer}</footer>{chrome.tail}</body></html>"
        )

    def record(self, with_html: bool = True) -> dict[str, object]:
        rec: dict[str, object] = {"url": self.url, "outlet": self.outlet, "published": self.published.isoformat(), "title": self.title}
        if with_html:
            rec["html"] = self.html()
        else:
            rec["text"] = "\n\n".join(self.paragraphs)
        return rec


@dataclass
class _Chrome:
    head: str
    nav: str
    aside: str
    footer: str
    tail: str


@lru_cache(maxsize=256)
def _chrome(outlet: str) -> _Chrome:
    """One outlet's page template, built once: what a browser gets around every article."""
    rng = random.Random(outlet)
    words = [rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) for _ in range(400)]

    def phrase(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n))

    css = "".join(f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{rng.randrange(16**6):06x}}}" for i in range(600))
    js = "".join(f"window.cfg{i}={{id:{i},k:'{phrase(3)}',on:function(e){{return e+{i}}}}};" for i in range(400))
    ld = '{"@context":"https://schema.org","@type":"NewsMediaOrganization","name":"' + outlet + '"}'
    head = (
        f'<meta name="viewport" content="width=device-width"><style>{css}</style><script>{js}</script>'
        f'<script type="application/ld+json">{ld}</script>'
    )
    menu = "".join(
        f'<li><a href="/s{i}">{phrase(2).title()}</a><ul>'
        + "".join(f'<li><a href="/s{i}/{j}">{phrase(2)}</a></li>' for j in range(12))
        + "</ul></li>"
        for i in range(16)
    )
    nav = f'<div class="logo"><a href="/">{outlet}</a></div><nav><ul class="menu">{menu}</ul></nav>'
    teasers = "".join(
        f'<div class="teaser"><a href="/t/{i}"><img src="/i/{i}.jpg" alt="{phrase(4)}"><h3>{phrase(8).capitalize()}</h3></a>'
        f"<span>{phrase(12)}</span></div>"
        for i in range(30)
    )
    aside = f"<h2>Most read</h2>{teasers}<div class=\"ad\" data-slot=\"side\"></div>"
    links = "".join(f'<a href="/f/{i}">{phrase(2).title()}</a> ' for i in range(60))
    footer = f"<div class=\"links\">{links}</div><p>© {outlet}. All rights reserved. {phrase(20)}.</p>"
    tail = "".join(f"<script>(function(){{var t{i}='{phrase(6)}';}})();</script>" for i in range(40))
    return _Chrome(head, nav, aside, footer, tail)


class Generator:
    """Deterministic stories; ``copy_share`` of articles copy an earlier one."""

    def __init__(self, seed: int = 7, vocab: int = 20000, outlets: int = 40, copy_share: float = 0.3) -> None:
        self.rng = random.Random(seed)
        words: set[str] = set()
        while len(words) < vocab:
            words.add("".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(1, 4))))
        self.words = sorted(words)
        self.rng.shuffle(self.words)
        # Zipf-like word frequencies, as in real text
        self.weights = [1.0 / (i + 1) for i in range(vocab)]
        self.cum = list(_accumulate(self.weights))
        self.outlets = [f"outlet{i:03d}" for i in range(outlets)]
        self.copy_share = copy_share
        self.start = datetime(2026, 1, 1, tzinfo=UTC)

    def _sentence(self) -> str:
        n = self.rng.randint(8, 24)
        ws = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        return ws[0].capitalize() + " " + " ".join(ws[1:]) + "."

    def _paragraph(self) -> str:
        return " ".join(self._sentence() for _ in range(self.rng.randint(1, 4)))

    def articles(self, n: int, start_index: int = 0, minutes_apart: float = 2.0) -> Iterator[GenArticle]:
        recent: list[GenArticle] = []
        for i in range(start_index, start_index + n):
            outlet = self.rng.choice(self.outlets)
            published = self.start + timedelta(minutes=i * minutes_apart)
            url = f"https://{outlet}.example/news/{i}"
            if recent and self.rng.random() < self.copy_share:
                src = self.rng.choice(recent)
                paras = [p for p in src.paragraphs if self.rng.random() > 0.15] or src.paragraphs[:1]
                paras = [self._edit(p) for p in paras]
                if self.rng.random() < 0.5:
                    paras.insert(0, self._paragraph())
                art = GenArticle(url, outlet, src.title, published, paras)
            else:
                title = self._sentence()[:-1]
                art = GenArticle(url, outlet, title, published, [self._paragraph() for _ in range(self.rng.randint(6, 16))])
            recent.append(art)
            if len(recent) > 300:
                recent.pop(0)
            yield art

    def _edit(self, paragraph: str) -> str:
        words = paragraph.split(" ")
        for _ in range(self.rng.randint(0, 2)):
            j = self.rng.randrange(len(words))
            words[j] = self.rng.choice(self.words)
        return " ".join(words)


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for v in values:
        total += v
        yield total
