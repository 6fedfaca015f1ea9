"""`WS /api/sessions/{code}/live`: a snapshot on connect, then a snapshot after every change."""

import asyncio
import contextlib

from fastapi import FastAPI, WebSocket, WebSocketDisconnect

from facilitator.errors import NotFound
from facilitator.events import ChangeKind
from facilitator.live import LiveFeed
from facilitator.service import FacilitatorService
from facilitator.snapshot_cache import Stamped
from facilitator.worker import read

from .errors import domain_error_response


def add_live_route(app: FastAPI, service: FacilitatorService, feed: LiveFeed) -> None:
    @app.websocket('/api/sessions/{code}/live')
    async def live(websocket: WebSocket, code: str) -> None:
        try:
            first = service.cached_snapshot(code) or await read(service.snapshot, code)
        except NotFound as error:
            if 'websocket.http.response' in websocket.scope.get('extensions', {}):
                await websocket.send_denial_response(domain_error_response(error))  # an HTTP 404 with the error body
            else:
                await websocket.close(code=4404, reason=error.message[:120])
            return
        await websocket.accept()
        code = first.state.code
        queue: asyncio.Queue[Stamped] = asyncio.Queue(maxsize=8)

        def on_change(snapshot: Stamped, _kinds: frozenset[ChangeKind]) -> None:
            if queue.full():  # a slow reader only needs the newest snapshot
                with contextlib.suppress(asyncio.QueueEmpty):
                    queue.get_nowait()
            queue.put_nowait(snapshot)

        unsubscribe = feed.listen(code, on_change)  # an anonymous feed: not counted in online_count (API.md)
        try:
            await websocket.send_text(first.at(service.clock()).live_message)
            last = first.state.version
            receiver = asyncio.create_task(_drain(websocket))
            while not receiver.done():
                getter = asyncio.create_task(queue.get())
                done, _pending = await asyncio.wait({getter, receiver}, return_when=asyncio.FIRST_COMPLETED)
                if getter not in done:
                    getter.cancel()
                    break
                snapshot = getter.result()
                if snapshot.state.version > last:  # the message is built once per flush for every socket
                    last = snapshot.state.version
                    await websocket.send_text(snapshot.live_message)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            if 'receiver' in locals():
                receiver.cancel()
            unsubscribe()


async def _drain(websocket: WebSocket) -> None:
    """Read (and ignore) what the client sends, so a close is noticed."""
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while True:
            await websocket.receive_text()
