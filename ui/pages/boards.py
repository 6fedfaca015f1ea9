"""`GET /s/{code}/boards/{board}`: a followed board as the browsers fetch it, instead of each page holding a copy."""

from fastapi import Request, Response
from nicegui import app

from ..context import UiContext


def register(ctx: UiContext) -> None:
    @app.get('/s/{code}/boards/{board}', include_in_schema=False)
    async def board(code: str, board: str, request: Request) -> Response:
        """`{"seq", "posts", "ranking"}` as of patch `seq`: the same bytes for every page of the session. Public:
        these are the visible posts of the public snapshot."""
        found = ctx.inputs.board_json(code, board)
        if found is None:
            return Response(status_code=404)
        seq, body = found
        etag = f'"{seq}"'
        if request.headers.get('if-none-match') == etag:
            return Response(status_code=304, headers={'ETag': etag})
        return Response(body, media_type='application/json', headers={'ETag': etag, 'Cache-Control': 'no-cache'})
