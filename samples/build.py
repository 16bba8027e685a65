#!/usr/bin/env python3
"""Render the bundled sample corpus into HTML pages.

``articles.yaml`` is the source of truth: outlets and their articles. Each article is
rendered with its outlet's Jinja2 template (``templates/<template>.html.j2``) and written

* to ``sample.jsonl``: one JSON object per line with ``url``, ``outlet`` (display name),
  ``published``, ``title`` and ``html``, ordered by publication instant, then URL;
* to ``site/<domain>/<path>.html``: the same page, laid out for a fixture web server.
  The URL path loses its surrounding slashes and gains ``.html``
  (``https://a.example/x/y/`` -> ``site/a.example/x/y.html``).

The output depends only on the input files, so rebuilding gives byte-identical files.
``--check`` renders in memory and exits 1 if any output is missing, different or stale,
writing nothing. Every URL named in ``truth.yaml`` must be an article in the corpus.

Usage::

    python samples/build.py           # (re)write sample.jsonl and site/
    python samples/build.py --check   # exit 1 if the outputs are out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml

HERE = Path(__file__).resolve().parent
ARTICLES_FILE = HERE / "articles.yaml"
TRUTH_FILE = HERE / "truth.yaml"
TEMPLATE_DIR = HERE / "templates"
JSONL_FILE = HERE / "sample.jsonl"
SITE_DIR = HERE / "site"
RELATED_COUNT = 5

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class CorpusError(ValueError):
    """articles.yaml or truth.yaml is inconsistent; the message names the entry."""


@dataclass(frozen=True)
class Outlet:
    key: str
    name: str
    domain: str
    template: str | None
    locale: str


@dataclass(frozen=True)
class Comment:
    name: str
    text: str
    posted: str
    reply_to: int | None


@dataclass(frozen=True)
class Article:
    id: str
    outlet: Outlet
    url: str
    published: str
    instant: datetime
    title: str
    author: str
    section: str
    paragraphs: tuple[str, ...]
    image_caption: str
    image_credit: str
    comments: tuple[Comment, ...] = field(default_factory=tuple)


def parse_instant(value: str, where: str) -> datetime:
    """Parse an ISO 8601 timestamp that must carry a UTC offset."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CorpusError(f"{where}: {value!r} is not an ISO 8601 timestamp") from exc
    if parsed.tzinfo is None:
        raise CorpusError(f"{where}: {value!r} has no UTC offset")
    return parsed


def as_timestamp(value: Any) -> str:
    """YAML may hand back a datetime for an unquoted timestamp; keep the written form."""
    return value.isoformat() if isinstance(value, datetime) else str(value)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def stable_number(*parts: str, low: int = 10_000, span: int = 90_000) -> int:
    """A deterministic pseudo-id (post ids, comment ids) derived from the given strings."""
    return low + zlib.crc32("\x1f".join(parts).encode("utf-8")) % span


def datefmt(value: str, pattern: str) -> str:
    """Format an ISO timestamp in its own offset, without depending on the process locale.

    Fields: {weekday} {day} {month} {mon} {mm_num} {year} {hh} {mm} {h12} {ampm} {ampm_lower}.
    """
    moment = datetime.fromisoformat(value)
    hour12 = moment.hour % 12 or 12
    return pattern.format(
        weekday=WEEKDAYS[moment.weekday()],
        day=moment.day,
        month=MONTHS[moment.month - 1],
        mon=MONTHS[moment.month - 1][:3],
        mm_num=f"{moment.month:02d}",
        year=moment.year,
        hh=f"{moment.hour:02d}",
        mm=f"{moment.minute:02d}",
        h12=hour12,
        ampm="PM" if moment.hour >= 12 else "AM",
        ampm_lower="pm" if moment.hour >= 12 else "am",
    )


def site_path(url: str) -> Path:
    """Where a page lives under site/: <host>/<path without slashes>.html."""
    parts = urlsplit(url)
    path = parts.path.strip("/") or "index"
    if not path.endswith(".html"):
        path += ".html"
    return Path(parts.hostname or "") / path


def load_outlets(raw: Iterable[Mapping[str, Any]]) -> dict[str, Outlet]:
    outlets: dict[str, Outlet] = {}
    for entry in raw:
        key = str(entry["key"])
        if key in outlets:
            raise CorpusError(f"outlet {key!r} is defined twice")
        outlets[key] = Outlet(
            key=key,
            name=str(entry["name"]),
            domain=str(entry["domain"]),
            template=entry.get("template"),
            locale=str(entry["locale"]),
        )
    return outlets


def load_comments(raw: Iterable[Mapping[str, Any]], where: str) -> tuple[Comment, ...]:
    comments: list[Comment] = []
    for index, entry in enumerate(raw):
        reply_to = entry.get("reply_to")
        if reply_to is not None and not 0 <= int(reply_to) < index:
            raise CorpusError(f"{where} comment {index}: reply_to must name an earlier comment")
        posted = as_timestamp(entry["posted"])
        parse_instant(posted, f"{where} comment {index}")
        comments.append(
            Comment(
                name=str(entry["name"]),
                text=str(entry["text"]),
                posted=posted,
                reply_to=None if reply_to is None else int(reply_to),
            )
        )
    return tuple(comments)


def load_corpus(path: Path = ARTICLES_FILE) -> tuple[dict[str, Outlet], list[Article]]:
    """Read and validate articles.yaml."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    outlets = load_outlets(data["outlets"])
    articles: list[Article] = []
    seen_ids: set[str] = set()
    seen_urls: set[str] = set()
    for entry in data["articles"]:
        art_id = str(entry["id"])
        where = f"article {art_id!r}"
        if art_id in seen_ids:
            raise CorpusError(f"{where} is defined twice")
        outlet = outlets.get(str(entry["outlet"]))
        if outlet is None:
            raise CorpusError(f"{where}: unknown outlet {entry['outlet']!r}")
        if outlet.template is None:
            raise CorpusError(f"{where}: outlet {outlet.key!r} has no template to render with")
        url = str(entry["url"])
        if urlsplit(url).hostname != outlet.domain:
            raise CorpusError(f"{where}: {url} is not on {outlet.domain}")
        if url in seen_urls:
            raise CorpusError(f"{where}: URL {url} is used twice")
        published = as_timestamp(entry["published"])
        paragraphs = tuple(str(p) for p in entry["paragraphs"])
        if not paragraphs:
            raise CorpusError(f"{where} has no paragraphs")
        image = entry.get("image") or {}
        articles.append(
            Article(
                id=art_id,
                outlet=outlet,
                url=url,
                published=published,
                instant=parse_instant(published, where),
                title=str(entry["title"]),
                author=str(entry.get("author") or f"{outlet.name} staff"),
                section=str(entry.get("section") or "News"),
                paragraphs=paragraphs,
                image_caption=str(image.get("caption") or "File photo."),
                image_credit=str(image.get("credit") or outlet.name),
                comments=load_comments(entry.get("comments") or (), where),
            )
        )
        seen_ids.add(art_id)
        seen_urls.add(url)
    articles.sort(key=lambda a: (a.instant.astimezone(UTC), a.url))
    return outlets, articles


def check_truth(path: Path, urls: set[str]) -> None:
    """Every URL in truth.yaml must be a corpus article."""
    if not path.exists():
        return
    truth = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for section, keys in (
        ("pairs", ("source", "copy")),
        ("optional_pairs", ("source", "copy")),
        ("not_pairs", ("a", "b")),
    ):
        for index, entry in enumerate(truth.get(section) or ()):
            for key in keys:
                if entry[key] not in urls:
                    raise CorpusError(
                        f"truth.yaml {section}[{index}].{key}: {entry[key]} is not in the corpus"
                    )


def comment_tree(article: Article) -> list[dict[str, Any]]:
    """Comments as nested dicts (top-level first, replies under their parent)."""
    nodes: list[dict[str, Any]] = []
    roots: list[dict[str, Any]] = []
    for index, comment in enumerate(article.comments):
        parent = nodes[comment.reply_to] if comment.reply_to is not None else None
        node: dict[str, Any] = {
            "cid": stable_number(article.id, str(index), low=100_000, span=900_000),
            "name": comment.name,
            "text": comment.text,
            "posted": comment.posted,
            "parent": parent["name"] if parent else None,
            "replies": [],
        }
        nodes.append(node)
        (parent["replies"] if parent else roots).append(node)
    return roots


def related_for(article: Article, articles: list[Article]) -> list[dict[str, str]]:
    """The outlet's other articles nearest in time: a stand-in for a 'related' widget."""
    others = [a for a in articles if a.outlet.key == article.outlet.key and a.id != article.id]
    others.sort(key=lambda a: (abs((a.instant - article.instant).total_seconds()), a.url))
    return [{"url": a.url, "title": a.title, "published": a.published} for a in others[:RELATED_COUNT]]


def make_environment(template_dir: Path = TEMPLATE_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["datefmt"] = datefmt
    return env


def render_page(env: jinja2.Environment, article: Article, articles: list[Article]) -> str:
    outlet = article.outlet
    image_src = f"https://{outlet.domain}/media/{article.instant:%Y/%m}/{article.id}.jpg"
    tree = comment_tree(article)
    context = {
        "outlet": {"key": outlet.key, "name": outlet.name, "domain": outlet.domain, "locale": outlet.locale},
        "article": {
            "id": article.id,
            "num": stable_number(article.id),
            "url": article.url,
            "published": article.published,
            "title": article.title,
            "author": article.author,
            "author_slug": slugify(article.author),
            "section": article.section,
            "section_slug": slugify(article.section),
            "paragraphs": list(article.paragraphs),
            "image": {
                "src": image_src,
                "alt": article.image_caption,
                "caption": article.image_caption,
                "credit": article.image_credit,
            },
            "comments": tree,
            "comment_count": len(article.comments),
        },
        "related": related_for(article, articles),
    }
    return env.get_template(f"{outlet.template}.html.j2").render(context)


def build_outputs() -> dict[Path, bytes]:
    """Everything build.py writes, keyed by path relative to samples/."""
    _, articles = load_corpus()
    check_truth(TRUTH_FILE, {a.url for a in articles})
    env = make_environment()
    outputs: dict[Path, bytes] = {}
    lines: list[str] = []
    for article in articles:
        html = render_page(env, article, articles)
        record = {
            "url": article.url,
            "outlet": article.outlet.name,
            "published": article.published,
            "title": article.title,
            "html": html,
        }
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        page = Path("site") / site_path(article.url)
        if page in outputs:
            raise CorpusError(f"two articles map to {page}")
        outputs[page] = html.encode("utf-8")
    outputs[Path("sample.jsonl")] = ("\n".join(lines) + "\n").encode("utf-8")
    return outputs


def existing_site_files() -> set[Path]:
    if not SITE_DIR.exists():
        return set()
    return {p.relative_to(HERE) for p in SITE_DIR.rglob("*") if p.is_file()}


def stale_outputs(outputs: Mapping[Path, bytes]) -> list[str]:
    """Describe every output that is missing, different, or no longer produced."""
    problems: list[str] = []
    for rel, content in sorted(outputs.items()):
        target = HERE / rel
        if not target.exists():
            problems.append(f"missing: {rel}")
        elif target.read_bytes() != content:
            problems.append(f"out of date: {rel}")
    for rel in sorted(existing_site_files() - set(outputs)):
        problems.append(f"stale: {rel}")
    return problems


def write_outputs(outputs: Mapping[Path, bytes]) -> None:
    for rel in sorted(existing_site_files() - set(outputs)):
        (HERE / rel).unlink()
    for rel, content in sorted(outputs.items()):
        target = HERE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != content:
            target.write_bytes(content)
    for directory in sorted((p for p in SITE_DIR.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if the outputs are out of date")
    args = parser.parse_args(argv)
    try:
        outputs = build_outputs()
    except (CorpusError, KeyError, jinja2.TemplateError) as exc:
        print(f"build.py: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    if args.check:
        problems = stale_outputs(outputs)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print("samples are out of date: run python samples/build.py", file=sys.stderr)
            return 1
        print(f"samples are up to date ({len(outputs) - 1} pages)")
        return 0
    write_outputs(outputs)
    print(
        f"wrote {JSONL_FILE.relative_to(HERE.parent)} and {len(outputs) - 1} pages under "
        f"{SITE_DIR.relative_to(HERE.parent)}/"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
