"""The streamed body limit also holds for routes that take a pydantic model (FastAPI reads those bodies itself)."""

from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from api.errors import MAX_BODY_BYTES, install_error_handlers
from api.limits import BodyLimit


class JoinIn(BaseModel):
    name: str


def model_app() -> FastAPI:
    app = FastAPI()

    @app.post('/api/join')
    async def join(body: JoinIn) -> dict[str, str]:
        return {'name': body.name}

    install_error_handlers(app)
    app.add_middleware(BodyLimit)
    return app


async def chunks(size: int) -> AsyncIterator[bytes]:
    yield b'{"name": "'
    for _ in range(size // 8192):
        yield b'a' * 8192
    yield b'"}'


async def test_a_chunked_body_over_the_limit_is_413_before_a_model_sees_it() -> None:
    transport = httpx.ASGITransport(app=model_app())
    async with httpx.AsyncClient(transport=transport, base_url='http://test') as client:
        response = await client.post('/api/join', content=chunks(4 * MAX_BODY_BYTES),
                                     headers={'content-type': 'application/json'})
        assert response.status_code == 413
        assert response.json()['error']['code'] == 'body_too_large'
        small = await client.post('/api/join', json={'name': 'Amina'})
        assert small.json() == {'name': 'Amina'}
        declared = await client.post('/api/join', content=b'x' * (MAX_BODY_BYTES + 1))
        assert (declared.status_code, declared.json()['error']['code']) == (413, 'body_too_large')
