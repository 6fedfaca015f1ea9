"""What the pages receive from the composition root."""

from dataclasses import dataclass

from facilitator.service import FacilitatorService

from .input_hub import InputHub
from .live_status import LiveHub
from .solution_hub import SolutionHub


@dataclass(frozen=True)
class UiContext:
    service: FacilitatorService
    hub: LiveHub
    inputs: InputHub
    solutions: SolutionHub
    locale: str = 'en-GB'
