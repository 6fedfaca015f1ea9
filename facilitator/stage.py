"""Stage cues: a full-screen message on the stage screen (`flash`), and taking it down again."""

from db.models import DialogueSession

from .actors import MODERATION, Actor
from .base import ServiceBase, Tx
from .events import ChangeKind
from .inputs import FlashInput


class StageCommands(ServiceBase):
    def flash(self, actor: Actor, code: str, message: str, *, expected_version: int | None = None) -> None:
        """Show `message` full-screen on the stage, over everything else, until `clear_flash`."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.flash_message = FlashInput.parse({'message': message}).message
            cmd.changed()

    def clear_flash(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Take the full-screen message off the stage."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            cmd.session.flash_message = None
            cmd.changed()

    def _on_reset(self, tx: Tx, session: DialogueSession, *, clear_input: bool) -> None:
        """A reset after a rehearsal takes the full-screen message down too."""
        super()._on_reset(tx, session, clear_input=clear_input)
        session.flash_message = None
