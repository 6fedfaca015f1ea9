"""HTTP endpoints. Each one authenticates, calls one command, and shapes the answer."""

import asyncio
import re
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from facilitator.actors import ORGANIZER
from facilitator.answers import Health, Templates, TemplateSummary
from facilitator.errors import Forbidden
from facilitator.i18n import _
from facilitator.inputs import JoinInput, SessionInput
from facilitator.join_limit import JoinLimiter
from facilitator.organizer import IssuedKeys
from facilitator.people import Joined
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState
from facilitator.snapshot_cache import Snapshot
from facilitator.worker import read, run

from .access import caller
from .control import run_control
from .docs import OPENAPI_URL, add_docs
from .errors import ERROR_RESPONSES, bearer, install_error_handlers, json_body
from .files import DOCX, download, file_responses
from .headers import HostPolicy
from .input_routes import build_input_router
from .limits import BodyLimit
from .live import add_live_route
from .outcome_routes import build_outcome_router
from .poll_routes import build_poll_router
from .series_routes import build_series_router
from .solution_routes import build_solution_router
from .speaker_routes import build_speaker_router


def build_router(service: FacilitatorService, join_limiter: JoinLimiter | None = None) -> APIRouter:
    router = APIRouter(prefix='/api')

    @router.get('/health', response_model=Health, responses={503: {'model': Health, 'description': 'degraded'}})
    async def health() -> Health | JSONResponse:
        """Never touches the database on the event loop: the last write's outcome, re-probed in the background."""
        watch = service.write_health
        if watch.recheck_due():  # answer now; the probe's verdict shows in the next check
            asyncio.get_running_loop().run_in_executor(None, watch.recheck)
        if watch.ok:
            return Health(status='ok')
        return JSONResponse({'status': 'degraded'}, status_code=503, headers={'Retry-After': '5'})

    @router.get('/templates')
    async def templates() -> Templates:
        return Templates(templates=[TemplateSummary(**t) for t in service.templates()])

    @router.post('/sessions', status_code=201)
    async def create_session(request: Request) -> IssuedKeys:
        actor = await caller(service, None, request, ORGANIZER)
        new = SessionInput.parse(await json_body(request))
        issued = await run(service.create_session, actor, template=new.template, title=new.title,
                           starts_at=new.starts_at, timezone=new.timezone, series=new.series,
                           registration_required=new.registration_required)
        return issued

    @router.get('/sessions/{code}/state', response_model=SessionState, responses={304: {'description': 'unchanged'}})
    async def state(code: str, request: Request) -> Response:
        """The public snapshot: built once per version and shared by every reader. Send the `ETag` back in
        `If-None-Match` to get 304 while nothing changed."""
        snapshot = service.cached_snapshot(code) or await read(service.snapshot, code)
        return state_answer(snapshot, service, request.headers.get('if-none-match'))

    @router.post('/sessions/{code}/control', response_model=SessionState)
    async def control(code: str, request: Request) -> Response:
        actor = await caller(service, code, request)  # not behind a queue of /state readers
        body = await json_body(request)
        await run(run_control, service, actor, code, body)
        return state_response(await run(service.snapshot, code), service)

    @router.post('/sessions/{code}/keys')
    async def keys(code: str, request: Request) -> IssuedKeys:
        actor = await caller(service, code, request)
        return await run(service.regenerate_keys, actor, code)

    @router.delete('/sessions/{code}', status_code=204)
    async def delete_session(code: str, request: Request) -> Response:
        actor = await caller(service, code, request)
        await run(service.delete_session, actor, code)
        return Response(status_code=204)

    @router.patch('/sessions/{code}', response_model=SessionState)
    async def update(code: str, request: Request) -> Response:
        actor = await caller(service, code, request)
        body = await json_body(request)
        await run(service.update_session, actor, code, title=body.get('title'), starts_at=body.get('starts_at'),
                  timezone=body.get('timezone'), call_url=body.get('call_url'), theme=body.get('theme'))
        return state_response(await run(service.snapshot, code), service)

    @router.get('/sessions/{code}/export', response_class=Response, responses=file_responses(
        'the report as a file download (`format`: md, docx, csv, json or pdf)',
        'text/markdown', DOCX, 'text/csv', 'application/json', 'application/pdf'))
    async def export(code: str, request: Request, format: str = 'md', anonymize: str = 'false') -> Response:
        actor = await read(service.authenticate, code, bearer(request))
        anon = anonymize.strip().lower() in {'1', 'true', 'yes', 'on'}
        file = await read(service.export, actor, code, format, anonymize=anon)
        return download(file.content, file.media_type, file.filename)

    @router.post('/sessions/{code}/participants', status_code=201)
    async def join(code: str, request: Request) -> Joined:
        if join_limiter is not None:
            peer = request.client.host if request.client else None
            await run(join_limiter.check, join_limiter.address(peer, request.headers.get('x-forwarded-for')))
        person = JoinInput.parse(await json_body(request))
        joined = await run(service.join, code, name=person.name, group=person.group,
                           organization=person.organization, show_name=person.show_name)
        return joined

    return router


def state_response(snapshot: Snapshot, service: FacilitatorService) -> Response:
    """The shared JSON with this response's `server_time_ms`: nothing is serialised again."""
    return Response(snapshot.json_at(service.clock()), media_type='application/json',
                    headers={'ETag': snapshot.etag})


def state_answer(snapshot: Snapshot, service: FacilitatorService, if_none_match: str | None) -> Response:
    """304 when the reader has this version already, else the shared JSON."""
    if _etags(if_none_match) & {snapshot.etag, '*'}:
        return Response(status_code=304, headers={'ETag': snapshot.etag})
    return state_response(snapshot, service)


def _etags(header: str | None) -> set[str]:
    return {tag.strip().removeprefix('W/') for tag in header.split(',')} if header else set()


STATE_PATH = re.compile(r'^/api/sessions/([^/]+)/state$')


class StateReaders:
    """`GET /state` from the cache, in front of the API app: at most `slots` readers are served at once (the others
    wait their turn, which costs the event loop nothing), and a cached snapshot is answered here, past FastAPI's
    routing. A crowd polling the state then takes a small, bounded share of every loop turn, and a moderator's
    command and its push to the pages are not queued behind it. A miss goes on to the route, which builds."""

    def __init__(self, app: ASGIApp, service: FacilitatorService, slots: int = 2) -> None:
        self.app, self.service, self.slots = app, service, slots
        self._gate: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = STATE_PATH.match(scope['path']) if scope['type'] == 'http' and scope['method'] == 'GET' else None
        if match is None:
            await self.app(scope, receive, send)
            return
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.slots)
        async with self._gate:
            snapshot = self.service.cached_snapshot(match.group(1))
            if snapshot is None:
                await self.app(scope, receive, send)
                return
            response = state_answer(snapshot, self.service, Headers(scope=scope).get('if-none-match'))
            await response(scope, receive, send)


class OriginGuard:
    """Refuse state-changing API calls a browser makes from a foreign origin. API clients send no Origin.

    A plain ASGI middleware: Starlette's `@app.middleware('http')` wraps every request in extra tasks, which
    costs each vote of a vote storm about a millisecond.
    """

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy  # own origins come from the configured public URL and hosts, never from `Host`

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope['type'] == 'http' and scope['method'] not in {'GET', 'HEAD', 'OPTIONS'} \
                and scope['path'].startswith('/api'):
            headers = Headers(scope=scope)
            origin = headers.get('origin')
            if origin and not self.policy.origin_ok(origin):
                error = Forbidden(_('Requests from other web sites are not accepted.'), code='foreign_origin')
                response = JSONResponse({'error': {'code': error.code, 'message': error.message}}, status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


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


def register_api(app: FastAPI, service: FacilitatorService, feed: Any, *, policy: HostPolicy | None = None,
                 join_limiter: JoinLimiter | None = None) -> None:
    """The HTTP and WebSocket API as an app of its own, reached before the page app's middlewares."""
    api = FastAPI(title='facilitator', openapi_url=OPENAPI_URL, docs_url=None, redoc_url=None,
                  responses=ERROR_RESPONSES)
    add_docs(api)
    api.include_router(build_router(service, join_limiter))
    api.include_router(build_speaker_router(service))
    api.include_router(build_input_router(service))
    api.include_router(build_poll_router(service))
    api.include_router(build_series_router(service))
    api.include_router(build_solution_router(service))
    api.include_router(build_outcome_router(service))
    add_live_route(api, service, feed)
    install_error_handlers(api)
    api.add_middleware(OriginGuard, policy=policy or HostPolicy.build(service.public_url))
    api.add_middleware(BodyLimit)  # counts the bytes before anything reads them
    api.add_middleware(StateReaders, service=service)  # outermost of the API's own: readers wait their turn
    build = type(app).build_middleware_stack  # the class's own, so registering again never nests wrappers
    # Outside every middleware of the page app, including those NiceGUI adds when it starts.
    app.build_middleware_stack = lambda: ApiFirst(build(app), api)  # type: ignore[method-assign]
