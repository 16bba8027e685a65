"""Typed settings: packaged defaults, then a YAML file, then environment variables.

One object carries every knob so that the CLI, the DAGs and the tests all see the same
configuration, and so that detection parameters can be recorded with each result.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

ROOT = Path(__file__).resolve().parents[1]
DEFAULTS_FILE = ROOT / "config" / "settings.yaml"
ENV_PREFIX = "SYND__"


class ConfigError(ValueError):
    """The configuration cannot be used; the message says which field and how to fix it."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WarehouseSettings(_Section):
    url: str = "sqlite:///data/synd.db"


class RawStoreSettings(_Section):
    kind: Literal["local", "s3"] = "local"
    path: str = "data/raw"
    bucket: str | None = None
    prefix: str = "raw/"
    endpoint_url: str | None = None
    region: str | None = None
    # S3 keys, when not from the usual AWS chain (env, profile, instance role): the Airflow DAGs
    # fill them from connection `synd_raw_store`; never write them into a config file.
    access_key_id: str | None = None
    secret_access_key: str | None = Field(default=None, repr=False)


class NormaliseSettings(_Section):
    min_body_chars: int = 200
    max_html_bytes: int = 20_000_000
    # Bounds on one record's work: a longer text (a JSONL 'text' field, or the body a page yields) or
    # a tag with more attributes (libxml2 parses those in quadratic time) is a reject naming the bound.
    max_text_chars: int = Field(default=5_000_000, ge=1)
    max_tag_attributes: int = Field(default=2_000, ge=1)
    # CPU seconds one record may use to extract (lxml parses in C, where nothing interrupts it):
    # the ingest worker past it is killed and the record is a reject naming this bound. CPU time,
    # not wall time, so a loaded machine (a worker waiting for a core or the disk) costs no record;
    # where no worker's CPU time is readable (no /proc) it counts wall time. 0 sets no bound (then
    # ingest.workers=1 extracts inline, in the ingest process itself).
    max_parse_seconds: float = Field(default=60, ge=0)
    # Wall-clock seconds one record may take whatever its CPU (a worker blocked or stopped for
    # good): past it the record is tried once more in a fresh worker, then a reject naming this
    # bound. None: 10 x max_parse_seconds.
    max_parse_wall_seconds: float | None = Field(default=None, gt=0)
    languages: list[str] = Field(default_factory=list)  # ISO 639-1 codes to accept; empty accepts every language


class IngestSettings(_Section):
    workers: int | None = Field(default=None, ge=1)  # extraction processes; None = every core this process may use
    batch_size: int = Field(default=200, ge=1)  # records per transaction; a crash loses at most one batch's work


class DetectSettings(_Section):
    batch_size: int = Field(default=2000, ge=1)  # articles claimed (under a lock) and committed together
    # The alignment work one article may cost: a longer body (in words) is not compared, and is
    # recorded as a detect reject naming this bound, so the rest of its batch is detected.
    max_article_words: int = Field(default=100_000, ge=1)
    # The LSH parameters: band keys computed with others never match these, so they are recorded
    # with the index (index_params) and a change needs `synd index rebuild`.
    num_perm: int = Field(default=128, ge=1)
    bands: int = Field(default=32, ge=1)
    shingle_words: int = Field(default=4, ge=1)
    seed: int = Field(default=1, ge=0, lt=2**32)  # numpy.random.RandomState's range
    window_days: int = 30
    # The index's write tier is folded into the main table (index.compact) after a detect run
    # leaves it holding this many band rows (~500 per article); 0 leaves it to `synd index compact`.
    index_recent_rows: int = Field(default=10_000_000, ge=0)
    min_passage_words: int = 8
    min_unit_words: int = Field(default=6, ge=1)  # paragraphs and sentences shorter than this are not fingerprinted
    seed_words: int = Field(default=3, ge=1)  # alignment seeds are shared word k-grams of this length
    max_seed_freq: int = Field(default=40, ge=1)  # a k-gram this common in the source is a phrase, not evidence
    max_gap_words: int = 6
    min_copied_words: int = 12
    boilerplate_min_articles: int = 3  # a paragraph in this many articles of one outlet (within the window) is template
    boilerplate_window_days: int = 90  # ... counted within this many days of the article; 0 = all time
    boilerplate_global_min_outlets: int = 5  # a short fragment printed by this many outlets is a banality; 0 = off
    boilerplate_global_max_words: int = 12  # ... "short" means at most this many words
    quote_share_common_source: float = 0.85
    # The source credits an agency, the copy credits no one: same_wire when the copy carries at
    # least this share of the agency copy (a fellow carrier); below it, a lift from the carrier.
    wire_carrier_share: float = Field(default=0.3, ge=0.0, le=1.0)
    # A pair whose shared words are below this share of the smaller article (content words, not
    # boilerplate) is not reported; 0 keeps every pair with min_copied_words, quote sharing included.
    min_shared_fraction: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _bands_divide_perms(self) -> DetectSettings:
        # a remainder would be permutations computed for every unit and never used in any band
        if self.num_perm % self.bands:
            fits = [b for b in range(1, self.num_perm + 1) if self.num_perm % b == 0]
            raise ValueError(
                f"detect.num_perm ({self.num_perm}) must be a multiple of detect.bands ({self.bands}): "
                f"set bands to one of {fits} or num_perm to a multiple of {self.bands} "
                f"(then run `synd index rebuild`)"
            )
        return self

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    def index_params(self) -> dict[str, int]:
        """The settings the stored band keys depend on (recorded in table index_params)."""
        return {"num_perm": self.num_perm, "bands": self.bands, "shingle_words": self.shingle_words, "seed": self.seed}


# --- alerts (pipeline/alerts/) ---------------------------------------------------------------
# String fields of channels may hold ``${ENV_VAR}`` references; they are resolved at send time,
# so secrets live in the environment (or an Airflow connection), never in the file or the repo.


class _Channel(_Section):
    name: str = Field(min_length=1, max_length=200)
    connection: str | None = None  # Airflow connection id, read from env AIRFLOW_CONN_<ID> (URI or JSON)
    timeout_seconds: float = 10.0  # one send in total (any channel), however slowly the receiver answers


class WebhookChannel(_Channel):
    """A JSON POST; the receiver gets ``Idempotency-Key`` and ``alert_id`` to drop repeats."""

    type: Literal["webhook"]
    url: str | None = None
    headers: dict[str, str] = Field(default_factory=dict)


class SlackChannel(_Channel):
    """A Slack incoming webhook (the URL is the secret: keep it in ``${ENV}`` or a connection)."""

    type: Literal["slack"]
    url: str | None = None


class EmailChannel(_Channel):
    """Plain-text mail over SMTP; ``Message-ID`` is derived from the alert id."""

    type: Literal["email"]
    host: str | None = None
    port: int | None = None
    user: str | None = None
    password: str | None = None
    security: Literal["none", "starttls", "ssl"] = "none"
    mail_from: str = "synd@localhost"
    to: list[str] = Field(min_length=1)


class SnsChannel(_Channel):
    """Amazon SNS through boto3; credentials come from the usual AWS chain or the connection."""

    type: Literal["sns"]
    topic_arn: str
    region: str | None = None
    endpoint_url: str | None = None


AlertChannel = Annotated[WebhookChannel | SlackChannel | EmailChannel | SnsChannel, Field(discriminator="type")]
Relation = Literal["republication", "same_wire", "common_source"]


class Mute(_Section):
    """Syndications a receiver no longer wants announced: any involving ``outlet`` (either side),
    or those with the given ``source`` and/or ``copier`` outlet (names as in ``articles.outlet``)."""

    outlet: str | None = None
    source: str | None = None
    copier: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Mute:
        if not (self.outlet or self.source or self.copier):
            raise ValueError("a mute entry needs `outlet`, or `source` and/or `copier`")
        if self.outlet and (self.source or self.copier):
            raise ValueError("a mute entry is either {outlet: X} or {source: X, copier: Y}, not both")
        return self


class AlertRule(_Section):
    """Which syndications to announce, where, and how often. Empty filters match everything."""

    name: str = Field(min_length=1, max_length=200)
    channels: list[str] = Field(min_length=1)
    outlets: list[str] = Field(default_factory=list)  # watched outlets, as source or as copier
    source_outlets: list[str] = Field(default_factory=list)  # watched as the one copied
    copier_outlets: list[str] = Field(default_factory=list)  # watched as the copier
    relations: list[Relation] = Field(default_factory=list)
    min_copied_fraction: float = Field(default=0.0, ge=0.0, le=1.0)
    unattributed_only: bool = False
    delivery: Literal["immediate", "digest"] = "immediate"
    digest_hour_utc: int = Field(default=7, ge=0, le=23)  # a digest goes out once a day at this hour
    since: datetime | None = None  # ignore syndications detected before this (when adding a rule late)
    mute: list[Mute] = Field(default_factory=list)  # outlets or pairs this rule skips (besides alerts.mute)
    mute_rejected: bool = False  # skip outlet pairs a reviewer rejected in `synd serve` (a `reject` verdict)
    group_internal: bool = False  # also announce sharing within one publisher group (outlets.yaml groups:, one domain)

    @field_validator("since")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        # the warehouse stores UTC; a naive time is read as UTC
        return None if v is None else (v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC))


class AlertsSettings(_Section):
    report_base_url: str = ""  # messages link to <report_base_url>/syndications/<id> (synd serve)
    mute: list[Mute] = Field(default_factory=list)  # outlets or pairs no rule announces
    channels: list[AlertChannel] = Field(default_factory=list)
    rules: list[AlertRule] = Field(default_factory=list)
    backoff_initial_seconds: float = Field(default=60.0, gt=0)  # failed deliveries retry after this, doubling
    backoff_max_seconds: float = Field(default=3600.0, gt=0)
    lease_seconds: float = Field(default=300.0, gt=0)  # an unfinished send is retried after this

    @model_validator(mode="after")
    def _names_resolve(self) -> AlertsSettings:
        names = [c.name for c in self.channels]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"channel names must be unique, repeated: {dupes}")
        rules = [r.name for r in self.rules]
        dupes = sorted({n for n in rules if rules.count(n) > 1})
        if dupes:
            raise ValueError(f"rule names must be unique, repeated: {dupes}")
        for rule in self.rules:
            missing = [c for c in rule.channels if c not in names]
            if missing:
                raise ValueError(f"rule {rule.name!r} names unknown channel(s) {missing}; define them under alerts.channels")
        return self

    def channel(self, name: str) -> AlertChannel:
        return next(c for c in self.channels if c.name == name)


class CrawlSettings(_Section):
    """How the crawler behaves on the open web (pipeline/crawl/). Per-outlet rates live in outlets.yaml."""

    user_agent: str = "synd-crawler/0.1 (+https://synd.example.org/crawler; crawler@synd.example.org)"
    connect_timeout_seconds: float = Field(default=5.0, gt=0)
    read_timeout_seconds: float = Field(default=20.0, gt=0)
    fetch_deadline_seconds: float = Field(default=60.0, gt=0)  # one request, headers and body, however slowly sent
    parallel_outlets: int = Field(default=4, ge=1)  # outlets crawled at once (each with its own page workers)
    max_retries: int = Field(default=3, ge=0)  # extra attempts after a 5xx, 429 or timeout
    backoff_initial_seconds: float = Field(default=1.0, ge=0)  # doubles per attempt
    backoff_max_seconds: float = Field(default=60.0, ge=0)
    max_retry_after_seconds: float = Field(default=300.0, ge=0)  # a longer Retry-After gives up on the URL
    max_redirects: int = Field(default=5, ge=0)
    max_body_bytes: int = Field(default=5_000_000, gt=0)  # enforced while streaming
    per_host_concurrency: int = Field(default=2, ge=1)
    max_workers: int = Field(default=8, ge=1)
    max_pages_per_outlet: int = Field(default=500, ge=1)  # articles fetched per outlet and run
    max_sitemap_depth: int = Field(default=2, ge=0)  # sitemap index -> sitemap -> ...
    max_crawl_delay_seconds: float = Field(default=30.0, ge=0)  # robots.txt Crawl-delay is honoured up to this
    html_types: list[str] = Field(default_factory=lambda: ["text/html", "application/xhtml+xml"])
    # SSRF guard: private, loopback, link-local and reserved addresses are refused after DNS
    # resolution unless they fall in one of these networks (CIDR), e.g. ["127.0.0.0/8"] in tests.
    allow_networks: list[str] = Field(default_factory=list)
    # Static name -> IP answers used instead of DNS (like curl --resolve); still vetted by the guard.
    hosts: dict[str, str] = Field(default_factory=dict)

    @field_validator("allow_networks")
    @classmethod
    def _cidrs(cls, v: list[str]) -> list[str]:
        import ipaddress

        for net in v:
            try:
                ipaddress.ip_network(net, strict=False)
            except ValueError as exc:
                raise ValueError(f"crawl.allow_networks entry {net!r} is not a CIDR network like 127.0.0.0/8") from exc
        return v


class Settings(_Section):
    """Every top-level section; an unknown one (a misspelt ``detct:``) is an error, never ignored."""

    warehouse: WarehouseSettings = Field(default_factory=WarehouseSettings)
    raw_store: RawStoreSettings = Field(default_factory=RawStoreSettings)
    outlets_file: str = "config/outlets.yaml"
    normalise: NormaliseSettings = Field(default_factory=NormaliseSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    detect: DetectSettings = Field(default_factory=DetectSettings)
    alerts: AlertsSettings = Field(default_factory=AlertsSettings)
    crawl: CrawlSettings = Field(default_factory=CrawlSettings)


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def _check_sections(data: dict[str, Any], origin: str) -> None:
    """Name a misspelt top-level section where it was written, with the valid ones: ignored, it
    would leave every setting under it at its default without a word."""
    import difflib

    valid = list(Settings.model_fields)
    for key in data:
        if key not in valid:
            close = difflib.get_close_matches(str(key), valid, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise ConfigError(f"unknown config section {key!r} in {origin}: {hint}valid sections are {', '.join(valid)}")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"config file {path} does not exist: pass an existing file to --config") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping at the top level")
    _check_sections(data, f"config file {path}")
    return data


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    """SYND__SECTION__KEY=value becomes {"section": {"key": value}}; YAML typing applies."""
    out: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith(ENV_PREFIX):
            continue
        path = [p.lower() for p in name[len(ENV_PREFIX) :].split("__") if p]
        if not path:
            continue
        _check_sections({path[0]: None}, f"environment variable {name} (SYND__<SECTION>__<KEY>)")
        node = out
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = yaml.safe_load(raw) if raw else raw
    if "SYND_WAREHOUSE_URL" in environ:
        out.setdefault("warehouse", {})["url"] = environ["SYND_WAREHOUSE_URL"]
    return out


def load_settings(
    path: str | Path | None = None,
    *,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Settings:
    """Build settings: packaged defaults < file (arg or SYND_CONFIG) < env < explicit overrides."""
    env = dict(os.environ if environ is None else environ)
    data = _read_yaml(DEFAULTS_FILE) if DEFAULTS_FILE.exists() else {}
    file = path or env.get("SYND_CONFIG")
    if file:
        data = _deep_merge(data, _read_yaml(Path(file)))
    data = _deep_merge(data, _env_overrides(env))
    if overrides:
        _check_sections(overrides, "the overrides passed in")
        data = _deep_merge(data, overrides)
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration ({problems}); fix the file or env var named") from exc
