"""nginx from the shipped config, in front of app instances on this machine: for the tests and bench/.

    with local_nginx(['127.0.0.1:8081', '127.0.0.1:8082'], tmp_path / 'nginx') as proxy:
        httpx.get(f'{proxy.base_url}/api/health')
        proxy.upstream_of_route('some-route-id')  # which instance a browser with that route cookie reaches

nginx runs in the foreground (`daemon off`) as a child of ours, on a free 127.0.0.1 port, with everything it writes
under `prefix`.
"""

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from deploy.render import Site, write_config

NGINX = shutil.which('nginx') or '/usr/sbin/nginx'
ROUTE_COOKIE = 'facilitator_route'
START_TIMEOUT_S = 10.0


def nginx_available() -> bool:
    return Path(NGINX).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Proxy:
    """A running nginx: its address and its access log (which names the instance that answered each request)."""

    port: int
    prefix: Path
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        return f'http://127.0.0.1:{self.port}'

    @property
    def access_log(self) -> Path:
        return self.prefix / 'access.log'

    def upstreams_seen(self) -> list[str]:
        """The instance (`host:port`) of every proxied request so far, in order."""
        text = self.access_log.read_text() if self.access_log.exists() else ''
        return re.findall(r'upstream=(\S+)', text)

    def upstream_of_route(self, route: str) -> str:
        """The instance that a browser carrying the route cookie `route` is sent to (asked through nginx)."""
        before = len(self.upstreams_seen())
        httpx.get(f'{self.base_url}/api/health', cookies={ROUTE_COOKIE: route}, timeout=5).raise_for_status()
        deadline = time.monotonic() + 5  # nginx writes the log line after the answer: late on a busy box
        while time.monotonic() < deadline:
            seen = self.upstreams_seen()
            if len(seen) > before:
                return seen[-1]
            time.sleep(0.02)
        raise RuntimeError('nginx logged no upstream for the request')

    def error_log(self) -> str:
        path = self.prefix / 'error.log'
        return path.read_text(errors='replace') if path.exists() else ''


@contextmanager
def local_nginx(upstreams: Sequence[str], prefix: Path, *, port: int | None = None,
                workers: str = '1') -> Iterator[Proxy]:
    """Render the shipped config for `upstreams`, start nginx on 127.0.0.1 and stop it afterwards."""
    port = port or free_port()
    site = Site(listen=f'127.0.0.1:{port}', upstreams=upstreams, access_log='access.log')
    config = write_config(site, prefix, standalone=True, workers=workers)
    process = subprocess.Popen([NGINX, '-c', str(config), '-p', str(prefix), '-g', 'daemon off;'],
                               stdout=subprocess.DEVNULL, stderr=(prefix / 'stderr.log').open('wb'))
    proxy = Proxy(port=port, prefix=prefix, process=process)
    try:
        _wait_listening(proxy)
        yield proxy
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_listening(proxy: Proxy) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proxy.process.poll() is not None:
            stderr = (proxy.prefix / 'stderr.log').read_text(errors='replace')
            raise RuntimeError(f'nginx exited with {proxy.process.returncode}:\n{stderr}{proxy.error_log()}')
        with socket.socket() as sock:
            if sock.connect_ex(('127.0.0.1', proxy.port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f'nginx did not listen on {proxy.port} within {START_TIMEOUT_S} s')
