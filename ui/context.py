"""What the pages receive from the composition root."""

from dataclasses import dataclass

from facilitator.service import FacilitatorService

from .live_status import LiveHub


@dataclass(frozen=True)
class UiContext:
    service: FacilitatorService
    hub: LiveHub
    locale: str = 'en-GB'
