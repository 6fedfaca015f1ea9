"""Fixtures for the NiceGUI `user` tests: the service that run.py built, and a fresh session."""

import pytest
from nicegui import app
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import ADMIN_TOKEN, TEMPLATE


@pytest.fixture
def service(user: User) -> FacilitatorService:
    """The service run.py stored on the app (the `user` fixture has just run run.py)."""
    return app.state.facilitator


@pytest.fixture
def issued(service: FacilitatorService) -> IssuedKeys:
    """A session from the default template, with its moderator and rapporteur keys."""
    return service.create_session(service.authenticate(None, ADMIN_TOKEN), template=TEMPLATE)

