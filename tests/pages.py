"""Small realistic pages written for the tests (no third-party text)."""

from __future__ import annotations

PARAGRAPHS = [
    "PORTVALE (CP) — The Portvale harbour authority said on Monday it would close the north pier for "
    "repairs lasting six weeks, disrupting ferry services to the outer islands during the spring season.",
    "“We have no choice but to act now before the winter storms arrive again,” said harbour master Elena "
    "Brook. “The timber piles are rotten through and the deck is no longer safe for vehicles.”",
    "Ferry operator Islink said it would run a reduced timetable from the south quay. Passengers were "
    "advised to check departure times online before travelling and to allow extra time at the terminal.",
    "The repairs are expected to cost 2.4 million crowns, paid from the regional infrastructure fund, "
    "according to figures released by the authority alongside its quarterly report.",
]


def page(title: str, paragraphs: list[str], *, published: str = "2026-03-02T09:00:00+01:00",
         canonical: str | None = None, site: str = "Harbour Courier") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    canon = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html><html lang="en"><head><title>{title} | {site}</title>{canon}
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{site}">
<meta property="article:published_time" content="{published}"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article><h1>{title}</h1>{body}</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Council backs budget</a></li>
<li><a href="/b">Storm warning issued</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><div class="comment"><b>pete77</b> This is outrageous!</div></section>
</main><footer>© 2026 {site}. All rights reserved.</footer></body></html>"""
