"""Privacy commands: delete a session with all its personal data, and purge sessions past the retention period."""

import logging
from datetime import timedelta

from db import erase

from .actors import ORGANIZER, Actor
from .base import ServiceBase
from .events import ChangeKind

log = logging.getLogger(__name__)


class PrivacyCommands(ServiceBase):
    def delete_session(self, actor: Actor, code: str) -> None:
        """Delete a session and every row that holds personal data of it (participants, posts, questions, votes,
        notes, the moderation log, help calls, staff grants). Afterwards the code is unknown everywhere and its
        tokens and keys no longer work. Organiser only."""
        with self._command(actor, code, roles=ORGANIZER, kind=ChangeKind.SETUP) as cmd:
            self._on_delete(cmd.db, cmd.session)
            cmd.changed()  # the event tells every open page and feed; the row it bumps is erased next
            cmd.db.flush()
            erase.delete_session_rows(db=cmd.db, session_id=cmd.session.id)
            cmd.db.expunge(cmd.session)
        self.tokens.forget_session(cmd.session.code)

    def purge_expired(self, *, retention_days: int) -> list[str]:
        """Delete every session whose scheduled end lies more than `retention_days` in the past, ended or not.
        Returns their codes. Run by `facilitator.retention` on a timer; blocking, so off the event loop."""
        cutoff = self.clock() - timedelta(days=retention_days)
        with self._read() as db:
            expired = [code for code, ends_at in erase.scheduled_ends(db=db) if ends_at < cutoff]
        for code in expired:
            self._erase(code)
            log.info('purged session %s: its scheduled end is more than %d days ago', code, retention_days)
        return expired

    def _erase(self, code: str) -> None:
        """The retention purge's erase: a job of the server, not a command of an actor."""
        with self._tx() as tx:
            session = self._load(tx.db, code, for_update=True)
            tx.changed(session, ChangeKind.SETUP)  # the event tells every open page and feed; the row goes next
            tx.db.flush()
            erase.delete_session_rows(db=tx.db, session_id=session.id)
            tx.db.expunge(session)
        self.tokens.forget_session(session.code)
