"""URL identity and canonicalisation, so one article has one URL and is fetched once per run.

``identity_url`` folds spellings that name the same resource by the URL standards (RFC 3986
section 6, IDNA): scheme and host case, a default port, a trailing dot in the host, an IDN host
and its punycode, percent-escape case, escaped unreserved characters, ``.``/``..`` segments, an
empty query, the fragment. It also drops ``user:pass@``: credentials never reach the warehouse.
Ingest stores articles under it. Duplicate slashes are kept: servers may answer ``/a//b`` and
``/a/b`` differently, and the standards do not make them one.

``canonical_url`` (the crawler's form) goes further: tracking parameters dropped, the query
sorted.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import idna

# Query parameters that only track the reader; they never change the page.
TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "ga_", "hsa_", "oly_")
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mkt_tok", "ref", "ref_src",
     "cmpid", "ito", "ocid", "_ga", "_gl", "wt_mc", "s_cid", "share", "at_medium", "at_campaign"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"  # what a path may hold literally (RFC 3986 pchar and "/")
_QUERY_SAFE = _PATH_SAFE + "?"


_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f]")  # whitespace (str.isspace), control characters, DEL
_PLAIN = re.compile(r"[A-Za-z0-9/:@!$&'()*+,;=._~?-]*")  # nothing to decode, upper-case or escape


def _escapes(part: str, safe: str) -> str:
    """One spelling of a path or query: escaped unreserved characters decoded, other escapes in
    upper case, a lone % and characters a URL may not hold (spaces, non-ASCII) escaped."""
    if _PLAIN.fullmatch(part) and ("?" in safe or "?" not in part):
        return part  # the common case, at a regex match's cost
    part = _LONE_PERCENT.sub("%25", part)
    part = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)) if chr(int(m.group(1), 16)) in _UNRESERVED
                       else f"%{m.group(1).upper()}", part)
    return quote(part, safe=safe)


def _dot_segments(path: str) -> str:
    """RFC 3986 remove_dot_segments: /a/./b/../c is /a/c."""
    out: list[str] = []
    segs = path.split("/")
    for i, seg in enumerate(segs):
        last = i == len(segs) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    joined = "/".join(out)
    return joined if joined.startswith("/") else "/" + joined


def _host(host: str) -> str:
    """Lower case, no trailing dot, IDN as punycode (IDNA 2008 with UTS 46 mapping), IPv6 in brackets."""
    host = host.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal: urlsplit gave it without its brackets
        with contextlib.suppress(ValueError):
            host = ipaddress.ip_address(host).compressed
        return f"[{host}]"
    if host.isascii() and "xn--" not in host:
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        try:
            return host.encode("idna").decode("ascii")  # IDNA 2003, for names 2008 refuses
        except UnicodeError:
            return host


def _netloc(scheme: str, hostname: str | None, port: int | None) -> str:
    host = _host(hostname or "")
    return host if port is None or DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"


def identity_url(url: str) -> str:
    """One spelling for one resource (see the module docstring). Anything that is not a plain
    http(s) URL (whitespace, control characters, another scheme, a bad port) comes back as given,
    for the caller's own checks to judge."""
    if _UNSAFE.search(url):
        return url
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return url
        netloc = _netloc(scheme, parts.hostname, parts.port)
    except ValueError:
        return url
    path = _escapes(parts.path, _PATH_SAFE) if parts.path else "/"
    if "/." in path:
        path = _dot_segments(path)
    return urlunsplit((scheme, netloc, path, _escapes(parts.query, _QUERY_SAFE), ""))


def without_credentials(url: str) -> str:
    """The URL with any ``user:pass@`` removed, and otherwise as given."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def canonical_url(url: str, base: str | None = None) -> str:
    """Absolute URL in its identity form, without tracking parameters and with the query sorted."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(identity_url(without_credentials(url.strip().replace(" ", "%20"))))
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    query.sort()
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
