"""Render the shipped nginx config for given addresses: production, the tests and bench/ use the same file.

    python -m deploy.render --listen 443 --server-name dialogue.example.org \\
        --upstream 127.0.0.1:8081 --upstream 127.0.0.1:8082 --out /etc/nginx/conf.d
    python -m deploy.render --standalone --listen 127.0.0.1:8080 --upstream ... --out /tmp/proxy
    nginx -c /tmp/proxy/nginx.conf -p /tmp/proxy

Only `${FACILITATOR_...}` placeholders are replaced (as `envsubst` with a list of names would); nginx's own
`$variables` stay as they are. A placeholder left without a value is an error, never an empty string.
"""

import argparse
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

NGINX_DIR = Path(__file__).resolve().parent / 'nginx'
SITE_TEMPLATE = NGINX_DIR / 'facilitator.conf'
STANDALONE_TEMPLATE = NGINX_DIR / 'standalone.conf'
PLACEHOLDER = re.compile(r'\$\{(FACILITATOR_[A-Z_]+)\}')


class RenderError(ValueError):
    """A template names a placeholder that was given no value."""


def substitute(template: str, values: Mapping[str, str]) -> str:
    """Replace every `${FACILITATOR_...}` in `template` by its value in `values`."""
    missing = sorted({name for name in PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise RenderError(f'no value for {", ".join(missing)}')
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


@dataclass(frozen=True)
class Site:
    """Where nginx listens and which app instances it proxies to."""

    listen: str
    upstreams: Sequence[str]
    server_name: str = '_'
    access_log: str = '/var/log/nginx/facilitator.access.log'

    def values(self) -> dict[str, str]:
        if not self.upstreams:
            raise RenderError('at least one upstream instance is needed')
        servers = '\n    '.join(f'server {address} max_fails=1 fail_timeout=5s;' for address in self.upstreams)
        return {'FACILITATOR_LISTEN': self.listen, 'FACILITATOR_SERVER_NAME': self.server_name,
                'FACILITATOR_UPSTREAM_SERVERS': servers, 'FACILITATOR_ACCESS_LOG': self.access_log}


def render_site(site: Site) -> str:
    """The site config (`facilitator.conf`), to be included in nginx's `http` block."""
    return substitute(SITE_TEMPLATE.read_text(), site.values())


def write_config(site: Site, out_dir: Path, *, standalone: bool = False, workers: str = 'auto') -> Path:
    """Write `facilitator.conf` into `out_dir`, and with `standalone` also `nginx.conf` and the temp directories
    nginx needs under its prefix. Returns the file to start nginx with (`nginx.conf`, or the site config)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    site_path = out_dir / 'facilitator.conf'
    site_path.write_text(render_site(site))
    if not standalone:
        return site_path
    (out_dir / 'tmp').mkdir(exist_ok=True)
    main_path = out_dir / 'nginx.conf'
    main_path.write_text(substitute(STANDALONE_TEMPLATE.read_text(), {'FACILITATOR_NGINX_WORKERS': workers}))
    return main_path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description='Render the nginx config for facilitator instances.')
    parser.add_argument('--listen', required=True, help="nginx's listen directive, e.g. 443 or 127.0.0.1:8080")
    parser.add_argument('--upstream', action='append', required=True, help='an app instance, host:port (repeat)')
    parser.add_argument('--server-name', default='_')
    parser.add_argument('--access-log', default=Site.access_log)
    parser.add_argument('--standalone', action='store_true', help='also write a whole nginx.conf around the site')
    parser.add_argument('--workers', default='auto', help='worker_processes of the standalone nginx.conf')
    parser.add_argument('--out', type=Path, required=True, help='directory to write into')
    args = parser.parse_args(argv)
    site = Site(listen=args.listen, upstreams=args.upstream, server_name=args.server_name,
                access_log=args.access_log)
    print(write_config(site, args.out, standalone=args.standalone, workers=args.workers))


if __name__ == '__main__':
    main()
