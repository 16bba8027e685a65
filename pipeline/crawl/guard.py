"""SSRF guard at the connection layer.

The host name is resolved here, every address is vetted, and the socket connects to the vetted
address itself. Checking a URL before handing it to the client would not do: the client would
resolve the name again and a rebinding DNS server could then answer with 127.0.0.1. Because the
guard sits under the HTTP client, every redirect hop passes through it too.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[str]]  # a host name -> its addresses (one lookup per connection)


class BlockedAddress(httpx.ConnectError):
    """The target resolves to an address the crawler must not reach."""


NAT64 = ipaddress.ip_network("64:ff9b::/96")  # RFC 6052: the IPv4 address is the last 32 bits
NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")  # RFC 8215: local-use translation, a private network


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address carries, with the form's name: IPv4-mapped ::ffff:0:0/96,
    6to4 2002::/16, NAT64 64:ff9b::/96, Teredo 2001::/32 (its client), IPv4-compatible ::/96.
    A packet to any of these may reach that IPv4 host, so it is judged as that host."""
    if ip.ipv4_mapped:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip.sixtofour:
        return "6to4", ip.sixtofour
    if ip in NAT64:
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo:
        return "Teredo", ip.teredo[1]
    if 1 < int(ip) < 2**32:  # ::a.b.c.d (not :: or ::1)
        return "IPv4-compatible", ipaddress.IPv4Address(int(ip))
    return None


def refused_reason(ip: IPAddress) -> str | None:
    """Why this address is off limits, or None for an ordinary public address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:  # fec0::/10: deprecated, but still routed inside some networks
            return "site-local"
        if ip in NAT64_LOCAL:
            return "NAT64 local-use"
        carried = embedded_ipv4(ip)
        if carried is not None:
            form, v4 = carried
            inner = refused_reason(v4)
            if form == "IPv4-mapped":
                return inner  # the same host, spelled in IPv6
            if inner:
                return f"{form} of {inner}"
            if form in ("NAT64", "6to4"):
                return None  # a public IPv4 host reached through a translator or relay
            return form.lower()  # Teredo, IPv4-compatible: tunnels, never an outlet's address
    for flag in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{flag}"):
            return flag.replace("_", "-")
    if not ip.is_global:
        return "non-global"
    return None


_deadline = threading.local()


@contextmanager
def fetch_deadline(seconds: float) -> Iterator[None]:
    """Bound every socket read and write this thread makes for the next ``seconds``, however the
    server paces its bytes: per-read timeouts alone let a slowloris server (one byte now and then,
    in the headers or the body) hold a worker for ever."""
    _deadline.at = time.monotonic() + seconds
    try:
        yield
    finally:
        _deadline.at = None


DEADLINE_PASSED = "the fetch ran past crawl.fetch_deadline_seconds (the server sends too slowly)"


def _expired() -> bool:
    at = getattr(_deadline, "at", None)
    return at is not None and time.monotonic() >= at


def _remaining(timeout: float | None) -> float | None:
    at = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout(DEADLINE_PASSED)
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes stop at the thread's fetch deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self.inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return self.inner.read(max_bytes, _remaining(timeout))
        except httpcore.ReadTimeout as exc:
            if _expired():  # the read was cut short by the deadline, not by the read timeout
                raise httpcore.ReadTimeout(DEADLINE_PASSED) from exc
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            self.inner.write(buffer, _remaining(timeout))
        except httpcore.WriteTimeout as exc:
            if _expired():
                raise httpcore.WriteTimeout(DEADLINE_PASSED) from exc
            raise

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, _remaining(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self.inner.get_extra_info(info)


class DeadlineBackend(httpcore.SyncBackend):
    """Connections whose connect, reads and writes all stop at the thread's `fetch_deadline`."""

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        return DeadlineStream(super().connect_tcp(host, port, _remaining(timeout), local_address, socket_options))


def deadline_client(timeout: float) -> httpx.Client:
    """An httpx client for a request that must end within a total deadline (use it inside
    ``fetch_deadline``): httpx's own timeouts are per read, so a peer dribbling a byte now and
    then would hold it for ever. No proxies from the environment, no connection reuse."""
    pool = httpcore.ConnectionPool(ssl_context=ssl.create_default_context(), network_backend=DeadlineBackend(),
                                   max_keepalive_connections=0)
    transport = httpx.HTTPTransport(trust_env=False)
    transport._pool = pool  # httpx builds its pool without a backend argument; this one has ours
    return httpx.Client(transport=transport, timeout=timeout, trust_env=False)


class GuardedBackend(DeadlineBackend):
    """Resolves, vets and connects to the vetted address (defeats DNS rebinding)."""

    def __init__(
        self, allow: Iterable[str] = (), hosts: dict[str, str] | None = None, resolver: Resolver | None = None
    ) -> None:
        self.allow: list[Network] = [ipaddress.ip_network(n, strict=False) for n in allow]
        self.hosts = {k.lower(): v for k, v in (hosts or {}).items()}
        self.resolver = resolver  # name -> addresses; default: the system resolver (getaddrinfo)

    def resolve(self, host: str, port: int) -> list[IPAddress]:
        name = host.lower().strip("[]")
        if name in self.hosts:
            return [ipaddress.ip_address(self.hosts[name])]
        try:
            return [ipaddress.ip_address(name)]
        except ValueError:
            pass
        if self.resolver is not None:
            return [ipaddress.ip_address(a) for a in self.resolver(name)]
        try:
            infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpx.ConnectError(f"DNS lookup for {name} failed: {exc}") from exc
        return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]

    def vet(self, host: str, port: int) -> IPAddress:
        """The first acceptable address; refuses the host if any answer is off limits."""
        addrs = self.resolve(host, port)
        for ip in addrs:
            reason = refused_reason(ip)
            if reason and not any(ip in net for net in self.allow):
                raise BlockedAddress(
                    f"blocked by the SSRF guard: {host} resolves to {reason} address {ip}; "
                    "add its network to crawl.allow_networks if this is intended"
                )
        return addrs[0]

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        ip = self.vet(host, port)
        return super().connect_tcp(str(ip), port, timeout, local_address, socket_options)

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise BlockedAddress("blocked by the SSRF guard: unix sockets are never crawled")


class GuardedTransport(httpx.HTTPTransport):
    """httpx transport whose connections all go through GuardedBackend; never uses proxies."""

    def __init__(self, backend: GuardedBackend, *, ssl_context_cafile: str | None = None, max_connections: int = 20) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl.create_default_context(cafile=ssl_context_cafile),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=backend,
        )
