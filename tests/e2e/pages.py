"""What several Chromium tests do on a page: the marks every browser test carries, joining a session through the
form, signing in as staff, and axe-core's audit."""

from importlib.resources import files
from typing import Any

import pytest
from playwright.sync_api import Page

from .conftest import CHROMIUM

BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f'{CHROMIUM} is missing: install Debian chromium to run this'),
]
"""`pytestmark` of a module of Chromium tests."""

AXE = files('axe_playwright_python').joinpath('axe.min.js').read_text()
RULES = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']


def join_session(page: Page, url: str, name: str, *, group: str = 'Civil society', your_name: str = 'Your name',
                 group_label: str = 'Stakeholder group', join_label: str = 'Join') -> None:
    """Open the participant page at `url` and send the join form (the labels default to English)."""
    page.goto(url)
    page.get_by_label(your_name).fill(name)
    page.get_by_label(group_label).click()
    page.get_by_role('option', name=group).click()
    page.get_by_role('button', name=join_label, exact=True).click()


def staff_sign_in(page: Page, url: str, name: str, *, name_label: str = 'Your display name',
                  continue_label: str = 'Continue') -> None:
    """Open a staff link (moderator, rapporteur) and send the display-name form (the labels default to English)."""
    page.goto(url)
    page.get_by_label(name_label).fill(name)
    page.get_by_role('button', name=continue_label, exact=True).click()


def violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page once its animations (a notification fading in) are over:
    rule, impact and the first elements."""
    page.wait_for_function("""() => document.getAnimations().every(
        a => a.playState !== 'running' || a.effect.getComputedTiming().iterations === Infinity)""")
    page.add_script_tag(content=AXE)
    found: list[dict[str, Any]] = page.evaluate(
        """async (rules) => (await axe.run(document, {runOnly: rules})).violations.map(v => (
             {rule: v.id, impact: v.impact, where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""", RULES)
    return found
