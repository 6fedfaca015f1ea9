"""The presenter view: each speaker's secret page with their own countdown, and the moderator's private cues.

A presenter key is never stored. It is derived (HMAC with the server's secret) from the speaker's id and the session's
current moderator key hash, so:
- the staff snapshot can list every presenter's link;
- regenerating the staff links (`regenerate_keys`) replaces every presenter link at once;
- a key of another session, or of a removed speaker, opens nothing.
"""

import hashlib
import hmac
import uuid
from datetime import datetime

from sqlmodel import Session, select

from db.models import DialogueSession, PresenterCue, Speaker

from .actors import ANONYMOUS, ANYONE, MODERATION, Actor
from .base import ServiceBase
from .errors import Conflict, Unauthorized
from .events import ChangeKind
from .feature_views import PresenterView
from .i18n import _
from .input_rules import Ident
from .inputs import CueInput

CUE_PRESETS = ('1 minute', 'Wrap up please', 'Louder', 'Next slide')
MAC_LENGTH = 32


class PresenterCommands(ServiceBase):
    def cue_speaker(self, actor: Actor, code: str, speaker_id: Ident, message: str, *,
                    expected_version: int | None = None) -> None:
        """Send a short private cue to one speaker's presenter page; it shows there until they acknowledge it."""
        with self._command(actor, code, roles=MODERATION, kind=ChangeKind.SETUP,
                           expected_version=expected_version) as cmd:
            text = CueInput.parse({'message': message}).message
            speaker = self._owned(cmd.db, Speaker, cmd.session, speaker_id, what=_('There is no such speaker.'),
                                  code='speaker_not_found')
            cue = cmd.db.get(PresenterCue, speaker.id) or PresenterCue(speaker_id=speaker.id,
                                                                         session_id=cmd.session.id)
            cue.cue, cue.cue_at, cue.acknowledged_at = text, self.clock(), None
            cmd.db.add(cue)
            cmd.changed()

    def acknowledge_cue(self, code: str, key: str) -> None:
        """The presenter saw the cue: the console shows the acknowledgement. Needs the presenter key."""
        with self._command(ANONYMOUS, code, roles=ANYONE, kind=ChangeKind.SETUP) as cmd:
            speaker = self._presenter(cmd.db, cmd.session, key)
            cue = cmd.db.get(PresenterCue, speaker.id)
            if cue is None or cue.cue is None:
                raise Conflict(_('There is no cue to acknowledge.'), code='no_cue')
            if cue.acknowledged_at is not None:
                cmd.unchanged()
                return
            cue.acknowledged_at = self.clock()
            cmd.db.add(cue)
            cmd.changed()

    def presenter_for_key(self, code: str, key: str) -> tuple[str, str]:
        """(session code, speaker id) of a presenter key; Unauthorized (401) for a wrong or replaced key."""
        with self._read() as db:
            session = self._load(db, code)
            return session.code, str(self._presenter(db, session, key).id)

    def presenter_cue(self, code: str, speaker_id: str) -> PresenterView | None:
        """The presenter's own cue and link (a small read; only presenter pages ask)."""
        with self._read() as db:
            session = self._load(db, code)
            return next((p for p in self.presenter_views(db, session) if p.speaker_id == speaker_id), None)

    def presenter_views(self, db: Session, session: DialogueSession) -> list[PresenterView]:
        """Every speaker's presenter link and latest cue, for the staff snapshot only."""
        cues = {c.speaker_id: c for c in db.exec(select(PresenterCue).where(PresenterCue.session_id == session.id))}
        speakers = db.exec(select(Speaker).where(Speaker.session_id == session.id))
        return [PresenterView(speaker_id=str(s.id),
                              presenter_url=self.link(session.code, 'presenter', key=self._presenter_key(session,
                                                                                                       s.id)),
                              cue=cues[s.id].cue if s.id in cues else None,
                              cue_at_ms=_ms(cues[s.id].cue_at) if s.id in cues else None,
                              acknowledged_at_ms=_ms(cues[s.id].acknowledged_at) if s.id in cues else None)
                for s in speakers]

    def _presenter_key(self, session: DialogueSession, speaker_id: uuid.UUID) -> str:
        mac = hmac.new(self._admin_hash.encode(), f'presenter:{speaker_id}:{session.moderator_key_hash}'.encode(),
                       hashlib.sha256).hexdigest()[:MAC_LENGTH]
        return f'{speaker_id.hex}{mac}'

    def _presenter(self, db: Session, session: DialogueSession, key: str) -> Speaker:
        refused = Unauthorized(_('This presenter link is not valid any more. Ask the moderator for the new one.'),
                               code='presenter_key_invalid')
        if not isinstance(key, str) or len(key) != 32 + MAC_LENGTH:
            raise refused
        try:
            speaker_id = uuid.UUID(hex=key[:32])
        except ValueError:
            raise refused from None
        speaker = db.get(Speaker, speaker_id)
        if speaker is None or speaker.session_id != session.id or not hmac.compare_digest(
                key, self._presenter_key(session, speaker_id)):
            raise refused
        return speaker


def _ms(moment: datetime | None) -> int | None:
    return None if moment is None else round(moment.timestamp() * 1000)
