"""The console's right-hand side: the speaker queue first, then rooms, questions, polls, agenda, session and people."""

from typing import Any

from nicegui import ui

from facilitator.actors import Actor
from facilitator.i18n import _
from facilitator.service import FacilitatorService
from facilitator.snapshot import SessionState, StaffSessionState

from ..live_status import LiveStatus, SharedView
from .export_panel import export_panel
from .hidden_posts import HiddenPostsPanel
from .outcome_panel import OutcomePanel
from .poll_panel import PollPanel
from .post_list import install_post_labels
from .presenter_cues import PresenterCues
from .restore_bar import RestoreBar
from .rooms_overview import RoomsOverview
from .session_controls import SessionControls
from .speaker_panel import SpeakerPanel
from .speaking_time import SpeakingTime
from .staff_board import PeoplePanel, StaffBoard
from .stage_cue import stage_cue


class ConsoleDetail:
    """Detail in tabs; each panel scrolls on its own, so the console's "now" column never moves."""

    def __init__(self, service: FacilitatorService, actor: Actor, code: str, view: dict[str, Any],
                 state: SessionState, staff: StaffSessionState, *, locale: str, speaker_keys: ui.element,
                 restore: RestoreBar | None = None) -> None:
        """`restore` is the console's Restore bar (by the transport keys), for presenters removed or skipped."""
        with ui.tabs().classes('w-full').props('align=left no-caps dense') as tabs:
            speakers_tab = ui.tab(_('Speakers')).mark('tab-speakers')
            rooms_tab = ui.tab(_('Rooms')).mark('tab-rooms')
            questions_tab = ui.tab(_('Questions')).mark('tab-questions')
            polls_tab = ui.tab(_('Polls')).mark('tab-polls')
            agenda_tab = ui.tab(_('Agenda')).mark('tab-agenda')
            session_tab = ui.tab(_('Session & people')).mark('tab-session')
        with ui.tab_panels(tabs, value=speakers_tab).classes('w-full console-panels'):
            with ui.tab_panel(speakers_tab).classes('px-0 py-1'):
                self.speakers = SpeakerPanel(service, actor, code, staff, keys=speaker_keys, restore=restore)
                with ui.card().classes('w-full'):
                    ui.label(_('Speaking time by group')).classes('text-h6').props('role=heading aria-level=2')
                    self.speaking = SpeakingTime(staff).mark('speaking-time')
                self.cues = PresenterCues(service, actor, code, staff)
            with ui.tab_panel(rooms_tab).classes('px-0 py-1'):
                self.rooms = RoomsOverview(service, actor, code, staff)
            with ui.tab_panel(questions_tab).classes('px-0 py-1'):
                install_post_labels()
                self.questions = StaffBoard(service, actor, code, 'questions', staff)
                self.hidden = HiddenPostsPanel(service, actor, code)
            with ui.tab_panel(polls_tab).classes('px-0 py-1'):
                self.polls = PollPanel(service, actor, code, staff)
            with ui.tab_panel(agenda_tab).classes('px-0 py-1'):
                self.agenda = LiveStatus(view, mode='moderator', part='agenda', locale=locale).mark('agenda')
            with ui.tab_panel(session_tab).classes('px-0 py-1'):
                self.session = SessionControls(service, actor, code, state)
                stage_cue(service, actor, code)
                export_panel(service, actor, code)
                self.outcome = OutcomePanel(service, actor, code, state)
                self.people = PeoplePanel(service, actor, code, staff)

    def show(self, view: SharedView, state: SessionState, staff: StaffSessionState) -> None:
        self.agenda.show(view)
        self.session.show(state)
        self.outcome.show(state)
        self.speakers.show(staff)
        self.speaking.show(staff)
        self.cues.show(staff)
        self.rooms.show(staff)
        self.questions.show(staff)
        self.hidden.show()
        self.polls.show(staff)
        self.people.show(staff)
