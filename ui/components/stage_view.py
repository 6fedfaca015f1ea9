"""The stage screen's live element: the live status's one-prop design, with a layout that fits any projector."""

from ..live_status import LiveStatus
from ..shell import qr_data_uri


class StageView(LiveStatus, component='../static/stage_view.js'):
    """Countdown, speaker, rooms, report-back, spotlight, broadcast, flash, join slide and the end, in one screen."""

    outcome_for: str | None = None
    """the outcome page whose QR code is on show"""

    def show_outcome(self, url: str | None) -> None:
        """The end screen's QR code of the published outcome page (none while it is not published): drawn once per
        publication, not on every change."""
        if url != self.outcome_for:
            self.outcome_for = url
            self._props['outcome_qr'] = qr_data_uri(url) if url else ''
            self.update()


class PresenterScreen(LiveStatus, component='../static/presenter_view.js'):
    """A speaker's own screen: their countdown large, the segment's time, who is next, and private cues."""
