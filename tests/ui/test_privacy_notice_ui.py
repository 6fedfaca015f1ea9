"""The join page's privacy notice states the retention the server is configured with."""

import pytest
from nicegui.testing import User

from facilitator.organizer import IssuedKeys


@pytest.fixture
def thirty_days(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set before the `user` fixture starts run.py, so the settings read it."""
    monkeypatch.setenv('FACILITATOR_RETENTION_DAYS', '30')


async def test_the_privacy_notice_states_the_configured_retention_days(thirty_days: None, user: User,
                                                                      issued: IssuedKeys) -> None:
    await user.open(f'/s/{issued.code}')
    user.find('Privacy: what we store').click()
    await user.should_see('30 days after the session at the latest')
    await user.should_not_see('90 days')
