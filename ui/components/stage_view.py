"""The stage screen's live element: the live status's one-prop design, with a layout that fits any projector."""

from ..live_status import LiveStatus


class StageView(LiveStatus, component='../static/stage_view.js'):
    """Countdown, speaker, rooms, report-back, spotlight, broadcast, flash, join slide and the end, in one screen."""


class PresenterScreen(LiveStatus, component='../static/presenter_view.js'):
    """A speaker's own screen: their countdown large, the segment's time, who is next, and private cues."""
