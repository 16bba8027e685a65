"""Corpus files (JSONL, HTML, WARC) kept under a prefix of the raw store, for backfills.

A local raw store reads ``<raw_store.path>/<prefix>`` as a folder; an S3 store lists the keys under
``<prefix>`` in ``raw_store.bucket`` and downloads them one at a time into a temporary folder, so a
large corpus never needs the worker's disk at once. Locators name the object, not the copy.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from pipeline.config import RawStoreSettings
from pipeline.normalise.article import RawRecord
from pipeline.sources import _ALL_SUFFIXES, read_path, read_paths


def read_store_prefix(cfg: RawStoreSettings, prefix: str) -> Iterator[RawRecord]:
    if ".." in PurePosixPath(prefix).parts:
        yield RawRecord(origin="file", locator=prefix, error=f"raw store prefix {prefix!r} may not contain '..'")
        return
    if cfg.kind == "local":
        folder = Path(cfg.path) / prefix
        if not folder.exists():
            yield RawRecord(origin="file", locator=str(folder),
                            error=f"nothing under prefix {prefix!r} in the raw store folder {cfg.path}")
            return
        yield from read_paths([folder])
        return
    from pipeline.crawl.s3store import S3RawStore

    store = S3RawStore(cfg)
    pages = store.client.get_paginator("list_objects_v2").paginate(Bucket=store.bucket, Prefix=prefix)
    keys = sorted(o["Key"] for page in pages for o in page.get("Contents", []))
    wanted = [k for k in keys if k.lower().endswith(_ALL_SUFFIXES)]
    if not wanted:
        yield RawRecord(origin="file", locator=f"s3://{store.bucket}/{prefix}",
                        error=f"no .jsonl, .html or .warc objects under s3://{store.bucket}/{prefix} ({len(keys)} other keys)")
        return
    with tempfile.TemporaryDirectory(prefix="synd-backfill-") as tmp:
        for key in wanted:
            local = Path(tmp) / PurePosixPath(key).name
            name = f"s3://{store.bucket}/{key}"
            try:
                store.client.download_file(store.bucket, key, str(local))
            except Exception as exc:  # noqa: BLE001 - one unreadable object is a reject, not an abort
                yield RawRecord(origin="file", locator=name, error=f"could not download {name}: {exc}")
                continue
            try:
                for rec in read_path(local):
                    rec.locator = rec.locator.replace(str(local), name)
                    yield rec
            finally:
                local.unlink(missing_ok=True)
