"""What a participant is told about their own things: their name (kept current after a rename), the end of the
session and the link to its outcome once published, a notice (a hand lowered, a post hidden with its reason) and
their posts awaiting review.

The page passes its live hub and feed; the component follows the session's status and listens to the changes that
name this participant, so a rename or a notice reaches the page at once, without a reload."""

from nicegui import background_tasks, ui

from facilitator.actors import Actor
from facilitator.feedback import HeldPost
from facilitator.i18n import _
from facilitator.live import LiveFeed
from facilitator.notices import Notice, NoticeKind
from facilitator.people import ParticipantProfile
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState
from facilitator.types import SessionStatus
from facilitator.worker import run

from ..labels import group_options


def notice_text(notice: Notice) -> str:
    if notice.kind == NoticeKind.HAND_LOWERED:
        return _('Your hand was lowered because the segment changed.')
    if notice.kind == NoticeKind.POST_HIDDEN:
        return _('A moderator hid one of your posts. Reason: {reason}').format(reason=notice.detail or '—')
    return _('A moderator changed your display name to {name}.').format(name=notice.detail)


def ended_text() -> str:
    return _('This session has ended. Thank you for taking part: posting, asking, voting and raising hands are '
             'closed now.')


class ParticipantFeedback:
    """The participant's header line, the "session ended" sentence, their notice and their held posts (which
    only they see, marked "awaiting review", until a moderator approves them).

    Only the header line and one empty column exist until there is something to say: every page of a large
    session carries this component, and most never show a notice."""

    def __init__(self, service: FacilitatorService, code: str, actor: Actor, profile: ParticipantProfile,
                 state: SessionState) -> None:
        """Builds the elements only; `create` also reads the notice and held posts (off the event loop)."""
        self.service, self.code, self.actor = service, code, actor
        self.client = ui.context.client
        self.has_held = False
        self.group = group_options()[profile.group.value]
        self.seen_ms = 0
        self.me = ui.label(self._me(profile.name)).classes('text-body2').mark('me')
        self.box = ui.column().classes('w-full gap-1')  # the ended sentence, the notice, the held posts: in order
        self.ended: ui.label | None = None
        self.outcome: ui.link | None = None
        self.notice_row: ui.row | None = None
        self.notice: ui.label | None = None
        self.held: ui.column | None = None
        self.show_status(state)

    @classmethod
    async def create(cls, service: FacilitatorService, code: str, actor: Actor, profile: ParticipantProfile,
                     state: SessionState) -> 'ParticipantFeedback':
        feedback = cls(service, code, actor, profile, state)
        await feedback.refresh(announce=False)
        return feedback

    def _me(self, name: str) -> str:
        return _('You are {name} · {group}').format(name=name, group=self.group)

    def show_status(self, state: SessionState) -> None:
        """Say that the session has ended, and link its outcome once published (the page calls this on each change
        of the shared view)."""
        ended = state.status == SessionStatus.ENDED
        if ended and self.ended is None:
            with self.box:
                self.ended = ui.label(ended_text()).classes('text-body1 text-weight-bold').props('role=status') \
                    .mark('session-ended')
            self.ended.move(target_index=0)
        if self.ended is not None:
            self.ended.set_visibility(ended)
        if state.outcome_url is not None and self.outcome is None:
            with self.box:
                self.outcome = ui.link(_('Read the outcome of the dialogue'), f'/s/{self.code}/outcome') \
                    .classes('text-body1 text-weight-bold').mark('outcome-link')
            self.outcome.move(target_index=0 if self.ended is None else 1)
        if self.outcome is not None:
            self.outcome.set_visibility(state.outcome_url is not None)

    def follow(self, feed: LiveFeed, participant_id: str) -> None:
        """Keep current with the changes that name this participant: notices and renames."""

        def on_personal() -> None:  # on the event loop: read in a worker thread, then draw on this page
            if not self.client.is_deleted:
                background_tasks.create(self.refresh(), name='participant notice')

        self.client.on_delete(feed.listen_personal(self.code, participant_id, on_personal))

    async def refresh(self, *, announce: bool = True) -> None:
        """Read this participant's notice and name again (only their own changes trigger this)."""
        notice = await run(self.service.my_notice, self.actor)
        held = await run(self.service.my_held_posts, self.actor)
        with self.client:
            self._show(notice, held, announce=announce)

    def _show(self, notice: Notice | None, held: list[HeldPost], *, announce: bool) -> None:
        if notice is not None and notice.at_ms > self.seen_ms:
            self.seen_ms = notice.at_ms
            self._notice_label().set_text(notice_text(notice))
            if self.notice_row is not None:
                self.notice_row.set_visibility(True)
            if announce:
                ui.notify(notice_text(notice), type='warning' if notice.kind != NoticeKind.RENAMED else 'info',
                          position='top', multi_line=True)
            if notice.kind == NoticeKind.RENAMED:
                self.me.set_text(self._me(notice.detail))
        self._show_held(held)

    def _notice_label(self) -> ui.label:
        if self.notice is None:
            with self.box:
                with ui.row().classes('items-center gap-2 w-full') as row:
                    self.notice = ui.label('').classes('text-body2').props('role=status').mark('my-notice')
                    ui.button(icon='close', on_click=lambda: row.set_visibility(False)) \
                        .props(f'flat dense round size=sm aria-label="{_("Dismiss")}"')
            row.move(target_index=(self.ended is not None) + (self.outcome is not None))
            self.notice_row = row
        return self.notice

    def _show_held(self, held: list[HeldPost]) -> None:
        if not held and not self.has_held:
            return
        self.has_held = bool(held)
        if self.held is None:
            with self.box:
                self.held = ui.column().classes('w-full gap-1').mark('held-posts')
        self.held.clear()
        with self.held:
            for post in held:
                with ui.row().classes('items-center gap-2'):
                    ui.badge(_('awaiting review'), color='grey-7').mark('awaiting-review')
                    ui.label(post.text).classes('text-body2').props('data-user')
