"""URL canonicalisation, so one article has one URL and is fetched once per run."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the reader; they never change the page.
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_", "hsa_", "oly_")
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mkt_tok", "ref", "ref_src",
     "cmpid", "ito", "ocid", "_ga", "_gl", "wt_mc", "s_cid", "share", "at_medium", "at_campaign"}
)


def canonical_url(url: str, base: str | None = None) -> str:
    """Absolute URL without fragment, tracking parameters, default port or host case differences."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"  # kept so that the guard can refuse it visibly
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
