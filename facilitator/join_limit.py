"""Joins capped per address: the one limit counted per address, set far above a venue's needs (API.md).

A conference Wi-Fi puts hundreds of people behind one address, so the cap (`FACILITATOR_JOIN_LIMIT`, default
3,000 a minute) only stops a flood of fresh identities. Behind a reverse proxy the address is the right-most one in
`X-Forwarded-For` that is not itself a trusted proxy, and the header is believed only from
`FACILITATOR_TRUSTED_PROXIES`.
"""

import ipaddress
import math
import threading
import time
from collections.abc import Callable, Iterable

from .errors import RateLimited
from .i18n import _

WINDOW_S = 60.0
MAX_TRACKED = 50_000
"""Addresses kept at most; past that, finished windows are dropped first, so a scan cannot grow memory."""

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(items: Iterable[str]) -> tuple[Network, ...]:
    """IPs and CIDRs from a comma list; an entry that is neither raises ValueError at start-up."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in items if item.strip())


def _in(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]) -> str:
    """The address a request came from. `X-Forwarded-For` counts only when the peer is a trusted proxy; then the
    right-most hop that is not a trusted proxy is the client (hops left of it could be forged by the client)."""
    address = peer or 'unknown'
    if not forwarded_for or not _in(address, trusted):
        return address
    for hop in reversed([part.strip() for part in forwarded_for.split(',') if part.strip()]):
        if not _in(hop, trusted):
            return hop[:64]
    return address


class JoinLimiter:
    """A fixed one-minute window per address. `now` is injected (monotonic seconds) so tests never sleep."""

    def __init__(self, limit: int = 3000, *, trusted_proxies: Iterable[str] = (),
                 now: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.trusted = parse_networks(trusted_proxies)
        self.now = now
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()  # joins are counted in the worker's threads

    def address(self, peer: str | None, forwarded_for: str | None) -> str:
        return client_address(peer, forwarded_for, self.trusted)

    def check(self, address: str) -> None:
        """Count one join from `address`; RateLimited (429 with Retry-After) past the cap."""
        with self._lock:
            self._count(address)

    def _count(self, address: str) -> None:
        now = self.now()
        started, count = self._windows.get(address, (now, 0))
        if now - started >= WINDOW_S:
            started, count = now, 0
        if count >= self.limit:
            retry = max(1, math.ceil(started + WINDOW_S - now))
            raise RateLimited(_('Too many people joined from this address just now. Try again in {n} s.')
                              .format(n=retry), retry_after=retry)
        if address not in self._windows and len(self._windows) >= MAX_TRACKED:
            self._forget(now)
        self._windows[address] = (started, count + 1)

    def _forget(self, now: float) -> None:
        for key in [k for k, (started, _count) in self._windows.items() if now - started >= WINDOW_S]:
            del self._windows[key]
        if len(self._windows) >= MAX_TRACKED:  # all windows still running: the oldest goes first
            oldest = min(self._windows, key=lambda k: self._windows[k][0])
            del self._windows[oldest]
