"""Raw pages stored by content hash with their headers, so pages can be re-extracted later.

Keys are ``<sha256[:2]>/<sha256>``; the same bytes are stored once however often they are seen.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Protocol

from pipeline.config import RawStoreSettings


class RawStore(Protocol):
    def put(self, body: bytes, headers: dict[str, str] | None = None) -> str: ...

    def get(self, key: str) -> tuple[bytes, dict[str, str]]: ...


def content_key(body: bytes) -> str:
    digest = hashlib.sha256(body).hexdigest()
    return f"{digest[:2]}/{digest}"


class LocalRawStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def put(self, body: bytes, headers: dict[str, str] | None = None) -> str:
        key = content_key(body)
        path = self.root / f"{key}.body"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(body)
            (self.root / f"{key}.headers.json").write_text(json.dumps(headers or {}, sort_keys=True))
            tmp.replace(path)  # the body appears only once complete
        return key

    def get(self, key: str) -> tuple[bytes, dict[str, str]]:
        body = (self.root / f"{key}.body").read_bytes()
        headers_file = self.root / f"{key}.headers.json"
        headers = json.loads(headers_file.read_text()) if headers_file.exists() else {}
        return body, headers


def open_store(cfg: RawStoreSettings) -> RawStore:
    if cfg.kind == "local":
        return LocalRawStore(cfg.path)
    from pipeline.crawl.s3store import S3RawStore

    return S3RawStore(cfg)
