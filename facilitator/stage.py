"""Stage cues: a full-screen message on the stage screen (`flash`), and taking it down again."""

from db.models import DialogueSession

from . import validation as check
from .actors import Actor
from .base import ServiceBase, Tx
from .events import ChangeKind
from .i18n import _

MAX_FLASH_LENGTH = 140


class StageCommands(ServiceBase):
    def flash(self, actor: Actor, code: str, message: object, *, expected_version: int | None = None) -> None:
        """Show `message` full-screen on the stage, over everything else, until `clear_flash`."""
        text = check.text(message, field=_('The message'), max_length=MAX_FLASH_LENGTH)
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            session.flash_message = text
            tx.changed(session, ChangeKind.AGENDA)

    def clear_flash(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Take the full-screen message off the stage."""
        with self._tx() as tx:
            session = self._moderate(tx, actor, code, expected_version)
            session.flash_message = None
            tx.changed(session, ChangeKind.AGENDA)

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        """A reset after a rehearsal takes the full-screen message down too."""
        super()._on_reset(tx, session, clear_input=clear_input)
        session.flash_message = None
