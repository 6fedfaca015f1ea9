"""Helpers for the screen-fit tests: long content, state driven through the API, fit checks and screenshots.

Screenshots go to $FACILITATOR_SCREENSHOTS when it is set, else to a temporary folder; never into the repository.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page

from tests.factories import TEMPLATE

from .conftest import Server

TIMEOUT_MS = 10_000
PHONE, LAPTOP, FULL_HD = (360, 740), (1366, 768), (1920, 1080)
STAGE_SIZES = ((1280, 720), (1366, 768), (1920, 1080), (3840, 2160))
LONG_TITLE = ('COP Industry Connect: protecting children online across platforms, devices, games and the '
              'generative AI services that are reshaping childhood everywhere')
LONG_NAME = 'Dr. Maria-Fernanda Alexandrova-Papadopoulou'
LONG_ORG = 'International Association of Child Online Safety Researchers and Practitioners'
LONG_TALK = 'Age assurance at scale: what eighteen months of deployment across four continents taught us'
LONG_QUESTION = ('How will the industry make sure that age-assurance systems do not exclude children without '
                 'identity documents, in particular refugees, children in care and those in rural areas, and who '
                 'audits these classifiers independently, publishes the error rates by group and answers for the '
                 'harm when they get it wrong, as they inevitably will at the scale of billions of accounts?')
LONG_BROADCAST = ("Please come back to the main room in two minutes: the rapporteurs will present each room's top "
                  'three ideas, and then we vote on the actionable solutions together before we close for today.')
LONG_FLASH = 'Five minutes left: please wrap up your final point, thank you very much, everyone!'
LONG_POST = ('Independent audits of the safety claims that platforms make, published every year with the raw error '
             'rates by age group, language and region, and a regulator that can test the systems on its own.')


@pytest.fixture
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where this run's screenshots go (outside the repository)."""
    folder = os.environ.get('FACILITATOR_SCREENSHOTS')
    path = Path(folder) if folder else tmp_path_factory.mktemp('screenshots')
    path.mkdir(parents=True, exist_ok=True)
    return path


def shoot(page: Page, folder: Path, name: str) -> Path:
    size = page.viewport_size or {'width': 0, 'height': 0}
    path = folder / f'{name}-{size["width"]}x{size["height"]}.png'
    page.screenshot(path=str(path))
    return path


@dataclass
class Session:
    """One session driven through the HTTP API, as a moderator's stream deck would."""

    server: Server
    code: str
    key: str
    urls: dict[str, str]

    @classmethod
    def create(cls, server: Server, **body: Any) -> 'Session':
        issued = call(server, 'POST', '/api/sessions', server.admin_token, template=TEMPLATE, **body)
        return cls(server=server, code=issued['code'], key=issued['moderator_key'], urls=issued['urls'])

    def control(self, action: str, **body: Any) -> dict[str, Any]:
        return call(self.server, 'POST', f'/api/sessions/{self.code}/control', self.key, action=action, **body)

    def post(self, path: str, secret: str | None = None, **body: Any) -> dict[str, Any]:
        return call(self.server, 'POST', f'/api/sessions/{self.code}{path}', secret or self.key, **body)

    def state(self) -> dict[str, Any]:
        return call(self.server, 'GET', f'/api/sessions/{self.code}/state', '')

    def join(self, name: str, group: str = 'civil_society') -> str:
        """A participant through the API; returns their token."""
        return str(self.post('/participants', '', name=name, group=group)['token'])


def call(server: Server, method: str, path: str, key: str, **body: Any) -> dict[str, Any]:
    response = httpx.request(method, f'{server.base_url}{path}', json=body or None, timeout=10,
                             headers={'Authorization': f'Bearer {key}'} if key else {})
    assert response.is_success, f'{method} {path}: {response.status_code} {response.text}'
    return dict(response.json())


def settle(page: Page) -> None:
    """Two animation frames: the layout of a resize or a Vue update is done."""
    page.evaluate('() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))')


FIT_JS = """(selectors) => {
  const doc = document.scrollingElement || document.documentElement;
  const out = {scrollHeight: doc.scrollHeight, scrollWidth: doc.scrollWidth,
               innerHeight: window.innerHeight, innerWidth: window.innerWidth, outside: []};
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.top < -0.5 || r.left < -0.5 || r.bottom > innerHeight + 0.5 || r.right > innerWidth + 0.5) {
        out.outside.push(selector + ' ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
      }
    }
  }
  return out;
}"""


def misfits(page: Page, selectors: list[str], frames: int = 20) -> list[str]:
    """What does not fit: a page that scrolls, or an element (by selector) whose box leaves the viewport. A resize
    takes the page (Quasar's layout observers) a few frames; wait up to `frames` of them for it to fit."""
    found = page.evaluate(FIT_JS, selectors)
    for _ in range(frames):
        if not found['outside'] and found['scrollHeight'] <= found['innerHeight'] \
                and found['scrollWidth'] <= found['innerWidth']:
            break
        settle(page)
        found = page.evaluate(FIT_JS, selectors)
    size = f'{found["innerWidth"]}x{found["innerHeight"]}'
    problems = [f'{size}: {item} is outside the viewport' for item in found['outside']]
    if found['scrollHeight'] > found['innerHeight']:
        problems.append(f'{size}: scrollHeight {found["scrollHeight"]} > innerHeight')
    if found['scrollWidth'] > found['innerWidth']:
        problems.append(f'{size}: scrollWidth {found["scrollWidth"]} > innerWidth')
    return problems


def in_viewport(page: Page, selector: str) -> bool:
    """The first visible element matching `selector` lies wholly inside the viewport."""
    return bool(page.evaluate("""(selector) => {
      const el = [...document.querySelectorAll(selector)].find(e => e.getClientRects().length);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth && r.height > 0;
    }""", selector))


def box_in_view(page: Page, locator: Locator) -> bool:
    """The (first) element is visible and wholly inside the viewport."""
    box = locator.first.bounding_box()
    size = page.viewport_size
    if box is None or size is None:
        return False
    return box['x'] >= 0 and box['y'] >= 0 and box['x'] + box['width'] <= size['width'] \
        and box['y'] + box['height'] <= size['height']


def visible_text(page: Page) -> str:
    """The text a person sees: rendered text plus visible attributes that are read out or shown on hover."""
    return str(page.evaluate("""() => {
      const parts = [document.body.innerText];
      for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], img[alt]')) {
        if (!el.getClientRects().length) continue;
        for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
          if (el.getAttribute(name)) parts.push(el.getAttribute(name));
        }
      }
      return parts.join('\\n');
    }"""))


def words(text: str) -> Iterator[str]:
    yield from re.findall(r'[A-Za-z_]+', text)
