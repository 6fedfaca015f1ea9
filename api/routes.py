"""HTTP endpoints. Each one authenticates, calls one command, and shapes the answer."""

import asyncio
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from facilitator.control import run_control
from facilitator.errors import Forbidden
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.worker import read, run

from .errors import bearer, install_error_handlers, json_body, json_bytes, require_fields
from .input_routes import build_input_router
from .live import add_live_route
from .speaker_routes import build_speaker_router


def build_router(service: FacilitatorService) -> APIRouter:
    router = APIRouter(prefix='/api')

    @router.get('/health', response_model=None)
    async def health() -> dict[str, str] | JSONResponse:
        """Never touches the database on the event loop: the last write's outcome, re-probed in the background."""
        watch = service.write_health
        if watch.recheck_due():  # answer now; the probe's verdict shows in the next check
            asyncio.get_running_loop().run_in_executor(None, watch.recheck)
        if watch.ok:
            return {'status': 'ok'}
        return JSONResponse({'status': 'degraded'}, status_code=503, headers={'Retry-After': '5'})

    @router.get('/templates')
    async def templates() -> dict[str, Any]:
        return {'templates': service.templates()}

    @router.post('/sessions', status_code=201)
    async def create_session(request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, None, bearer(request))
        body = await json_body(request)
        require_fields(body, 'template')
        issued = await run(service.create_session, actor, template=str(body['template']), title=body.get('title'),
                                        starts_at=body.get('starts_at'), timezone=body.get('timezone'))
        return asdict(issued)

    @router.get('/sessions/{code}/state')
    async def state(code: str) -> Response:
        return json_bytes(await read(service.state, code))

    @router.post('/sessions/{code}/control')
    async def control(code: str, request: Request) -> Response:
        actor = await run(service.authenticate, code, bearer(request))  # not behind a queue of /state readers
        body = await json_body(request)
        return json_bytes(await run(run_control, service, actor, code, body))

    @router.post('/sessions/{code}/keys')
    async def keys(code: str, request: Request) -> dict[str, Any]:
        actor = await run(service.authenticate, code, bearer(request))
        return asdict(await run(service.regenerate_keys, actor, code))

    @router.patch('/sessions/{code}')
    async def update(code: str, request: Request) -> Response:
        actor = await run(service.authenticate, code, bearer(request))
        body = await json_body(request)
        await run(service.update_session, actor, code, title=body.get('title'), starts_at=body.get('starts_at'),
                  timezone=body.get('timezone'), call_url=body.get('call_url'), theme=body.get('theme'))
        return json_bytes(await run(service.state, code))

    @router.get('/sessions/{code}/export')
    async def export(code: str, request: Request, format: str = 'md', anonymize: str = 'false') -> Response:
        actor = await read(service.authenticate, code, bearer(request))
        anon = anonymize.strip().lower() in {'1', 'true', 'yes', 'on'}
        file = await read(service.export, actor, code, format, anonymize=anon)
        return Response(file.content, media_type=file.media_type,
                        headers={'Content-Disposition': f'attachment; filename="{file.filename}"'})

    @router.post('/sessions/{code}/participants', status_code=201)
    async def join(code: str, request: Request) -> dict[str, Any]:
        body = await json_body(request)
        require_fields(body, 'name', 'group')
        joined = await run(service.join, code, name=body['name'], group=body['group'],
                           organization=body.get('organization', ''), show_name=body.get('show_name'))
        return asdict(joined)

    return router


class OriginGuard:
    """Refuse state-changing API calls a browser makes from a foreign origin. API clients send no Origin.

    A plain ASGI middleware: Starlette's `@app.middleware('http')` wraps every request in extra tasks, which
    costs each vote of a vote storm about a millisecond.
    """

    def __init__(self, app: ASGIApp, public_url: str) -> None:
        self.app = app
        self.public_url = public_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and scope['method'] not in {'GET', 'HEAD', 'OPTIONS'} \
                and scope['path'].startswith('/api'):
            headers = Headers(scope=scope)
            origin = headers.get('origin')
            if origin and origin.rstrip('/') not in self._own(headers.get('host')):
                error = Forbidden(_('Requests from other web sites are not accepted.'), code='foreign_origin')
                response = JSONResponse({'error': {'code': error.code, 'message': error.message}}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _own(self, host: str | None) -> set[str]:
        own = {self.public_url}
        if host:
            own |= {f'http://{host}', f'https://{host}'}
        return own


class ApiFirst:
    """Send `/api` requests straight to the API's own app, past the page app's middlewares (sessions and cookies,
    request tracking, compression, upload limits) that the API never uses: they cost each vote about a millisecond."""

    def __init__(self, app: ASGIApp, api: ASGIApp) -> None:
        self.app, self.api = app, api

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] in {'http', 'websocket'} and (scope['path'] == '/api' or scope['path'].startswith('/api/')):
            await self.api(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def register_api(app: FastAPI, service: FacilitatorService, feed: Any) -> None:
    """The HTTP and WebSocket API as an app of its own, reached before the page app's middlewares."""
    api = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    api.include_router(build_router(service))
    api.include_router(build_speaker_router(service))
    api.include_router(build_input_router(service))
    add_live_route(api, service, feed)
    install_error_handlers(api)
    api.add_middleware(OriginGuard, public_url=service.public_url)
    build = type(app).build_middleware_stack  # the class's own, so registering again never nests wrappers
    # Outside every middleware of the page app, including those NiceGUI adds when it starts.
    app.build_middleware_stack = lambda: ApiFirst(build(app), api)  # type: ignore[method-assign]
