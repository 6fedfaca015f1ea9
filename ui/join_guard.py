"""The join cap per address on the page's join form, with the limiter the API uses (`app.state.join_limiter`)."""

from nicegui import app, ui


def page_join_allowed() -> bool:
    """Count one join from this page's address; RateLimited (shown as a notification by `attempt`) past the cap."""
    limiter = getattr(app.state, 'join_limiter', None)
    if limiter is None:
        return True
    request = ui.context.client.request
    peer = request.client.host if request is not None and request.client is not None else None
    forwarded = request.headers.get('x-forwarded-for') if request is not None else None
    limiter.check(limiter.address(peer, forwarded))
    return True
