"""Headers and hosts: the security headers on every answer, and the `Host` and `Origin` the app accepts.

"Own" hosts and origins come from the configured public URL and `FACILITATOR_ALLOWED_HOSTS`, never from the
request's own `Host` header: a DNS-rebinding page controls that header, so it proves nothing.
"""

import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.i18n import _

from .errors import error_response

log = logging.getLogger(__name__)

LOOPBACK = frozenset({'localhost', '127.0.0.1', '::1'})
WILDCARD = frozenset({'0.0.0.0', '::', ''})

PAGE_CSP = ("default-src 'self'; "
            # NiceGUI's page carries its elements in an inline script, and Vue compiles the templates of its
            # components at run time (`new Function`): both need these two, measured in Chromium.
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
            "style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")
API_CSP = "default-src 'none'; frame-ancestors 'none'"
FRAMEABLE_PREFIXES = ('/s/',)
FRAMEABLE_SUFFIX = '/stage'
"""The stage is a read-only screen (agenda, timer, join QR code) that venues put into their own signage and
streaming pages, so it may be framed. Every other page refuses framing: staff consoles and participant pages have
buttons that a hostile frame could trick a person into pressing."""


def _host_of(authority: str) -> str:
    """The host name of a `Host` header or URL authority, lower-case, without port or brackets."""
    if not authority:
        return ''
    return (urlsplit(f'//{authority.strip()}').hostname or '').lower()


def _default_port(scheme: str) -> int:
    return 443 if scheme in {'https', 'wss'} else 80


def split_list(value: str | None) -> list[str]:
    """A comma list from the environment, without blanks."""
    return [item.strip() for item in (value or '').split(',') if item.strip()]


@dataclass(frozen=True)
class HostPolicy:
    """Which `Host` headers and browser `Origin`s are the app's own."""

    public_url: str
    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def build(cls, public_url: str, allowed_hosts: Iterable[str] = ()) -> 'HostPolicy':
        return cls(public_url=public_url.rstrip('/'),
                   allowed_hosts=frozenset(_host_of(h) or h.strip().lower() for h in allowed_hosts))

    @property
    def public_host(self) -> str:
        return (urlsplit(self.public_url).hostname or '').lower()

    @property
    def is_local(self) -> bool:
        """The public URL is this machine: loopback names are then the app's own too (tests, `make run`)."""
        host = self.public_host
        if host in LOOPBACK or host in WILDCARD:
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    @property
    def checks_hosts(self) -> bool:
        """False only when the app listens on every address with no public URL: then no host can be trusted
        more than another, and `run.py` warns to set `FACILITATOR_PUBLIC_URL`."""
        return self.public_host not in WILDCARD or bool(self.allowed_hosts)

    def hosts(self) -> frozenset[str]:
        own = {self.public_host} | set(self.allowed_hosts)
        if self.is_local:
            own |= LOOPBACK
        return frozenset(own - WILDCARD)

    def host_ok(self, host_header: str | None) -> bool:
        if not self.checks_hosts:
            return True
        return _host_of(host_header or '') in self.hosts()

    def origin_ok(self, origin: str | None) -> bool:
        """A browser origin is the app's own: the public URL's origin, any origin on an allowed host, or (when the
        app is local) a loopback origin on the public URL's port. `None` (no Origin: an API client) is fine."""
        if not origin:
            return True
        try:
            parts = urlsplit(origin.strip().rstrip('/'))
            port = parts.port or _default_port(parts.scheme)
        except ValueError:
            return False
        host = (parts.hostname or '').lower()
        if parts.scheme not in {'http', 'https'} or not host:
            return False
        public = urlsplit(self.public_url)
        public_port = public.port or _default_port(public.scheme)
        if host == self.public_host and parts.scheme == public.scheme and port == public_port:
            return True
        if host in self.allowed_hosts:
            return True
        return self.is_local and host in LOOPBACK and port == public_port

    def session_cookie_options(self) -> dict[str, Any]:
        """Keyword arguments for NiceGUI's SessionMiddleware (`ui.run(session_middleware_kwargs=...)`)."""
        return {'https_only': True} if self.public_url.startswith('https://') else {}


def security_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The headers added to every HTTP answer on `path`."""
    if path == '/api' or path.startswith('/api/'):
        csp, frameable = API_CSP, False
    else:
        frameable = path.startswith(FRAMEABLE_PREFIXES) and path.rstrip('/').endswith(FRAMEABLE_SUFFIX)
        csp = PAGE_CSP if frameable else PAGE_CSP + "; frame-ancestors 'none'"
    headers = [(b'content-security-policy', csp.encode()), (b'referrer-policy', b'no-referrer'),
               (b'x-content-type-options', b'nosniff')]
    if not frameable:
        headers.append((b'x-frame-options', b'DENY'))
    return headers


class HostGuard:
    """Outermost middleware, for pages and API alike: refuse a foreign `Host` (400), refuse a WebSocket to the
    API from a foreign browser `Origin` (403), and add the security headers to every HTTP answer."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] not in {'http', 'websocket'}:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not self.policy.host_ok(headers.get('host')):
            await self._refuse(scope, receive, send, 400, 'bad_host', _('This address is not served here.'))
            return
        if scope['type'] == 'websocket':
            if scope['path'].startswith('/api/') and not self.policy.origin_ok(headers.get('origin')):
                await self._refuse(scope, receive, send, 403, 'foreign_origin',
                                   _('Requests from other web sites are not accepted.'))
                return
            await self.app(scope, receive, send)
            return
        extra = security_headers(scope['path'])
        if self.policy.public_url.startswith('https://'):
            extra = [*extra, (b'strict-transport-security', b'max-age=31536000')]

        async def send_with_headers(message: Message) -> None:
            if message['type'] == 'http.response.start':
                answer = MutableHeaders(scope=message)
                for name, value in extra:
                    if name.decode() not in answer:
                        answer.append(name.decode(), value.decode())
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str) -> None:
        response = error_response(status, code, message)
        if scope['type'] == 'http':
            await response(scope, receive, send)
        elif 'websocket.http.response' in scope.get('extensions', {}):
            await send({'type': 'websocket.http.response.start', 'status': status,
                        'headers': response.raw_headers})
            await send({'type': 'websocket.http.response.body', 'body': response.body})
        else:
            await send({'type': 'websocket.close', 'code': 1008})


def install_host_guard(app: Any, policy: HostPolicy) -> None:
    """Wrap the app's whole middleware stack (the API's fast path included) in `HostGuard`, and let the page
    sockets (socket.io) accept only own origins."""
    from nicegui import core

    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: HostGuard(build(), policy)
    core.sio.eio.cors_allowed_origins = policy.origin_ok
    if not policy.checks_hosts:
        log.warning('No FACILITATOR_PUBLIC_URL while listening on every address: Host headers are not checked.')
