"""Raw store on S3 or any S3-compatible service (MinIO, moto) through boto3."""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.exceptions import ClientError

from pipeline.config import RawStoreSettings
from pipeline.crawl.rawstore import content_key


class S3RawStore:
    def __init__(self, cfg: RawStoreSettings, client: Any = None) -> None:
        if not cfg.bucket:
            raise ValueError("raw_store.kind is s3 but raw_store.bucket is not set; set it in the config file")
        self.bucket = cfg.bucket
        self.prefix = cfg.prefix
        self.client = client or boto3.client("s3", endpoint_url=cfg.endpoint_url, region_name=cfg.region,
                                             aws_access_key_id=cfg.access_key_id,
                                             aws_secret_access_key=cfg.secret_access_key)

    def put(self, body: bytes, headers: dict[str, str] | None = None) -> str:
        key = content_key(body)
        obj = f"{self.prefix}{key}"
        try:
            self.client.head_object(Bucket=self.bucket, Key=obj)
        except ClientError:
            meta = {"headers": json.dumps(headers or {}, sort_keys=True)[:1800]}
            self.client.put_object(Bucket=self.bucket, Key=obj, Body=body, Metadata=meta)
        return key

    def get(self, key: str) -> tuple[bytes, dict[str, str]]:
        res = self.client.get_object(Bucket=self.bucket, Key=f"{self.prefix}{key}")
        headers = json.loads(res.get("Metadata", {}).get("headers", "{}"))
        return res["Body"].read(), headers
