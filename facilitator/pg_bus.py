"""The PostgreSQL bus: events travel between instances with `NOTIFY`, and every instance `LISTEN`s.

An event is delivered to this instance's own handlers at once (as `LocalEventBus` does) and queued for a sender
thread that sends it with `pg_notify` on a connection of its own; a listener thread `LISTEN`s on another dedicated
connection and hands other instances' events to the same handlers (the snapshot cache, the live feed, presence), which
already take events from any thread. Its own notifications come back too and are dropped by their origin, so an event
arrives once.

A lost connection is reconnected with backoff. The listener may have missed notifications meanwhile, so after every
reconnect it calls the resync hooks (run.py: every session this instance serves is rebuilt from stored state). The
sender keeps what it could not send and sends it after reconnecting.
"""

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from .events import Handler, LocalEventBus, SessionChanged

log = logging.getLogger(__name__)

CHANNEL = 'facilitator_events'
MAX_PAYLOAD = 7000
"""bytes; PostgreSQL refuses a payload of 8000 or more. A longer `people` list is split over several notifications."""
BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 5.0)
PING_S = 5.0
"""how often an idle listener checks its connection (a connection that died quietly fails the check)"""
BATCH = 200
CONNECT_TIMEOUT_S = 5
CLOSE_WAIT_S = 3.0


def backoff(attempt: int) -> float:
    return BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)]


def encode(event: SessionChanged, origin: str) -> list[str]:
    """The event as one or more JSON payloads under `MAX_PAYLOAD` bytes."""
    body: dict[str, Any] = {'o': origin, 'c': event.code, 'v': event.version, 'k': event.kind.value}
    if event.online_here is not None:
        body['n'] = event.online_here
    people = list(event.people)
    payload = json.dumps({**body, 'p': people} if people else body, separators=(',', ':'))
    if len(payload.encode()) <= MAX_PAYLOAD:
        return [payload]
    per = max(1, (MAX_PAYLOAD - 200) // max(len(p) + 3 for p in people))
    return [json.dumps({**body, 'p': people[i:i + per]}, separators=(',', ':')) for i in range(0, len(people), per)]


def decode(payload: str) -> tuple[str, SessionChanged]:
    """(origin, event) from a payload made by `encode`."""
    data = json.loads(payload)
    return str(data['o']), SessionChanged.from_json({
        'code': data['c'], 'version': data['v'], 'kind': data['k'], 'people': data.get('p', ()),
        'online_here': data.get('n'), 'origin': data['o']})


class PgEventBus:
    """An `EventBus` shared by every instance on one PostgreSQL database. `start()` opens its connections."""

    def __init__(self, conninfo: str, *, instance_id: str) -> None:
        self.conninfo = conninfo
        self.instance_id = instance_id
        self.local = LocalEventBus()
        self.reconnects = 0
        """how many times the listener connected again after losing its connection"""
        self.listening = threading.Event()
        self._outbox: queue.Queue[str] = queue.Queue(maxsize=100_000)
        self._stop = threading.Event()
        self._resync: list[Callable[[], None]] = []
        self._threads: list[threading.Thread] = []

    def name(self, role: str) -> str:
        """The connection's `application_name` (visible in `pg_stat_activity`)."""
        return f'facilitator-bus-{role}-{self.instance_id}'

    def publish(self, event: SessionChanged) -> None:
        self.local.publish(event)
        for payload in encode(event, self.instance_id):
            try:
                self._outbox.put_nowait(payload)
            except queue.Full:  # the database has been away for long: the others resync when it is back
                log.warning('event outbox full; dropped an event for %s', event.code)

    def subscribe(self, handler: Handler) -> Callable[[], None]:
        return self.local.subscribe(handler)

    def on_resync(self, hook: Callable[[], None]) -> None:
        """Call `hook()` (in the listener's thread) after every reconnect: notifications may have been missed."""
        self._resync.append(hook)

    def start(self) -> None:
        for target, name in ((self._listen, 'pg-bus-listen'), (self._send, 'pg-bus-send')):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        """Stop both threads (waits at most `CLOSE_WAIT_S` for each). No argument: NiceGUI calls shutdown handlers
        that take one with the app."""
        self._stop.set()
        for thread in self._threads:
            thread.join(CLOSE_WAIT_S)

    # the listener ------------------------------------------------------------------------------------------------

    def _listen(self) -> None:
        import psycopg
        attempt, connected_before = 0, False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                     application_name=self.name('listen')) as connection:
                    connection.execute(f'LISTEN {CHANNEL}')
                    self.listening.set()
                    attempt = 0
                    if connected_before:
                        self.reconnects += 1
                        log.warning('event bus: listening again after a lost connection; resynchronising')
                        self._run_resync()
                    connected_before = True
                    for payload in self._notifications(connection):
                        self._receive(payload)
            except Exception as error:  # psycopg.Error mostly; nothing may end the listener
                self.listening.clear()
                log.warning('event bus: listener connection lost (%s); reconnecting', error)
                self._stop.wait(backoff(attempt))
                attempt += 1
        self.listening.clear()

    def _notifications(self, connection: Any) -> Iterator[str]:
        pinged = time.monotonic()
        while not self._stop.is_set():
            for notify in connection.notifies(timeout=1.0):
                yield notify.payload
                if self._stop.is_set():
                    return
            if time.monotonic() - pinged >= PING_S:
                connection.execute('SELECT 1')
                pinged = time.monotonic()

    def _receive(self, payload: str) -> None:
        try:
            origin, event = decode(payload)
        except (ValueError, KeyError, TypeError):
            log.warning('event bus: ignored a malformed notification: %.200s', payload)
            return
        if origin != self.instance_id:  # our own came back: its handlers ran when it was published
            self.local.publish(event)

    def _run_resync(self) -> None:
        for hook in list(self._resync):
            try:
                hook()
            except Exception:
                log.exception('event bus: resync failed')

    # the sender --------------------------------------------------------------------------------------------------

    def _send(self) -> None:
        import psycopg
        connection: Any = None
        batch: list[str] = []
        attempt = 0
        while not (self._stop.is_set() and self._outbox.empty() and not batch):
            if not batch:
                try:
                    batch.append(self._outbox.get(timeout=0.5))
                except queue.Empty:
                    continue
                while len(batch) < BATCH:
                    try:
                        batch.append(self._outbox.get_nowait())
                    except queue.Empty:
                        break
            try:
                if connection is None or connection.closed:
                    connection = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                                 application_name=self.name('send'))
                with connection.cursor() as cursor:
                    cursor.executemany('SELECT pg_notify(%s, %s)', [(CHANNEL, p) for p in batch])
                batch, attempt = [], 0
            except Exception as error:  # psycopg.Error mostly; nothing may end the sender
                log.warning('event bus: could not send %d events (%s); retrying', len(batch), error)
                if connection is not None:
                    connection.close()
                connection = None
                if self._stop.wait(backoff(attempt)):
                    break
                attempt += 1
        if connection is not None:
            connection.close()

