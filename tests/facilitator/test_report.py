"""The session report as a structure: what it holds, what it leaves out, and who may export it.

`rich_session` builds the session the export tests share: segments run on the fake clock, a finished presenter and
two raised hands, both rooms open with posts and votes from several stakeholder groups, tags, a pin, an anonymous
post, a hidden post, plenary questions, a broadcast and two rapporteurs' notes.
"""

import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest
from sqlmodel import Session, select

from db.models import Participant, Post, Vote
from facilitator.actors import ANONYMOUS, Actor
from facilitator.errors import Forbidden, InvalidInput, NotFound
from facilitator.organizer import IssuedKeys
from facilitator.report import group_label
from facilitator.small_groups import merge_small
from tests.factories import World, json_state

from .helpers import refused

HIDDEN_TEXT = 'SECRET-HIDDEN-TEXT about a rival company'
HIDDEN_QUESTION = 'HIDDEN-QUESTION insulting the panel'
ANON_TEXT = 'Anonymous worry about grooming in direct messages'
ANON_QUESTION = 'ANON-QUESTION: who audits the age checks?'
SHOWCASE_S, KOFI_S, AMINA_S = 540, 90, 75
OPENING_S, SHOWCASE_SEGMENT_S = 1000, 600
POST_GAP_S = 7


@dataclass
class Rich:
    """Handles on the shared session: its people, rooms, segments and posts by label."""

    world: World
    issued: IssuedKeys
    moderator: Actor
    rita: Actor
    sam: Actor
    people: dict[str, Actor] = field(default_factory=dict)
    rooms: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    posts: dict[str, str] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.issued.code

    def post(self, label: str, who: str, room: int, text: str, kind: str = 'comment', *,
             anonymous: bool = False) -> str:
        self.world.clock.advance(POST_GAP_S)  # stays under the rate limit of 5 posts per 30 s
        self.posts[label] = self.world.service.add_post(self.people[who], self.code, self.rooms[room], text=text,
                                                        kind=kind, anonymous=anonymous)
        return self.posts[label]

    def votes(self, label: str, *voters: str) -> None:
        for who in voters:
            self.world.service.cast_vote(self.people[who], self.code, self.posts[label])

    def report(self, *, anonymize: bool = False, actor: Actor | None = None) -> dict[str, Any]:
        exported = self.world.service.export(actor or self.rita, self.code, 'json', anonymize=anonymize)
        return dict(json.loads(exported.content))


PEOPLE = (  # name, group, organisation, show_name
    ('Amina Okafor', 'civil_society', 'Child Helpline International', None),
    ('Bruno Keller', 'industry', 'Streamly', None),
    ('陈伟', 'government', '', None),
    ('Kofi Mensah', 'youth', '', None),  # youth: the name is not shown publicly by default
    ('ليلى حداد', 'academia', 'جامعة القاهرة', None),
    ('Ezra Quietwood', 'other', '', False),
)
ROOM_OF = {'Amina Okafor': 0, 'Bruno Keller': 0, '陈伟': 0, 'Kofi Mensah': 0, 'ليلى حداد': 1, 'Ezra Quietwood': 1}
PARTICIPANT_NAMES = tuple(p[0] for p in PEOPLE)
STAFF_NAMES = ('Rita Rapporteur', 'Sam Scribe', 'Maya Moderator')


def rich_session(world: World, before_end: Callable[[Rich], None] | None = None) -> Rich:
    """The session, ended; `before_end` may add more while it is still live."""
    service = world.service
    issued = world.new_session()
    code = issued.code
    rich = Rich(world, issued, moderator=replace(world.moderator(issued), name='Maya Moderator'),
                rita=replace(world.rapporteur(issued), name='Rita Rapporteur'),
                sam=replace(world.rapporteur(issued), name='Sam Scribe'))
    mod = rich.moderator
    state = json_state(service, code)
    rich.rooms = [room['id'] for room in state['rooms']]
    rich.segments = [segment['id'] for segment in state['segments']]
    for name, group, organization, show_name in PEOPLE:
        joined = service.join(code, name=name, group=group, organization=organization, show_name=show_name)
        rich.people[name] = service.authenticate(code, joined.token)
        service.join_room(rich.people[name], code, rich.rooms[ROOM_OF[name]])

    _run_agenda(rich)
    service.open_rooms(mod, code, 30)
    _fill_rooms(rich)
    _questions_and_notes(rich)
    if before_end is not None:
        before_end(rich)
    world.clock.advance(300)
    service.end_session(mod, code)
    return rich


def _run_agenda(rich: Rich) -> None:
    """The opening runs 1000 s, one presenter speaks 540 s in a 600 s showcase, then two hands speak."""
    service, world, code, mod = rich.world.service, rich.world, rich.code, rich.moderator
    service.start_segment(mod, code)
    world.clock.advance(OPENING_S)
    service.next_segment(mod, code)
    service.add_speaker(mod, code, name='Ana Costa', organization='Meta', title='Teen accounts', planned_seconds=600)
    service.next_speaker(mod, code)
    world.clock.advance(SHOWCASE_S)
    service.finish_speaker(mod, code)
    world.clock.advance(SHOWCASE_SEGMENT_S - SHOWCASE_S)
    service.next_segment(mod, code)
    for who, seconds in (('Kofi Mensah', KOFI_S), ('Amina Okafor', AMINA_S)):
        service.raise_hand(rich.people[who], code)
        service.next_speaker(mod, code)
        world.clock.advance(seconds)
        service.finish_speaker(mod, code)


def _fill_rooms(rich: Rich) -> None:
    service, code = rich.world.service, rich.code
    rich.post('arabic', 'Amina Okafor', 0, 'Age checks must respect privacy — مرحبا بالجميع', 'risk')
    rich.post('formula', 'Bruno Keller', 0, '=HYPERLINK("http://evil.example","click me")')
    rich.post('chinese', '陈伟', 0, '加强平台的儿童保护措施 🙂👍', 'solution')
    rich.post('youth', 'Kofi Mensah', 0, 'Youth panels should review new features', 'opportunity')
    rich.post('anonymous', 'Amina Okafor', 0, ANON_TEXT, 'risk', anonymous=True)
    rich.post('hidden', 'Bruno Keller', 0, HIDDEN_TEXT)
    rich.post('plus', 'Kofi Mensah', 0, '+41 79 000 00 00 is the helpline')
    rich.post('minus', '陈伟', 0, '-1 for more paperwork')
    rich.post('at', 'Bruno Keller', 0, '@channel please read the code of conduct')
    rich.post('rtl', 'ليلى حداد', 1, 'שלום — الحماية أولاً 👩‍👩‍👧 family safety', 'opportunity')
    rich.post('quiet', 'Ezra Quietwood', 1, 'Quiet contributor idea: safety defaults on', 'solution')
    rich.votes('arabic', 'Amina Okafor', 'Bruno Keller', '陈伟', 'Kofi Mensah')
    rich.votes('chinese', 'Bruno Keller', '陈伟', 'Kofi Mensah')
    rich.votes('youth', 'Kofi Mensah', 'Amina Okafor')
    rich.votes('formula', 'Bruno Keller')
    rich.votes('hidden', 'Amina Okafor', 'Kofi Mensah')
    rich.votes('rtl', 'ليلى حداد', 'Ezra Quietwood')
    rich.votes('quiet', 'Ezra Quietwood')
    service.moderate_post(rich.rita, code, rich.posts['hidden'], 'hide', reason='Off-topic advertising')
    service.moderate_post(rich.rita, code, rich.posts['arabic'], 'tag', tag='key_takeaway')
    service.moderate_post(rich.rita, code, rich.posts['chinese'], 'tag', tag='actionable_solution')
    service.moderate_post(rich.rita, code, rich.posts['quiet'], 'tag', tag='actionable_solution')
    service.moderate_post(rich.moderator, code, rich.posts['youth'], 'pin')


def _questions_and_notes(rich: Rich) -> None:
    service, code, mod = rich.world.service, rich.code, rich.moderator
    rich.posts['q_named'] = service.add_question(rich.people['Amina Okafor'], code,
                                                 text='How will regulators enforce age assurance?')
    rich.posts['q_anon'] = service.add_question(rich.people['Kofi Mensah'], code, text=ANON_QUESTION,
                                                anonymous=True)
    rich.posts['q_hidden'] = service.add_question(rich.people['Bruno Keller'], code, text=HIDDEN_QUESTION)
    rich.votes('q_named', 'Bruno Keller', 'ليلى حداد')
    rich.votes('q_anon', 'Ezra Quietwood')
    service.moderate_post(mod, code, rich.posts['q_named'], 'answer')
    service.moderate_post(mod, code, rich.posts['q_hidden'], 'hide', reason='Personal attack')
    service.broadcast(mod, code, 'Ten minutes left ⏱')

    service.save_note(rich.rita, code, scope=f'segment:{rich.segments[0]}', text='Rita: opening **framed** risks')
    service.save_note(rich.sam, code, scope=f'segment:{rich.segments[0]}', text='Sam: the minister arrived late')
    service.save_note(rich.rita, code, scope=f'room:{rich.rooms[0]}', text='Rita: room A argued about age checks')
    service.save_note(rich.sam, code, scope=f'room:{rich.rooms[0]}', text='Sam: room A liked youth panels')
    service.save_note(rich.rita, code, scope=f'room:{rich.rooms[0]}', kind='summary',
                      text='Summary: privacy-preserving age checks')


# helpers ----------------------------------------------------------------------------------------------------------

def db_posts(world: World, rooms: list[str]) -> dict[str, tuple[str, int, dict[str, int]]]:
    """Visible posts straight from the tables: id → (text, votes, votes per group label)."""
    room_ids = [uuid.UUID(r) for r in rooms]
    with Session(world.service.engine) as db:
        posts = [p for p in db.exec(select(Post)) if p.room_id in room_ids and not p.hidden]
        votes = list(db.exec(select(Vote)))
        people = [p for p in db.exec(select(Participant)) if not p.removed]
    result = {}
    for post in posts:
        mine = [v for v in votes if v.post_id == post.id]
        sizes = Counter(p.group.value for p in people if p.room_id == post.room_id)
        merged = merge_small(Counter(v.group.value for v in mine), sizes)
        result[str(post.id)] = (post.text, len(mine), {group_label(g): n for g, n in merged.items()})
    return result


def all_text(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False)


# what the report holds ------------------------------------------------------------------------------------------

def test_room_posts_and_votes_match_the_database(world: World) -> None:
    rich = rich_session(world)
    report = rich.report()
    stored = db_posts(world, rich.rooms)
    reported = {p['id']: (p['text'], p['votes'], p['votes_by_group']) for room in report['rooms']
                for p in room['posts']}
    assert reported == stored
    assert len(reported) == 10, 'eleven room posts, one hidden'
    first = report['rooms'][0]
    assert [p['id'] for p in first['posts']][:3] == [rich.posts['youth'], rich.posts['arabic'],
                                                     rich.posts['chinese']], 'pinned first, then by votes'
    assert first['posts'][1]['votes_by_group'] == {'Smaller groups': 4}, 'one member per group: merged'
    assert [p['id'] for p in first['takeaways']] == [rich.posts['arabic']]
    assert [p['id'] for p in first['solutions']] == [rich.posts['chinese']]
    assert [p['id'] for p in report['rooms'][1]['solutions']] == [rich.posts['quiet']]
    assert first['members_by_group'] == {'Smaller groups': 4}
    assert first['common_ground']['used'] == 'common_ground'
    assert first['common_ground']['order'][0] == rich.posts['youth']
    assert set(first['common_ground']['order']) == {p['id'] for p in first['posts']}


def test_the_report_matches_the_public_state(world: World) -> None:
    rich = rich_session(world)
    report = rich.report()
    state = json_state(world.service, rich.code)
    for room, shown in zip(report['rooms'], state['rooms'], strict=True):
        assert room['topic'] == shown['topic']
        assert {p['id']: p['votes'] for p in room['posts']} == {p['id']: p['votes'] for p in shown['posts']}
        assert {p['id']: p['tags'] for p in room['posts']} == {p['id']: p['tags'] for p in shown['posts']}
    assert [(q['text'], q['votes'], q['answered']) for q in report['questions']] == [
        (q['text'], q['votes'], q['answered']) for q in state['questions']]
    assert [q['text'] for q in report['questions']] == ['How will regulators enforce age assurance?', ANON_QUESTION]


def test_agenda_and_speaker_timings_come_from_the_clock(world: World) -> None:
    rich = rich_session(world)
    report = rich.report()
    agenda = report['agenda']
    dialogue = KOFI_S + AMINA_S + 11 * POST_GAP_S + 300
    assert [a['actual_seconds'] for a in agenda] == [OPENING_S, SHOWCASE_SEGMENT_S, dialogue]
    assert [a['planned_seconds'] for a in agenda] == [900, 2700, 3600]
    assert [a['overrun_seconds'] for a in agenda] == [100, -2100, dialogue - 3600]
    assert [(a['planned_start'], a['actual_start'], a['actual_end']) for a in agenda] == [
        ('2025-07-17 14:00', '2025-07-17 14:00', '2025-07-17 14:16'),
        ('2025-07-17 14:15', '2025-07-17 14:16', '2025-07-17 14:26'),
        ('2025-07-17 15:00', '2025-07-17 14:26', '2025-07-17 14:35')], 'local Geneva time (CEST)'
    for row, segment in zip(agenda, json_state(world.service, rich.code)['segments'], strict=True):
        assert row['actual_seconds'] == (segment['ended_at_ms'] - segment['started_at_ms']) // 1000
    speeches = report['speakers']['speeches']
    assert [(s['kind'], s['actual_seconds']) for s in speeches] == [
        ('showcase', SHOWCASE_S), ('hand', KOFI_S), ('hand', AMINA_S)]
    assert report['speakers']['by_group'] == {'Civil society': AMINA_S, 'Showcase presenters': SHOWCASE_S,
                                              'Youth': KOFI_S}
    assert report['header']['status'] == 'ended'


def test_attendance_broadcasts_and_notes(world: World) -> None:
    rich = rich_session(world)
    report = rich.report()
    assert report['attendance']['total'] == 6
    assert report['attendance']['by_group'] == {label: 1 for label in (
        'Academia', 'Civil society', 'Government', 'Industry', 'Other', 'Youth')}
    assert report['broadcasts'] == [{'message': 'Ten minutes left ⏱', 'at': '2025-07-17 14:30',
                                     'by': 'Maya Moderator'}]
    assert report['segment_notes'][0]['notes'] == [
        {'author': 'Rita Rapporteur', 'text': 'Rita: opening **framed** risks'},
        {'author': 'Sam Scribe', 'text': 'Sam: the minister arrived late'}]
    room = report['rooms'][0]
    assert [n['author'] for n in room['notes']] == ['Rita Rapporteur', 'Sam Scribe']
    assert room['summaries'] == [{'author': 'Rita Rapporteur', 'text': 'Summary: privacy-preserving age checks'}]


# what the report leaves out -------------------------------------------------------------------------------------

def test_hidden_posts_appear_only_as_a_count_with_reasons(world: World) -> None:
    rich = rich_session(world)
    for anonymize in (False, True):
        report = rich.report(anonymize=anonymize)
        text = all_text(report)
        assert HIDDEN_TEXT not in text and HIDDEN_QUESTION not in text
        assert rich.posts['hidden'] not in text and rich.posts['q_hidden'] not in text
        assert report['moderation']['hidden_posts'] == 2
        assert report['moderation']['hidden_reasons'] == {'Off-topic advertising': 1, 'Personal attack': 1}
    with Session(world.service.engine) as db:
        kept = db.get(Post, uuid.UUID(rich.posts['hidden']))
        assert kept is not None and (kept.hidden, kept.hidden_reason) == (True, 'Off-topic advertising')


def test_the_hidden_count_follows_unhide_and_removal(world: World) -> None:
    """The summary counts the posts that are hidden now: an unhidden post is back, a removed person's are gone."""
    rich = rich_session(world)
    service, code = world.service, rich.code
    service.moderate_post(rich.rita, code, rich.posts['q_hidden'], 'unhide')
    service.moderate_participant(rich.moderator, code, rich.people['Ezra Quietwood'].participant_id, 'remove',
                                 reason='Spam account')
    report = rich.report()
    assert HIDDEN_QUESTION in [q['text'] for q in report['questions']]
    assert 'Quiet contributor idea: safety defaults on' not in all_text(report)
    assert report['moderation']['hidden_posts'] == 2, 'the advertising post and the removed person’s post'
    assert report['moderation']['hidden_reasons'] == {'Off-topic advertising': 1, 'Spam account': 1}
    assert report['moderation']['removed_participants'] == 1


def test_pending_posts_stay_out_until_approved(world: World) -> None:
    rich = rich_session(world)
    service, code = world.service, rich.code
    service.reset_session(rich.moderator, code)  # the rich session has ended, and an ended session takes no posts
    service.set_pre_moderation(rich.moderator, code, True)
    service.open_rooms(rich.moderator, code, 10)
    world.clock.advance(60)
    pending = rich.post('pending', 'Amina Okafor', 0, 'PENDING-TEXT awaiting approval')
    assert 'PENDING-TEXT' not in all_text(rich.report())
    service.moderate_post(rich.rita, code, pending, 'approve')
    assert pending in [p['id'] for p in rich.report()['rooms'][0]['posts']]


def test_anonymous_posts_and_questions_never_show_their_author(world: World) -> None:
    rich = rich_session(world)
    for anonymize in (False, True):
        report = rich.report(anonymize=anonymize)
        post = next(p for p in report['rooms'][0]['posts'] if p['id'] == rich.posts['anonymous'])
        assert (post['author'], post['group']) == ('Anonymous', None)
        question = next(q for q in report['questions'] if q['text'] == ANON_QUESTION)
        assert question['author'] is None
        assert question['group'] is None, 'the group of an anonymous asker is as private as on a post'


def test_participants_who_hide_their_name_appear_as_their_group(world: World) -> None:
    rich = rich_session(world)
    report = rich.report()
    text = all_text(report)
    for private in ('Kofi Mensah', 'Ezra Quietwood'):
        assert private not in text, f'{private} chose not to show their name'
    by_id = {p['id']: p for room in report['rooms'] for p in room['posts']}
    assert by_id[rich.posts['youth']]['author'] == 'Youth'
    assert by_id[rich.posts['quiet']]['author'] == 'Other'
    assert by_id[rich.posts['arabic']]['author'] == 'Amina Okafor'
    hands = [s for s in report['speakers']['speeches'] if s['kind'] == 'hand']
    assert [s['name'] for s in hands] == ['Youth', 'Amina Okafor']


def test_anonymize_replaces_every_name_with_a_group(world: World) -> None:
    rich = rich_session(world)
    report = rich.report(anonymize=True)
    text = all_text(report)
    for name in (*PARTICIPANT_NAMES, *STAFF_NAMES, 'Ana Costa'):
        assert name not in text
    assert report['header']['anonymized'] is True
    by_id = {p['id']: p for room in report['rooms'] for p in room['posts']}
    assert by_id[rich.posts['arabic']]['author'] == 'Civil society'
    assert by_id[rich.posts['chinese']]['author'] == 'Government'
    assert [s['name'] for s in report['speakers']['speeches']] == ['Presenter 1', 'Youth', 'Civil society']
    assert report['attendance']['organizations'] == []
    assert all(s['organization'] == '' for s in report['speakers']['speeches'])
    assert [n['author'] for n in report['segment_notes'][0]['notes']] == ['Rapporteur 1', 'Rapporteur 2']
    assert report['broadcasts'][0]['by'] == 'Moderator'
    assert report['questions'][0]['author'] == 'Civil society'


def test_without_anonymize_public_names_are_kept(world: World) -> None:
    rich = rich_session(world)
    text = all_text(rich.report())
    for name in ('Amina Okafor', 'Bruno Keller', '陈伟', 'ليلى حداد', 'Rita Rapporteur', 'Sam Scribe', 'Ana Costa'):
        assert name in text


def test_anonymised_rapporteur_labels_are_the_same_across_the_report(world: World) -> None:
    """'Rapporteur 1' is one person throughout, even where only the other rapporteur wrote."""
    issued = world.new_session()
    state = json_state(world.service, issued.code)
    rita = replace(world.rapporteur(issued), name='Rita')
    sam = replace(world.rapporteur(issued), name='Sam')
    world.service.save_note(sam, issued.code, scope=f'segment:{state["segments"][0]["id"]}', text='by Sam only')
    world.service.save_note(rita, issued.code, scope=f'room:{state["rooms"][0]["id"]}', text='by Rita')
    world.service.save_note(sam, issued.code, scope=f'room:{state["rooms"][0]["id"]}', text='by Sam')
    report = json.loads(world.service.export(rita, issued.code, 'json', anonymize=True).content)
    labels = {n['text']: n['author'] for n in report['segment_notes'][0]['notes'] + report['rooms'][0]['notes']}
    assert labels['by Sam only'] == labels['by Sam'] != labels['by Rita']


# who may export -------------------------------------------------------------------------------------------------

def test_moderator_rapporteur_and_organizer_may_export(world: World) -> None:
    issued = world.new_session()
    for actor in (world.moderator(issued), world.rapporteur(issued), world.organizer):
        exported = world.service.export(actor, issued.code, 'json')
        assert json.loads(exported.content)['header']['code'] == issued.code


@pytest.mark.parametrize('who', ['participant', 'public', 'other_moderator', 'other_rapporteur'])
def test_others_may_not_export(world: World, who: str) -> None:
    issued = world.new_session()
    other = world.new_session()
    actor = {'participant': lambda: world.participant(issued),
             'public': lambda: ANONYMOUS,
             'other_moderator': lambda: world.moderator(other),
             'other_rapporteur': lambda: world.rapporteur(other)}[who]()
    refused(world, issued, Forbidden, lambda: world.service.export(actor, issued.code, 'md'))


@pytest.mark.parametrize('fmt', ['PDF', 'MD', 'xlsx', '../etc', 42])
def test_an_unknown_format_is_invalid_input(world: World, fmt: object) -> None:
    issued = world.new_session()
    error = refused(world, issued, InvalidInput, lambda: world.service.export(world.rapporteur(issued), issued.code,
                                                                              fmt))
    assert error.code == 'unknown_format'


def test_an_unknown_session_is_not_found(world: World) -> None:
    issued = world.new_session()
    with pytest.raises(NotFound):
        world.service.export(world.rapporteur(issued), 'NOPE999', 'md')
