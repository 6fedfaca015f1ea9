"""The join cap per address on the page's join form, with the limiter the API uses (`app.state.join_limiter`)."""

from nicegui import app, ui

from facilitator.errors import RateLimited
from facilitator.i18n import render
from facilitator.worker import run


async def page_join_allowed() -> bool:
    """Count one join from this page's address; past the cap, say so and return False.

    Reads this page's request, so call it on the event loop (in the page's context); the count itself runs in the
    worker pool (with several instances it is kept in the database)."""
    limiter = getattr(app.state, 'join_limiter', None)
    if limiter is None:
        return True
    request = ui.context.client.request
    peer = request.client.host if request is not None and request.client is not None else None
    forwarded = request.headers.get('x-forwarded-for') if request is not None else None
    try:
        await run(limiter.check, limiter.address(peer, forwarded))
    except RateLimited as error:
        ui.notify(render(error.message), type='negative', position='top', multi_line=True)
        return False
    return True
