"""The rapporteur workspace: notes autosave under the rapporteur's name, survive a restart, and reach the report."""

import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from docx import Document
from nicegui import ui
from nicegui.testing import User

from facilitator.organizer import IssuedKeys
from facilitator.service import FacilitatorService
from tests.factories import json_state, make_world

from .support import NAVIGATION, eventually, only, path_of

NOTES = 'Opening: **three** risks — مرحبا 你好 🙂'


async def open_rapporteur(user: User, issued: IssuedKeys, name: str) -> None:
    """Open the rapporteur link (?key=) and give a display name, as a rapporteur does once per browser."""
    await user.open(path_of(issued.urls['rapporteur']))
    await user.should_see('What is your name?')
    user.find(marker='staff-name').type(name)
    user.find(marker='staff-name-save').click()
    await user.should_see(f'Signed in as {name}')


def segment_scope(service: FacilitatorService, issued: IssuedKeys, index: int = 0) -> str:
    return f'segment:{json_state(service, issued.code)["segments"][index]["id"]}'


def stored_notes(data_dir: Path, issued: IssuedKeys, name: str) -> dict[tuple[str, str], tuple[str, int]]:
    """The notes as a *new* service on the app's database file reads them, as after a restart."""
    fresh = make_world(data_dir)
    try:
        return fresh.service.my_notes(replace(fresh.rapporteur(issued), name=name), issued.code)
    finally:
        fresh.service.engine.dispose()


def editor(user: User, kind: str, scope: str) -> ui.textarea:
    element = only(user, f'note-{kind}-{scope}')
    assert isinstance(element, ui.textarea)
    return element


async def test_notes_saved_on_blur_survive_a_restart(create_user: Callable[[], User], issued: IssuedKeys,
                                                     service: FacilitatorService, app_environment: Path) -> None:
    rita = create_user()
    await open_rapporteur(rita, issued, 'Rita')
    scope = segment_scope(service, issued)
    rita.find(marker=f'note-notes-{scope}').type(NOTES).trigger('blur')
    await rita.should_see('Saved', retries=NAVIGATION)
    assert stored_notes(app_environment, issued, 'Rita') == {(scope, 'notes'): (NOTES, 1)}

    after_restart = create_user()  # a new browser: it proves the key again and gives the name again
    await open_rapporteur(after_restart, issued, 'Rita')
    assert editor(after_restart, 'notes', scope).value == NOTES
    assert editor(after_restart, 'notes', segment_scope(service, issued, 1)).value == ''
    await after_restart.should_see('Saved')


async def test_typing_autosaves_after_the_debounce(create_user: Callable[[], User], issued: IssuedKeys,
                                                   service: FacilitatorService, app_environment: Path) -> None:
    rita = create_user()
    await open_rapporteur(rita, issued, 'Rita')
    room = json_state(service, issued.code)['rooms'][0]['id']
    area = rita.find(marker=f'note-summary-room:{room}')
    area.type('Privacy-preserving ')
    area.type('age checks')  # a second keystroke restarts the debounce: one save, not two
    await rita.should_see('Saving…')
    assert stored_notes(app_environment, issued, 'Rita') == {}, 'nothing is saved before the debounce'
    saved = await eventually(lambda: stored_notes(app_environment, issued, 'Rita'), timeout=5.0,
                             what='the summary saved by the debounce')
    assert saved == {(f'room:{room}', 'summary'): ('Privacy-preserving age checks', 1)}
    await rita.should_see('Saved', retries=NAVIGATION)
    rita_actor = replace(service.authenticate(issued.code, issued.rapporteur_key), name='Rita')
    assert service.note_history(rita_actor, issued.code, scope=f'room:{room}', kind='summary') == [
        (1, 'Privacy-preserving age checks')]


async def test_two_rapporteurs_keep_their_own_notes(create_user: Callable[[], User], issued: IssuedKeys,
                                                    service: FacilitatorService, app_environment: Path) -> None:
    rita, sam = create_user(), create_user()
    await open_rapporteur(rita, issued, 'Rita')
    await open_rapporteur(sam, issued, 'Sam')
    scope = segment_scope(service, issued)
    rita.find(marker=f'note-notes-{scope}').type('Rita’s view').trigger('blur')
    sam.find(marker=f'note-notes-{scope}').type('Sam’s view').trigger('blur')
    await eventually(lambda: stored_notes(app_environment, issued, 'Rita') == {(scope, 'notes'): ('Rita’s view', 1)},
                     what="Rita's notes saved on blur")
    await eventually(lambda: stored_notes(app_environment, issued, 'Sam') == {(scope, 'notes'): ('Sam’s view', 1)},
                     what="Sam's notes saved on blur")
    report = json.loads(service.export(service.authenticate(issued.code, issued.moderator_key), issued.code,
                                       'json').content)
    assert report['segment_notes'][0]['notes'] == [{'author': 'Rita', 'text': 'Rita’s view'},
                                                   {'author': 'Sam', 'text': 'Sam’s view'}]


async def test_a_second_window_saving_on_top_is_warned_and_loses_nothing(
        create_user: Callable[[], User], issued: IssuedKeys, service: FacilitatorService) -> None:
    first, second = create_user(), create_user()
    await open_rapporteur(first, issued, 'Rita')
    await open_rapporteur(second, issued, 'Rita')  # the same rapporteur on a second device
    scope = segment_scope(service, issued)
    first.find(marker=f'note-notes-{scope}').type('from the laptop').trigger('blur')
    await first.should_see('Saved', retries=NAVIGATION)  # saving runs in the worker pool: the laptop's save lands first
    second.find(marker=f'note-notes-{scope}').type('from the tablet').trigger('blur')
    await second.should_see('also changed in another window')
    rita = replace(service.authenticate(issued.code, issued.rapporteur_key), name='Rita')
    assert service.note_history(rita, issued.code, scope=scope) == [(2, 'from the tablet'), (1, 'from the laptop')]


async def test_the_report_downloads_in_one_click(create_user: Callable[[], User], issued: IssuedKeys,
                                                 service: FacilitatorService) -> None:
    rita = create_user()
    await open_rapporteur(rita, issued, 'Rita Rapporteur')
    scope = segment_scope(service, issued)
    rita.find(marker=f'note-notes-{scope}').type('Downloaded notes').trigger('blur')
    await rita.should_see('Saved', retries=NAVIGATION)
    rita.find(marker='export-format').click()
    rita.find('Word (DOCX)').click()
    rita.find(marker='export-anonymize').click()
    rita.find(marker='export-download').click()
    response = await rita.download.next(timeout=5.0)
    text = '\n'.join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert 'Downloaded notes' in text
    assert 'Rita Rapporteur' not in text and 'Rapporteur 1' in text


async def test_the_notes_preview_is_the_reports_own_rendering(create_user: Callable[[], User], issued: IssuedKeys,
                                                              service: FacilitatorService) -> None:
    rita = create_user()
    await open_rapporteur(rita, issued, 'Rita')
    scope = segment_scope(service, issued)
    rita.find(marker=f'note-notes-{scope}').type('## Key point\n**Bold** <b>raw</b>').trigger('blur')
    await rita.should_see('Saved', retries=NAVIGATION)
    marker = f'note-preview-notes-{scope}'
    with rita:  # hidden until the Preview switch is on, so not found by `find`
        previews = [e for e in rita.client.elements.values() if marker in e._markers]
    assert len(previews) == 1
    preview = previews[0]
    assert isinstance(preview, ui.html)
    assert preview.content == '<h4>Key point</h4>\n<p><strong>Bold</strong> &lt;b&gt;raw&lt;/b&gt;</p>'
