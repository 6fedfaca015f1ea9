"""Helpers for the API tests.

The real server runs as a subprocess: `python run.py --port N` on a free port, with its own data dir and token.

Every wait is bounded and teardown always ends the process (terminate, then kill), so no test can hang on it.
"""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = 'api-test-organizer-token-0123456789'
TEMPLATE = 'cop-industry-connect-2025-s2'
STARTUP_TIMEOUT_S = 45.0
STOP_TIMEOUT_S = 10.0
# Plain HTTP to localhost only: skip loading the CA bundle, which costs ~0.1 s per client on a small box.
NO_TLS: dict[str, Any] = {'verify': False}


_PRCTL = ctypes.CDLL(None).prctl if sys.platform.startswith('linux') else None  # resolved before any fork


def _die_with_parent() -> None:
    """In the child, before exec: get SIGKILL when the test runner dies, so no server is ever orphaned."""
    if _PRCTL is not None:
        _PRCTL(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(('127.0.0.1', 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One `run.py` process. `start()` waits for /api/health; `stop()` and `kill()` never block for long."""

    data_dir: Path
    port: int = field(default_factory=free_port)
    admin_token: str = ADMIN_TOKEN
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0
    extra_env: dict[str, str] = field(default_factory=dict)
    """More environment for the next start, e.g. a `DATABASE_URL`."""
    degraded_ok: bool = False
    """`start()` also accepts health's 503 `degraded` (a read-only database starts degraded)."""

    @property
    def base_url(self) -> str:
        return f'http://127.0.0.1:{self.port}'

    @property
    def ws_url(self) -> str:
        return f'ws://127.0.0.1:{self.port}'

    @property
    def log_path(self) -> Path:
        return self.data_dir.parent / f'server-{self.port}.log'

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith('FACILITATOR_') and k not in {'DATABASE_URL', 'PYTEST_CURRENT_TEST'}}
        env.update({
            'FACILITATOR_DATA_DIR': str(self.data_dir),
            'FACILITATOR_ADMIN_TOKEN': self.admin_token,
            'PYTHONUNBUFFERED': '1',
        })
        env.update(self.extra_env)
        return env

    def start(self) -> 'Server':
        assert self.process is None or self.process.poll() is not None, 'already running'
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.starts += 1
        with self.log_path.open('ab') as log:
            log.write(f'\n--- start #{self.starts} on port {self.port} ---\n'.encode())
            log.flush()
            self.process = subprocess.Popen(
                [sys.executable, 'run.py', '--host', '127.0.0.1', '--port', str(self.port)],
                cwd=REPO_ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=_die_with_parent)  # noqa: PLW1509 (no dlopen, no locks)
        self._wait_healthy()
        return self

    def _wait_healthy(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        last_error: object = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f'server exited with {self.process.returncode} while starting:\n{self.log()}')
            try:
                response = httpx.get(f'{self.base_url}/api/health', timeout=2.0, **NO_TLS)
                if response.status_code == 200 and response.json() == {'status': 'ok'}:
                    return
                if self.degraded_ok and response.status_code == 503 and response.json() == {'status': 'degraded'}:
                    return
                last_error = f'{response.status_code} {response.text[:200]}'
            except httpx.HTTPError as error:
                last_error = error
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f'server not healthy after {STARTUP_TIMEOUT_S}s ({last_error}):\n{self.log()}')

    def kill(self) -> None:
        """SIGKILL, as a crash would. Used by the restart test and as the last resort of `stop`."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGKILL)
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
            pass

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.kill()

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors='replace')[-4000:]
        except OSError:
            return '(no log)'

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {'Authorization': f'Bearer {token}'} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=10.0, **NO_TLS)


def create_session(client: httpx.Client, template: str = TEMPLATE, **extra: Any) -> dict[str, Any]:
    """POST /api/sessions as the organizer; returns the 201 body."""
    response = client.post('/api/sessions', json={'template': template, **extra},
                           headers={'Authorization': f'Bearer {ADMIN_TOKEN}'})
    assert response.status_code == 201, response.text
    return response.json()


def bearer(secret: str) -> dict[str, str]:
    return {'Authorization': f'Bearer {secret}'}


def control(client: httpx.Client, code: str, key: str, action: str, **extra: Any) -> httpx.Response:
    return client.post(f'/api/sessions/{code}/control', json={'action': action, **extra}, headers=bearer(key))


def ok_control(client: httpx.Client, code: str, key: str, action: str, **extra: Any) -> dict[str, Any]:
    response = control(client, code, key, action, **extra)
    assert response.status_code == 200, f'{action}: {response.status_code} {response.text}'
    return response.json()


def join(client: httpx.Client, code: str, name: str = 'Amina', group: str = 'civil_society',
         **extra: Any) -> httpx.Response:
    return client.post(f'/api/sessions/{code}/participants', json={'name': name, 'group': group, **extra})


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response has `status` and API.md's error body (and, when given, that error code)."""
    assert response.status_code == status, f'expected {status}, got {response.status_code}: {response.text}'
    body = response.json()
    assert set(body) == {'error'}, body
    error = body['error']
    assert isinstance(error, dict), body
    assert set(error) >= {'code', 'message'}, body
    assert isinstance(error['code'], str) and error['code'], body
    assert error['code'] == error['code'].lower() and ' ' not in error['code'], f'not snake_case: {body}'
    assert isinstance(error['message'], str) and error['message'].strip(), body
    if code is not None:
        assert error['code'] == code, body
    return error
