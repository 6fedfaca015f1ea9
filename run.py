"""The composition root: settings, engine, service, API and pages, then `ui.run`."""

import argparse
import asyncio
import gc
import logging
import os
import sys

from nicegui import app, background_tasks, ui

from api.errors import install_error_handlers
from api.language import install_language
from api.routes import register_api
from db.engine import init_db, make_engine
from facilitator.i18n import set_language
from facilitator.live import LiveFeed
from facilitator.service import FacilitatorService
from facilitator.settings import Settings
from facilitator.sweeper import sweep_rooms
from ui import page_language
from ui.app_setup import register_pages

log = logging.getLogger('facilitator')


def parse_cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='facilitator: a live companion for multi-stakeholder dialogues')
    parser.add_argument('--host', default=None)
    parser.add_argument('--port', type=int, default=None)
    parser.add_argument('--demo', action='store_true', help='create a demo session when the database has none')
    args, _unknown = parser.parse_known_args(argv)
    return args


def build(settings: Settings, *, demo: bool = False) -> tuple[FacilitatorService, str]:
    """Wire everything together. Returns the service and the storage secret."""
    set_language(settings.language)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url())
    init_db(engine)
    admin_token, generated = settings.secret('admin_token')
    storage_secret, _new = settings.secret('storage_secret')
    service = FacilitatorService(engine=engine, admin_token=admin_token, public_url=settings.resolved_public_url())
    app.state.facilitator = service  # the app owns the service; tests reach it here
    feed = LiveFeed(service)
    app.on_startup(lambda: feed.start(asyncio.get_running_loop()))
    app.on_startup(lambda: background_tasks.create(sweep_rooms(service), name='sweep rooms'))
    app.on_shutdown(feed.close)
    install_error_handlers(app)
    register_api(app, service, feed)
    install_language(app)  # after register_api: it wraps the API too
    page_language.install()
    register_pages(service, feed, locale=settings.language)
    if generated:
        log.warning('Generated an organizer token and stored it in %s', settings.data_dir / 'admin_token.secret')
    _announce(service, settings, admin_token, demo=demo)
    return service, storage_secret


def _announce(service: FacilitatorService, settings: Settings, admin_token: str, *, demo: bool) -> None:
    from facilitator.demo import ensure_demo_session
    base = settings.resolved_public_url()
    lines = [f'facilitator on {base}', f'  organiser page:  {base}/organize?token={admin_token}']
    if demo:
        lines += ensure_demo_session(service, admin_token)
    print('\n'.join(lines), flush=True)


GC_THRESHOLDS = (100_000, 50, 1_000)


def tune_gc() -> None:
    """Rarer garbage collections. A broadcast to 1000 pages allocates many short-lived objects, and with the default
    thresholds every few broadcasts set off a full collection over every page's elements that stalls the loop for
    one to two seconds (measured with bench/broadcast.py: p95 2.1 s at 1000 pages, 0.4 s with these thresholds).
    Reference counting still frees almost everything at once; cycles wait a little longer."""
    spec = os.environ.get('FACILITATOR_GC', '')
    gc.set_threshold(*(tuple(int(x) for x in spec.split(',')) if spec else GC_THRESHOLDS))


def main() -> None:
    args = parse_cli(sys.argv[1:]) if __name__ == '__main__' and 'pytest' not in sys.modules else None
    tune_gc()
    settings = Settings()
    if args is not None:
        settings.host = args.host or settings.host
        settings.port = args.port or settings.port
    _service, storage_secret = build(settings, demo=bool(args and args.demo))
    ui.run(host=settings.host, port=settings.port, title='facilitator', storage_secret=storage_secret,
           language=settings.language if settings.language != 'en' else 'en-GB', reload=False, show=False,
           favicon='🕒')


if __name__ in {'__main__', '__mp_main__'}:
    main()
