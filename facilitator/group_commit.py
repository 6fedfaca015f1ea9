"""Group commit: participants' input to one session (votes, poll answers) committed in one transaction per group.

In a vote storm each vote paid a whole transaction of its own: a connection, `BEGIN`, the session row, a version,
the commit and an event. On SQLite the writes take turns anyway, and in a busy process each write waited for the
event loop between its statements, so a hundred votes a second queued for the lock. Now the first thread to arrive
for a session leads: it takes every request that waits for that session, runs them in one transaction (a refused
one leaves nothing behind and does not stop the others: facilitator/base.py), and commits once. Requests
that came meanwhile wait; when the group is done, the oldest of them leads the next group. So a request waits at
most for the group in flight, and a quiet session commits each request at once, alone.

No database here: `run` (the service's) does the transaction. Thread-safe.
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .actors import Actor
from .pipeline import Command, StateRule

T = TypeVar('T')


@dataclass(eq=False)
class Pending(Generic[T]):
    """One request in a group: who asks, the command's body, and (once the group committed) its outcome."""

    actor: Actor
    body: Callable[[Command], T]
    rules: Sequence[StateRule] = ()
    loader: 'Loader | None' = None
    """loads, for the whole group at once, what the bodies that name it read (`needs`); the body finds it in
    `cmd.loaded`. A group of 40 votes thus reads its posts and counts in two statements, not 80."""
    needs: Any = None
    """what this request's body reads, e.g. a post id"""
    result: T | None = None
    error: BaseException | None = None
    lead: bool = False
    """this request's thread runs the next group"""
    done: bool = False
    wake: threading.Event = field(default_factory=threading.Event)

    def outcome(self) -> T:
        """The body's result, or its error raised again (in the requester's thread)."""
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]  # the body ran and returned it


Loader = Callable[[Any, Any, list[Any]], Any]
"""(the database session, the dialogue session, every `needs` of the group's requests that name this loader) → what
their bodies read"""

Runner = Callable[[str, list[Pending[Any]]], None]
"""(session code, the group) → runs every body in one transaction and sets each `result` or `error`; raises when the
transaction as a whole failed (then every request of the group gets that error)"""


class GroupCommit:
    """Queues per session; one group per session in flight at a time (in this process)."""

    def __init__(self, run: Runner) -> None:
        self._run = run
        self._lock = threading.Lock()
        self._waiting: dict[str, list[Pending[Any]]] = {}
        self._leading: set[str] = set()
        self.groups = 0
        """groups committed so far (tests and benchmarks read it)"""

    def submit(self, code: str, pending: Pending[T]) -> T:
        """Run `pending` with whatever else waits for session `code`; blocks until its group has committed."""
        with self._lock:
            self._waiting.setdefault(code, []).append(pending)
            if code not in self._leading:
                self._leading.add(code)
                pending.lead = True
        while not pending.done:
            if pending.lead:
                self._lead(code)
            else:
                pending.wake.wait()
                pending.wake.clear()
        return pending.outcome()

    def _lead(self, code: str) -> None:
        with self._lock:
            group = self._waiting.pop(code, [])
        try:
            self._run(code, group)
        except BaseException as error:  # the transaction failed as a whole: nobody's change was stored
            for pending in group:
                pending.result, pending.error = None, error
        finally:
            with self._lock:
                self.groups += 1
                for pending in group:
                    pending.done, pending.lead = True, False
                    pending.wake.set()
                following = self._waiting.get(code)
                if following:  # the oldest waiting request leads the next group
                    following[0].lead = True
                    following[0].wake.set()
                else:
                    self._leading.discard(code)
                    self._waiting.pop(code, None)
