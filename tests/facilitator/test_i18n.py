"""The catalogues and the per-person language machinery."""

import asyncio
import re

import pytest
from babel.messages.catalog import Catalog

from facilitator.errors import InvalidInput
from facilitator.i18n import (
    LANGUAGES,
    Message,
    _,
    current_language,
    keeping_language,
    negotiate,
    ngettext,
    render,
    supported,
    use_language,
)
from facilitator.i18n_tools import extract, problems


@pytest.fixture(scope='module')
def template() -> Catalog:
    return extract()


@pytest.mark.parametrize('language', LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str, template: Catalog) -> None:
    assert problems(language, template) == [], 'run: python -m facilitator.i18n_tools update, then translate'


def test_the_extraction_sees_the_whole_code(template: Catalog) -> None:
    ids = {m.id for m in template if m.id}
    assert 'Raise my hand' in ids and 'Government, policymakers and regulators' in ids and len(ids) > 450


@pytest.mark.parametrize(('language', 'text'), [
    ('fr', 'Lever la main'), ('es', 'Alzar la mano'), ('ar', 'رفع يدي'), ('zh', '举手'), ('ru', 'Поднять руку'),
    ('en', 'Raise my hand')])
def test_raise_my_hand_in_each_language(language: str, text: str) -> None:
    with use_language(language):
        assert _('Raise my hand') == text


@pytest.mark.parametrize(('language', 'counts'), [
    ('ru', {1: '1 человек', 3: '3 человека', 5: '5 человек', 21: '21 человек'}),
    ('ar', {0: '0 شخص', 2: '2 شخصان', 3: '3 أشخاص', 11: '11 شخصًا'}),
    ('fr', {0: '0 personne', 1: '1 personne', 2: '2 personnes'}),
    ('zh', {1: '1 人', 7: '7 人'}),
])
def test_plural_forms(language: str, counts: dict[int, str]) -> None:
    with use_language(language):
        for n, text in counts.items():
            assert ngettext('{n} person', '{n} people', n).format(n=n) == text


def test_a_message_remembers_its_msgid_and_parameters() -> None:
    with use_language('fr'):
        error = InvalidInput(_('Line {n}: {message}').format(n=3, message=_('The minutes must be a number from 1 '
                                                                             'to 480.')))
    assert error.message == 'Ligne 3 : Les minutes doivent être un nombre de 1 à 480.'
    assert isinstance(error.message, Message) and error.message.msgid == 'Line {n}: {message}'
    assert render(error.message, 'es') == 'Línea 3: Los minutos deben ser un número de 1 a 480.'
    assert render(error.message, 'en') == 'Line 3: The minutes must be a number from 1 to 480.'
    assert render('plain text', 'es') == 'plain text'
    assert str(error.message) == error.message and type(str(error.message)) is str


def test_negotiation_and_codes() -> None:
    assert negotiate('de-CH, fr;q=0.8, es;q=0.9') == 'es'
    assert negotiate('zh-Hans-CN,zh;q=0.9') == 'zh'
    assert negotiate('de, it') is None and negotiate(None) is None
    assert negotiate('fr;q=0, ru') == 'ru'
    assert supported('AR') == 'ar' and supported('xx') is None and supported('pt-BR') is None


async def test_each_task_keeps_its_own_language() -> None:
    seen: dict[str, str] = {}

    async def person(language: str) -> None:
        with use_language(language):
            await asyncio.sleep(0.01)
            seen[language] = _('Raise my hand')

    await asyncio.gather(*(person(language) for language in LANGUAGES))
    assert seen['fr'] == 'Lever la main' and seen['zh'] == '举手' and seen['en'] == 'Raise my hand'
    assert current_language() == 'en'


def test_no_translation_adds_or_drops_markup() -> None:
    with use_language('ar'):
        shortcut = _('<kbd>Space</kbd> start / pause / resume · <kbd>N</kbd> next · <kbd>P</kbd> previous · '
                     '<kbd>+</kbd>/<kbd>−</kbd> one minute · <kbd>U</kbd> undo')
    assert len(re.findall('<kbd>', shortcut)) == 6


def test_a_thread_keeps_the_language_it_was_given() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def say() -> str:
        return _('Raise my hand')

    with use_language('ru'), ThreadPoolExecutor(1) as pool:
        plain = pool.submit(say).result()  # a worker thread starts with an empty context: the server default
        kept = pool.submit(keeping_language(say)).result()
    assert (plain, kept) == ('Raise my hand', 'Поднять руку')


def test_a_message_survives_copy_and_pickle() -> None:
    import copy
    import pickle

    with use_language('fr'):
        message = _('Hidden posts: {n}').format(n=2)
    for again in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):
        assert again == 'Contributions masquées : 2'
        assert render(again, 'es') == 'Aportaciones ocultas: 2'


def test_an_arabic_word_report_is_right_to_left() -> None:
    import io

    from docx import Document

    from facilitator.document import Document as Report
    from facilitator.document import Heading, Table
    from facilitator.render_docx import to_docx

    with use_language('ar'):
        report = Report(title='تقرير', language='ar', rtl=True)
        report.add(Heading(_('Attendance'), 1), Table((_('Stakeholder group'), _('Participants')), (('الصناعة', '3'),)))
    document = Document(io.BytesIO(to_docx(report)))
    assert document.paragraphs[0].text == 'الحضور'
    assert document.styles['Normal'].element.pPr.find(
        '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi') is not None
    assert 'bidiVisual' in document.tables[0]._tbl.tblPr.xml
