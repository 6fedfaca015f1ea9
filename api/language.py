"""The language of each HTTP request: `?lang=`, the remembered choice, `Accept-Language`, then the server default.

A plain ASGI middleware around the whole app (pages and API), so that `_()` answers in the reader's language
while the request runs. A valid `?lang=` on a page is remembered for that browser in a cookie; the stage has a
cookie of its own, so a projector can speak another language than the laptop's moderator page.
"""

from collections.abc import Callable
from http.cookies import SimpleCookie

from fastapi import FastAPI
from starlette.datastructures import Headers, QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from facilitator.i18n import negotiate, supported, use_language

COOKIE = 'facilitator_lang'
STAGE_COOKIE = 'facilitator_stage_lang'
MAX_AGE_S = 365 * 24 * 3600
SKIPPED = ('/_nicegui',)  # NiceGUI's socket and static files: handlers run in the page's own language


def cookie_name(path: str) -> str:
    return STAGE_COOKIE if path.rstrip('/').endswith('/stage') else COOKIE


def request_language(scope: Scope) -> tuple[str | None, bool]:
    """The language for this request and whether it was chosen just now with `?lang=` (then it is remembered)."""
    chosen = supported(QueryParams(scope.get('query_string', b'').decode('latin-1')).get('lang'))
    if chosen:
        return chosen, True
    headers = Headers(scope=scope)
    cookies = SimpleCookie()
    try:
        cookies.load(headers.get('cookie', ''))
    except Exception:  # a malformed cookie header is no reason to fail the request
        cookies = SimpleCookie()
    morsel = cookies.get(cookie_name(scope['path']))
    remembered = supported(morsel.value) if morsel is not None else None
    return remembered or negotiate(headers.get('accept-language')), False


class LanguageMiddleware:
    """Pins the request's language for `_()`, and remembers a `?lang=` choice on pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] != 'http' or scope['path'].startswith(SKIPPED):
            await self.app(scope, receive, send)
            return
        language, chosen = request_language(scope)
        remember = chosen and not scope['path'].startswith('/api')
        with use_language(language) as code:
            await self.app(scope, receive, _remembering(send, cookie_name(scope['path']), code) if remember else send)


def _remembering(send: Send, name: str, code: str) -> Send:
    async def wrapped(message: Message) -> None:
        if message['type'] == 'http.response.start':
            cookie = f'{name}={code}; Path=/; Max-Age={MAX_AGE_S}; SameSite=Lax; HttpOnly'
            message = {**message, 'headers': [*message.get('headers', []), (b'set-cookie', cookie.encode())]}
        await send(message)
    return wrapped


def install_language(app: FastAPI) -> None:
    """Wrap the whole app, the API included (it is reached before the page app's own middlewares)."""
    build: Callable[[], ASGIApp] = app.build_middleware_stack
    app.build_middleware_stack = lambda: LanguageMiddleware(build())  # type: ignore[method-assign]
