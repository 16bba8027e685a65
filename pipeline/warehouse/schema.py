"""The warehouse schema, defined once. Alembic migrations are generated from this metadata.

Researcher-facing tables: articles, paragraphs, syndications, passages. The rest support the
pipeline (runs, rejects, the persistent LSH index, crawl fetches, alert ledger, verdicts,
learned boilerplate). All offsets are character offsets into ``articles.body``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

TS = DateTime(timezone=True)

runs = Table(
    "runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # ingest | detect | crawl | alerts
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS),
    Column("status", String(16), nullable=False, default="running"),
    Column("algo_version", String(32)),
    Column("params", JSON),
    Column("counts", JSON),
    # who runs it and when it last made progress: a later run marks a dead 'running' run abandoned
    Column("host", String(200)),
    Column("pid", Integer),
    Column("heartbeat_at", TS),
)

articles = Table(
    "articles",
    metadata,
    Column("article_id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),  # as given or fetched, never rewritten
    Column("canonical_url", Text),
    Column("outlet", String(200), nullable=False, index=True),
    Column("title", Text),
    Column("author", Text),
    Column("published", TS, index=True),  # UTC
    Column("published_raw", Text),  # as the source wrote it, with its own offset
    Column("language", String(16)),
    Column("body", Text, nullable=False),  # normalised text; every offset refers to it
    Column("body_hash", String(64), nullable=False),
    Column("links", JSON),  # outbound links found in the article body (for credit detection)
    Column("origin", String(32), nullable=False),  # jsonl | html | warc | crawl | ...
    Column("raw_key", Text),  # key of the raw page in the raw store, when there is one
    Column("ingest_run_id", Integer, ForeignKey("runs.run_id")),
    Column("ingested_at", TS, nullable=False),
    Column("detected_at", TS, index=True),  # NULL = not yet processed by detect
    # columns in the order migrations add them (a new SQLite warehouse is created from this table list)
    Column("credits", JSON),  # names the page's metadata credits (rights holder, publisher...): agency evidence
    Column("quotes", JSON),  # [start, end] of body paragraphs the page marks up as quotations (<blockquote>)
)

paragraphs = Table(
    "paragraphs",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.article_id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text_hash", BigInteger, nullable=False, index=True),  # of the matching form, for boilerplate
    # as detection last judged it (detect/judgement): a later arrival that changes it re-makes the pairs
    Column("boilerplate", Boolean, nullable=False, default=False),
    Column("widely_printed", Boolean, nullable=False, default=False, server_default=false()),
    # is_furniture_line of the paragraph, judged at ingest (by the worker that cleaned the text, where
    # the answer is cached): detect reads it instead of judging every paragraph again. NULL: not
    # judged at ingest (rows from before migration 0010, bulk loaders): detect judges it.
    Column("furniture", Boolean, nullable=True),
)

syndications = Table(
    "syndications",
    metadata,
    Column("syndication_id", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
    Column("copy_id", Integer, ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
    Column("relation", String(16), nullable=False),  # republication | same_wire | common_source
    Column("direction", String(8), nullable=False),  # known | unknown
    Column("direction_evidence", Text),
    Column("confidence", Float, nullable=False),
    Column("attributed", Boolean, nullable=False),  # does the copy credit its source?
    Column("attribution_evidence", Text),
    Column("wire_source", String(64)),
    Column("copied_chars", Integer, nullable=False),
    Column("copied_fraction", Float, nullable=False),  # copied chars / copy body chars
    Column("source_coverage", Float, nullable=False),  # copied source chars / source body chars
    Column("added_chars", Integer, nullable=False),
    Column("removed_chars", Integer, nullable=False),
    Column("headline_changed", Boolean),
    Column("run_id", Integer, ForeignKey("runs.run_id")),
    Column("algo_version", String(32), nullable=False),
    Column("params", JSON),
    Column("detected_at", TS, nullable=False),
    # both outlets belong to one group (one owner, outlets.yaml groups:): sharing, not copying across owners
    Column("same_group", Boolean, nullable=False, default=False, server_default=false()),
    Column("group_name", String(200)),  # that group, when same_group
    UniqueConstraint("source_id", "copy_id", name="uq_syndications_pair"),
    Index("ix_syndications_copy_id", "copy_id"),
)

passages = Table(
    "passages",
    metadata,
    Column("passage_id", Integer, primary_key=True, autoincrement=True),
    Column(
        "syndication_id",
        Integer,
        ForeignKey("syndications.syndication_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("kind", String(16), nullable=False),  # copied | added | edited | removed | boilerplate (detect/passages.py)
    Column("seq", Integer, nullable=False),
    Column("copy_start", Integer),  # offsets in the copy's body (copied, added, edited)
    Column("copy_end", Integer),
    Column("source_start", Integer),  # offsets in the source's body (copied, removed, edited)
    Column("source_end", Integer),
    Column("similarity", Float),  # copied: share of identical words in the aligned span
    Column("in_quotes", Boolean),  # copied: the span is mostly inside quotation marks
    Column("text", Text, nullable=False),  # copy-side text (source-side for removed)
)


def _band_rows(name: str) -> Table:
    """One row per distinct (band key, article). Band keys already mix in their band (it seeds
    the hash), so the primary key is the (band, key) lookup; SQLite keeps it clustered (WITHOUT
    ROWID). Outlet and time live in `articles`, joined only for hits."""
    return Table(
        name,
        metadata,
        Column("band_key", BigInteger, primary_key=True),
        Column("article_id", Integer, primary_key=True),
        sqlite_with_rowid=False,
    )


# The persistent LSH index. No foreign key: its per-row check was 45% of a batch's COPY on
# PostgreSQL; index.remove drops a deleted article's rows, and lookups ignore ids without an
# article. No index on article_id either (it was half of each insert on SQLite):
# lsh_article_keys below lists an article's keys, so its rows are removed through the primary key.
lsh_bands = _band_rows("lsh_bands")
# The index's small write tier: new keys land here, so a batch's random inserts dirty pages of a
# B-tree bounded by detect.index_recent_rows, not of the whole index (at 1M articles that was
# 840k pages a batch). index.compact folds it into lsh_bands in key order, one sweep; lookups
# read both.
lsh_bands_recent = _band_rows("lsh_bands_recent")
LSH_TIERS = (lsh_bands_recent, lsh_bands)  # the index is their union; writes go to the first

lsh_article_keys = Table(
    "lsh_article_keys",
    metadata,
    # One row per indexed article: its distinct band keys, sorted, as little-endian int64 bytes.
    Column("article_id", Integer, primary_key=True, autoincrement=False),
    Column("band_keys", LargeBinary, nullable=False),
)

# The LSH parameters the stored band keys were computed with (one row, id 1): keys made with
# other parameters never collide with these, so detect refuses a mismatch until `synd index rebuild`.
index_params = Table(
    "index_params",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("num_perm", Integer, nullable=False),
    Column("bands", Integer, nullable=False),
    Column("shingle_words", Integer, nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("recorded_at", TS, nullable=False),
)

rejects = Table(
    "rejects",
    metadata,
    Column("reject_id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.run_id")),
    Column("stage", String(16), nullable=False),  # ingest | normalise | detect | crawl
    Column("record", Text, nullable=False),  # where: file:line, WARC offset, URL
    Column("reason", Text, nullable=False),
    Column("excerpt", Text),
    Column("at", TS, nullable=False),
)

fetches = Table(
    "fetches",
    metadata,
    Column("fetch_id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.run_id")),
    Column("outlet", String(200)),
    Column("kind", String(16)),  # robots | feed | sitemap | seeds | page
    Column("url", Text, nullable=False),
    Column("final_url", Text),  # after redirects
    Column("canonical_url", Text),  # the article URL: <link rel=canonical> when the outlet owns it
    Column("attempts", Integer),
    Column("status", Integer),
    Column("elapsed_ms", Float),
    Column("bytes", Integer),
    Column("content_type", String(200)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("raw_key", Text),
    Column("encoding", String(40)),
    Column("error", Text),  # why the fetch failed or was skipped; NULL when it succeeded
    Column("fetched_at", TS, nullable=False),
    Index("ix_fetches_url", "url"),
)

alert_ledger = Table(
    "alert_ledger",
    metadata,
    Column("alert_id", String(64), primary_key=True),  # stable idempotency key: rule+channel+source/copy URLs
    # SET NULL, not CASCADE: a re-detected pair must find its old row, or it would be announced again.
    Column("syndication_id", Integer, ForeignKey("syndications.syndication_id", ondelete="SET NULL"), index=True),
    Column("rule", String(200), nullable=False),
    Column("channel", String(200), nullable=False),
    Column("status", String(16), nullable=False),  # pending | sending | sent | failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("next_attempt_at", TS),
    Column("created_at", TS, nullable=False),
    Column("sent_at", TS),
    Column("payload", JSON),  # the message as planned, so retries send exactly the same thing
)

# A verdict is the one thing researchers write, so it is keyed on the article pair (URLs, which
# never change), not on the syndication row that re-detection deletes and reinserts. It records
# what was judged (body hashes, algorithm version, copied spans): when either body changed since,
# the verdict is shown as stale.
verdicts = Table(
    "verdicts",
    metadata,
    Column("verdict_id", Integer, primary_key=True, autoincrement=True),
    Column(  # the row judged; NULL once re-detection replaced it (the pair still finds the verdict)
        "syndication_id",
        Integer,
        ForeignKey("syndications.syndication_id", ondelete="SET NULL"),
        index=True,
    ),
    Column("verdict", String(16), nullable=False),  # confirm | reject
    Column("reviewer", String(200)),
    Column("note", Text),
    Column("at", TS, nullable=False),
    Column("source_url", Text, nullable=False),
    Column("copy_url", Text, nullable=False),
    Column("source_hash", String(64)),  # articles.body_hash of each side when judged
    Column("copy_hash", String(64)),
    Column("algo_version", String(32)),
    Column("spans", JSON),  # copied passages judged: [[copy_start, copy_end, source_start, source_end], ...]
    Index("ix_verdicts_pair", "source_url", "copy_url"),
)

boilerplate = Table(
    "boilerplate",
    metadata,
    Column("outlet", String(200), primary_key=True),  # "*" for globally over-common fragments
    Column("text_hash", BigInteger, primary_key=True),
    Column("articles", Integer, nullable=False),
    Column("sample", Text),
    Column("updated_at", TS, nullable=False),
)

outlet_groups = Table(
    "outlet_groups",
    metadata,
    Column("outlet", String(200), primary_key=True),  # as in articles.outlet
    Column("group_name", String(200), nullable=False, index=True),  # one owner (outlets.yaml groups:)
)
