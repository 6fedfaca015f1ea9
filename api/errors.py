"""The JSON error body, and the mapping of FastAPI's defaults onto API.md's statuses."""

import json
import logging
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from facilitator.errors import DatabaseBusy, DomainError, RateLimited
from facilitator.i18n import _, render

MAX_BODY_BYTES = 64 * 1024
log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    code: str
    """snake_case, never translated: what a program tests"""
    message: str
    """a human sentence in the reader's language (`Accept-Language`)"""


class ErrorBody(BaseModel):
    """The body of every 4xx and 5xx answer (API.md, Errors)."""

    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {'model': ErrorBody, 'description': meaning} for status, meaning in {
        400: 'a body that is not a JSON object',
        401: 'no token, or a token that is not valid',
        403: 'a role that may not do this',
        404: 'no such session, room, post, speaker, poll or participant',
        409: 'not allowed in the current state (the code says why)',
        413: 'a body over 64 KiB',
        422: 'a field missing, of the wrong type, or invalid',
        429: 'rate limited (see `Retry-After`)',
        503: 'the database is busy or cannot be written (`database_busy`, see `Retry-After`)',
    }.items()}
"""Documented on every endpoint of /api/openapi.json, in place of FastAPI's default validation schema."""


class BadRequest(DomainError):
    status = 400
    code = 'bad_request'


class TooLarge(DomainError):
    status = 413
    code = 'body_too_large'


def json_bytes(data: Any) -> Response:
    """A large answer (a session's state), serialised by orjson. FastAPI's own path (`jsonable_encoder`, then
    `json.dumps`) holds the event loop for 40 ms or more on a 1,000-post session; orjson takes under a millisecond."""
    return Response(orjson.dumps(data), media_type='application/json')


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({'error': {'code': code, 'message': message}}, status_code=status, headers=headers)


def domain_error_response(error: DomainError) -> JSONResponse:
    retry_after = error.retry_after if isinstance(error, RateLimited | DatabaseBusy) else None
    headers = {'Retry-After': str(retry_after)} if retry_after is not None else None
    # said again in the reader's language (the request's, see api/language.py); the code never changes
    return error_response(error.status, error.code, render(error.message), headers)


async def json_body(request: Request) -> dict[str, Any]:
    """The request body as a JSON object; 400 for anything else, 413 when too large."""
    declared = request.headers.get('content-length')
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise TooLarge(_('The request body is too large.'))
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        raise TooLarge(_('The request body is too large.'))
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
        json.dumps(data, ensure_ascii=False).encode()  # lone surrogates such as "\ud800" are not text
    except (ValueError, RecursionError):  # UnicodeDecodeError/EncodeError are ValueErrors; deep nesting recurses
        raise BadRequest(_('The body is not valid JSON.')) from None
    if not isinstance(data, dict):
        raise BadRequest(_('The body must be a JSON object.'))
    return data


def bearer(request: Request) -> str | None:
    header = request.headers.get('authorization', '')
    scheme, _sep, value = header.partition(' ')
    return value.strip() if scheme.lower() == 'bearer' and value.strip() else None


def install_error_handlers(app: FastAPI) -> None:
    previous_http = app.exception_handlers.get(StarletteHTTPException)
    previous_validation = app.exception_handlers.get(RequestValidationError)

    async def on_domain_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, DomainError)
        return domain_error_response(error)

    async def on_validation(request: Request, error: Exception) -> Any:
        assert isinstance(error, RequestValidationError)
        if not request.url.path.startswith('/api'):
            if previous_validation is not None:
                return await previous_validation(request, error)
        if any(item.get('loc', ('',))[0] == 'path' for item in error.errors()):
            return error_response(404, 'not_found', _('Not found.'))
        return error_response(422, 'invalid_input', _('A field is missing or invalid.'))

    async def on_http(request: Request, error: Exception) -> Any:
        assert isinstance(error, StarletteHTTPException)
        if request.url.path.startswith('/api'):
            codes = {404: 'not_found', 405: 'method_not_allowed', 413: 'body_too_large'}
            code = codes.get(error.status_code, 'http_error')
            return error_response(error.status_code, code, str(error.detail))
        if previous_http is not None:
            return await previous_http(request, error)
        return error_response(error.status_code, 'http_error', str(error.detail))

    previous_404 = app.exception_handlers.get(404)
    previous_500 = app.exception_handlers.get(Exception)

    async def on_404(request: Request, error: Exception) -> Any:
        if request.url.path.startswith('/api') or previous_404 is None:
            return error_response(404, 'not_found', _('Not found.'))
        return await previous_404(request, error)

    async def on_crash(request: Request, error: Exception) -> Any:
        if request.url.path.startswith('/api') or previous_500 is None:
            log.exception('unexpected error on %s', request.url.path, exc_info=error)
            return error_response(500, 'internal_error', _('Something went wrong on our side. Nothing was changed.'))
        return await previous_500(request, error)

    app.add_exception_handler(404, on_404)
    app.add_exception_handler(Exception, on_crash)
    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
