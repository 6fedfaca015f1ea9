"""A sample session for the print-quality report tests: the rich session of test_report, plus rapporteur notes
written in Markdown, a rename and a removal with their reasons, and a poll with answers."""

import re
import shutil
import subprocess
from pathlib import Path

from facilitator.labels import (
    GROUP_NAMES,
    HAND_NAMES,
    KIND_NAMES,
    MODERATION_ACTION_NAMES,
    ROLE_NAMES,
    SEGMENT_KIND_NAMES,
    SEGMENT_STATE_NAMES,
    TAG_NAMES,
)
from tests.factories import World

from .test_report import Rich, rich_session

NOTES = """## Key point
**Key point:** platforms must *design* for children first.

- Age checks that respect privacy
- Helplines in every app

See [the toolkit](https://www.itu.int/cop) for details.
"""
CODES = sorted({code for table in (GROUP_NAMES, HAND_NAMES, KIND_NAMES, MODERATION_ACTION_NAMES, ROLE_NAMES,
                                   SEGMENT_KIND_NAMES, SEGMENT_STATE_NAMES, TAG_NAMES) for code in table
                if '_' in code} | {'smaller_groups'})
SNAKE_CASE = re.compile(r'\b[a-z]+_[a-z_]+\b')


def sample_session(world: World) -> Rich:
    return rich_session(world, _more)


def _more(rich: Rich) -> None:
    service, code = rich.world.service, rich.code
    service.save_note(rich.rita, code, scope=f'room:{rich.rooms[1]}', text=NOTES)
    service.moderate_participant(rich.moderator, code, rich.people['Bruno Keller'].participant_id, 'rename',
                                 name='Bruno K.', reason='Full name on request')
    service.moderate_participant(rich.moderator, code, rich.people['Ezra Quietwood'].participant_id, 'remove',
                                 reason='Spam account')
    poll = service.add_poll(rich.moderator, code, question='Most pressing risk?',
                            options=['Grooming', 'Scams', 'Bullying'])
    service.open_poll(rich.moderator, code, poll)
    for name, choice in (('Amina Okafor', 0), ('Kofi Mensah', 0), ('陈伟', 1)):
        service.answer_poll(rich.people[name], code, poll, choices=[choice])
    service.close_poll(rich.moderator, code, poll)


def pdf_text(path: Path, *, layout: bool = False) -> str:
    args = ['pdftotext', '-enc', 'UTF-8', *(['-layout'] if layout else []), str(path), '-']
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout


def pdf_fonts(path: Path) -> str:
    return subprocess.run(['pdffonts', str(path)], check=True, capture_output=True, text=True, timeout=60).stdout


def soffice_to_pdf(docx: Path, out: Path) -> Path:
    """Word to PDF with LibreOffice, in a profile of its own (parallel runs would fight over the default one)."""
    soffice = shutil.which('soffice')
    assert soffice is not None
    profile = out / 'lo-profile'
    subprocess.run([soffice, f'-env:UserInstallation=file://{profile}', '--headless', '--convert-to', 'pdf',
                    '--outdir', str(out), str(docx)], check=True, capture_output=True, timeout=240)
    return out / (docx.stem + '.pdf')
