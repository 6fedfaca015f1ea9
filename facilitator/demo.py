"""`make run`'s demo: the 2025 series from the seed, and in it a Session 2 session starting at the next quarter hour,
with its links printed."""

from datetime import timedelta

from facilitator.series_seed import SLUG_2025, create_2025_series
from facilitator.service import FacilitatorService


def ensure_demo_session(service: FacilitatorService, admin_token: str) -> list[str]:
    actor = service.authenticate(None, admin_token)
    if sessions := service.list_sessions(actor):
        latest = sessions[0]['code']
        return [f'  sessions exist already; the latest is {latest}:',
                f'  participant: {service.link(latest)}',
                f'  stage:       {service.link(latest, "stage")}',
                '  staff links are shown once: get new ones on the organiser page ("Regenerate staff links").']
    now = service.clock()
    start = now.replace(second=0, microsecond=0) + timedelta(minutes=15 - now.minute % 15)
    create_2025_series(service, actor)
    issued = service.create_session(actor, template='cop-industry-connect-2025-s2', starts_at=start, series=SLUG_2025)
    return [
        f'  demo session {issued.code}: {issued.title}',
        f'  series page: {service.public_url}/series/{SLUG_2025}',
        f'  participant: {issued.urls["participant"]}',
        f'  moderator:   {issued.urls["moderator"]}',
        f'  rapporteur:  {issued.urls["rapporteur"]}',
        f'  stage:       {issued.urls["stage"]}',
    ]
