"""Helpers for the `user` tests: poll with a timeout instead of sleeping, read the live element's view."""

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from facilitator.organizer import IssuedKeys

NAVIGATION = 50
"""`should_see` retries (0.1 s each) after a click that reloads or rebuilds the page in the background."""


async def eventually(check: Callable[[], Any], *, timeout: float = 5.0, what: str = 'condition') -> Any:
    """Poll `check` until it returns a truthy value (returned) or `timeout` seconds pass (AssertionError)."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            last = check()
        except (AssertionError, KeyError, IndexError, StopIteration) as error:
            last = error
        else:
            if last:
                return last
        if time.monotonic() > deadline:
            raise AssertionError(f'{what} not reached within {timeout} s; last value: {last!r}')
        await asyncio.sleep(0.05)


def only(user: User, marker: str) -> ui.element:
    """The single element with this marker on the user's page."""
    elements = user.find(marker=marker).elements
    assert len(elements) == 1, f'expected one element marked {marker!r}, found {len(elements)}'
    return next(iter(elements))


def view(user: User) -> dict[str, Any]:
    """The `view` prop of the page's live-status element: what the browser renders."""
    return json.loads(only(user, 'live-status').props['view'])


def segment_states(user: User) -> list[str]:
    return [segment['state'] for segment in view(user)['segments']]


async def wait_for_view(user: User, *, current: int, states: list[str], status: str = 'live') -> dict[str, Any]:
    """Wait until the user's live element shows segment `current` and these segment states."""

    def matches() -> bool:
        shown = view(user)
        return (shown['current_segment'] == current and shown['status'] == status
                and [s['state'] for s in shown['segments']] == states)

    await eventually(matches, what=f'view with current_segment={current}, status={status}, states={states}')
    return view(user)


def button_labelled(user: User, label: str) -> UserInteraction[ui.button]:
    """The icon button whose aria-label is `label` (icon buttons have no text to find them by)."""
    buttons = {b for b in user.find(kind=ui.button).elements if b.props.get('aria-label') == label}
    assert len(buttons) == 1, f'expected one button labelled {label!r}, found {len(buttons)}'
    return UserInteraction(user, buttons, None)


def path_of(url: str) -> str:
    """Path and query of an absolute link, for `user.open`."""
    parts = urlsplit(url)
    return parts.path + (f'?{parts.query}' if parts.query else '')


async def open_moderator(user: User, issued: IssuedKeys, name: str = 'Maya') -> None:
    """Open the moderator link and give a display name, as a moderator does once."""
    await user.open(path_of(issued.urls['moderator']))
    await user.should_see('What is your name?')
    user.find(marker='staff-name').type(name)
    user.find(marker='staff-name-save').click()
    await user.should_see(f'Signed in as {name}', retries=NAVIGATION)


def send_join_form(user: User, *, name: str, group: str | None, organization: str = '') -> None:
    """Fill in the join form on the open participant page (`group` as shown, in the page's language; None: no
    group chosen) and send it."""
    user.find(marker='join-name').type(name)
    if organization:
        user.find(marker='join-organization').type(organization)
    if group is not None:
        user.find(marker='join-group').click()
        user.find(group).click()
    user.find(marker='join-submit').click()


async def join(user: User, issued: IssuedKeys, *, name: str, group: str, organization: str = '') -> None:
    """Fill in and send the join form on the participant page."""
    await user.open(f'/s/{issued.code}')
    await user.should_see('Join the session')
    send_join_form(user, name=name, group=group, organization=organization)
    await user.should_see(marker='me', retries=NAVIGATION)
