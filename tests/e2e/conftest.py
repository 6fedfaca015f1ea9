"""The real server in a subprocess, for the Chromium tests: own data directory, own token, own port."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.api.helpers import free_port
from tests.factories import ADMIN_TOKEN

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path('/usr/bin/chromium')
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
                 '--disable-extensions', '--disable-component-update', '--no-first-run']
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Server:
    base_url: str
    admin_token: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return '\n'.join(self.log.read_text(errors='replace').splitlines()[-lines:])


@contextmanager
def run_server(tmp_path: Path, **extra_env: str) -> Iterator[Server]:
    """`python run.py` on a free port (with `extra_env` on top); waits (bounded) for /api/health and kills the process
    afterwards."""
    port = free_port()
    base_url = f'http://127.0.0.1:{port}'
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(('FACILITATOR_', 'NICEGUI_', 'PYTEST_')) and key != 'DATABASE_URL'}
    env.update({'FACILITATOR_DATA_DIR': str(tmp_path / 'server-data'), 'FACILITATOR_ADMIN_TOKEN': ADMIN_TOKEN,
                'FACILITATOR_HOST': '127.0.0.1', 'FACILITATOR_PORT': str(port),
                'FACILITATOR_PUBLIC_URL': base_url, 'PYTHONUNBUFFERED': '1', **extra_env})
    log = tmp_path / 'server.log'
    with log.open('wb') as out:
        process = subprocess.Popen([sys.executable, 'run.py'], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    running = Server(base_url=base_url, admin_token=ADMIN_TOKEN, log=log)
    try:
        _wait_healthy(process, running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """The real server, see `run_server`."""
    with run_server(tmp_path) as running:
        yield running


def _wait_healthy(process: subprocess.Popen[bytes], server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f'the server exited with {process.returncode} before it was healthy:\n{server.log_tail()}')
        try:
            if httpx.get(f'{server.base_url}/api/health', timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f'the server was not healthy within {START_TIMEOUT_S} s:\n{server.log_tail()}')


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (its own browser download does not work here)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
