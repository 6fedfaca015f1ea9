"""Actionable solutions across a series: adopted from a session's tagged posts (or added by hand), owned, followed
up and carried into the next session's scene-setting as "where we are".

A solution belongs to the series, not to a session: its text, topic and origin are copies, it names nobody, and
its support counts stakeholder groups under the small-group rule. The retention purge of a session leaves it.
Organisers, and the moderators and rapporteurs of any session in the series, edit them.
"""

import hmac
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from db import repository as repo
from db import series_repository as series_repo
from db import solution_repository as solution_repo
from db.enums import Role
from db.models import DialogueSession, Post, Room
from db.series_models import Series
from db.solution_models import CarriedSolution, Solution, SolutionNote

from .actors import ORGANIZER, STAFF, Actor
from .errors import Conflict, Forbidden, NotFound, Unauthorized
from .events import ChangeKind
from .i18n import _
from .labels import SMALLER_GROUPS
from .pipeline import require_role
from .security import hash_secret
from .series import SeriesCommands
from .small_groups import MIN_GROUP, merge_small
from .solution_inputs import SolutionInput, SolutionPatch
from .solution_views import AdoptablePost, SeriesSolutions, SolutionView, solution_view

SolutionsListener = Callable[[str], None]
"""Called with a series' slug after its solutions changed (in the committing thread)."""


class SolutionFeed:
    """The typed event of the solutions: `changed(slug)` after every committed change of a series' list.

    In-process, like the pages that listen to it (the series page, the staff panels)."""

    def __init__(self) -> None:
        self._listeners: list[SolutionsListener] = []

    def subscribe(self, listener: SolutionsListener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def changed(self, slug: str) -> None:
        """the solutions of series `slug` were adopted, added, edited or given a note"""
        for listener in list(self._listeners):
            listener(slug)


class SolutionCommands(SeriesCommands):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.solution_feed = SolutionFeed()

    def series_solutions(self, slug: str) -> SeriesSolutions:
        """The public list of a series' solutions, with status, owner, notes and stakeholder support."""
        with self._read() as db:
            series = self._series(db, slug)
            return self._solutions_of(db, series)

    def series_of_session(self, code: str) -> str | None:
        """The slug of the series a session belongs to, or None."""
        return self.session_listing(code)['series']

    def adoptable_posts(self, actor: Actor, code: str) -> list[AdoptablePost]:
        """Staff: the session's visible posts tagged as actionable solutions, and which are adopted already."""
        with self._read() as db:
            session = self._load(db, code)
            self._require(actor, session, STAFF)
            series = self._series_of(db, session)
            topics = {room.id: room.topic for room in repo.list_rooms(db=db, session_id=session.id)}
            posts = [p for p in repo.list_posts(db=db, session_id=session.id)
                     if p.actionable_solution and not p.hidden and not p.deleted and p.approved]
            return [AdoptablePost(post_id=str(p.id), text=p.text, topic=topics.get(p.room_id, '') if p.room_id else '',
                                  votes=repo.vote_count(db=db, post_id=p.id),
                                  solution_id=self._adopted_id(db, series, p.id)) for p in posts]

    def adopt_solution(self, actor: Actor, code: str, post_id: str, *, series_slug: str | None = None) -> SolutionView:
        """Adopt a post tagged as an actionable solution into the series' list: its text, topic, origin and
        stakeholder support are copied. Adopting it again refreshes its votes and support. Staff of the session.
        `series_slug`: the series the caller named; a session of another series is unknown there (404)."""
        with self._command(actor, code, roles=STAFF, kind=None) as cmd:
            listing = series_repo.get_listing(db=cmd.db, session_id=cmd.session.id)
            named = cmd.db.get(Series, listing.series_id) if listing and listing.series_id else None
            if series_slug is not None and (named is None or named.slug != series_slug):
                raise NotFound(_('There is no session with this code.'), code='session_not_found')
            series = self._series_of(cmd.db, cmd.session)
            post = self._owned(cmd.db, Post, cmd.session, post_id, what=_('There is no such post.'),
                               code='post_not_found')
            if post.hidden or post.deleted or not post.approved:
                raise NotFound(_('There is no such post.'), code='post_not_found')
            if not post.actionable_solution:
                raise Conflict(_('Tag the post as an actionable solution first.'), code='not_tagged')
            solution = solution_repo.adopted_from(db=cmd.db, series_id=series.id, post_id=post.id)
            if solution is None:
                room = cmd.db.get(Room, post.room_id) if post.room_id else None
                solution = Solution(series_id=series.id, text=post.text, topic=room.topic if room else '',
                                    origin_code=cmd.session.code, origin_title=cmd.session.title,
                                    origin_starts_at=cmd.session.starts_at, origin_post_id=post.id,
                                    created_at=self.clock())
            self._count_support(cmd.db, cmd.session, post, solution)
            solution.updated_at = self.clock()
            cmd.db.add(solution)
            cmd.db.flush()
            view = solution_view(solution, solution_repo.notes_of(db=cmd.db, solution_ids=[solution.id])
                                 .get(solution.id, []))
        self.solution_feed.changed(series.slug)
        return view

    def add_solution(self, actor: Actor, slug: str, data: SolutionInput) -> SolutionView:
        """Add a solution to the series by hand (one no post holds, e.g. from the plenary)."""
        with self._tx() as tx:
            series = self._series(tx.db, slug)
            self._require_series_staff(tx.db, actor, series)
            now = self.clock()
            solution = Solution(series_id=series.id, text=data.text, topic=data.topic, owner=data.owner,
                                created_at=now, updated_at=now)
            tx.db.add(solution)
            tx.db.flush()
            view = solution_view(solution, [])
        self.solution_feed.changed(series.slug)
        return view

    def update_solution(self, actor: Actor, slug: str, solution_id: str, patch: SolutionPatch) -> SolutionView:
        """Change a solution's owner, status, text or topic; only the fields given change."""
        with self._tx() as tx:
            series = self._series(tx.db, slug)
            self._require_series_staff(tx.db, actor, series)
            solution = self._solution(tx.db, series, solution_id)
            for field in ('text', 'topic', 'owner', 'status'):
                value = getattr(patch, field)
                if value is not None:
                    setattr(solution, field, value)
            solution.updated_at = self.clock()
            tx.db.add(solution)
            notes = solution_repo.notes_of(db=tx.db, solution_ids=[solution.id]).get(solution.id, [])
            view = solution_view(solution, notes)
        self.solution_feed.changed(series.slug)
        return view

    def add_solution_note(self, actor: Actor, slug: str, solution_id: str, text: str) -> SolutionView:
        """Add a dated follow-up note to a solution, signed with the author's role (never a name)."""
        with self._tx() as tx:
            series = self._series(tx.db, slug)
            self._require_series_staff(tx.db, actor, series)
            solution = self._solution(tx.db, series, solution_id)
            now = self.clock()
            tx.db.add(SolutionNote(solution_id=solution.id, text=text, author_role=actor.role, created_at=now))
            solution.updated_at = now
            tx.db.add(solution)
            tx.db.flush()
            view = solution_view(solution, solution_repo.notes_of(db=tx.db, solution_ids=[solution.id])
                                 .get(solution.id, []))
        self.solution_feed.changed(series.slug)
        return view

    def carry_solutions(self, actor: Actor, code: str, *, expected_version: int | None = None) -> int:
        """Show the series' open solutions (not done) in this session's scene-setting as "where we are", on the
        participants' pages and the stage. Carrying again takes the current list. Returns how many were carried."""
        with self._command(actor, code, roles=STAFF, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            series = self._series_of(cmd.db, cmd.session)
            solution_repo.clear_carried(db=cmd.db, session_id=cmd.session.id)
            solutions = solution_repo.open_solutions(db=cmd.db, series_id=series.id)
            for position, s in enumerate(solutions):
                cmd.db.add(CarriedSolution(session_id=cmd.session.id, solution_id=s.id, position=position,
                                           text=s.text, topic=s.topic, owner=s.owner, status=s.status))
            cmd.changed()
        return len(solutions)

    def clear_carried_solutions(self, actor: Actor, code: str, *, expected_version: int | None = None) -> None:
        """Take "where we are" off this session's pages and stage."""
        with self._command(actor, code, roles=STAFF, kind=ChangeKind.AGENDA,
                           expected_version=expected_version) as cmd:
            if not solution_repo.carried(db=cmd.db, session_id=cmd.session.id):
                cmd.unchanged()
                return
            solution_repo.clear_carried(db=cmd.db, session_id=cmd.session.id)
            cmd.changed()

    # ---------------------------------------------------------------------------------------------------------------

    def authenticate_series(self, slug: str, secret: str | None) -> Actor:
        """The actor behind a bearer secret for a series: the organizer token, or a staff key of one of its
        sessions. A participant token is valid but not for this (403); anything else is a 401."""
        if not secret:
            raise Unauthorized(_('Send your key or token as "Authorization: Bearer <secret>".'))
        if self._is_admin(secret):
            return Actor(role=Role.ORGANIZER, name=_('Organiser'), credential=self._admin_hash)
        digest = hash_secret(secret)
        with self._read() as db:
            series = self._series(db, slug)
            for session in series_repo.series_sessions(db=db, series_id=series.id):
                for role, key_hash in ((Role.MODERATOR, session.moderator_key_hash),
                                       (Role.RAPPORTEUR, session.rapporteur_key_hash)):
                    if hmac.compare_digest(digest, key_hash):
                        return Actor(role=role, session_id=session.id, credential=digest)
            person = repo.participant_by_token(db=db, token_hash=digest)
        if person is not None and not person.removed:
            raise Forbidden(_('You are not allowed to do this.'))
        raise Unauthorized(_('This key or token is not valid.'))

    def _require_series_staff(self, db: Session, actor: Actor, series: Series) -> None:
        """Organisers, and moderators and rapporteurs of a session in the series (with their current key)."""
        if actor.role == Role.ORGANIZER:
            self._require(actor, None, ORGANIZER)
            return
        require_role(actor, STAFF)
        session = db.get(DialogueSession, actor.session_id) if actor.session_id else None
        listing = series_repo.get_listing(db=db, session_id=session.id) if session else None
        if session is None or listing is None or listing.series_id != series.id:
            raise Forbidden(_('Only the staff of a session in this series may edit its solutions.'))
        self._require(actor, session, STAFF)

    def _series_of(self, db: Session, session: DialogueSession) -> Series:
        listing = series_repo.get_listing(db=db, session_id=session.id)
        series = db.get(Series, listing.series_id) if listing and listing.series_id else None
        if series is None:
            raise Conflict(_('This session is not part of a series, so it has no list of solutions.'),
                           code='not_in_series')
        return series

    @staticmethod
    def _solution(db: Session, series: Series, solution_id: str) -> Solution:
        solution = solution_repo.get_solution(db=db, series_id=series.id, ident=solution_id)
        if solution is None:
            raise NotFound(_('There is no such solution.'), code='solution_not_found')
        return solution

    @staticmethod
    def _adopted_id(db: Session, series: Series, post_id: uuid.UUID) -> str | None:
        solution = solution_repo.adopted_from(db=db, series_id=series.id, post_id=post_id)
        return str(solution.id) if solution else None

    @staticmethod
    def _count_support(db: Session, session: DialogueSession, post: Post, solution: Solution) -> None:
        """Votes by group, and the author's group, under the small-group rule of the post's room."""
        sizes: Counter[str] = Counter()
        for room_id, group, n in repo.members_by_room_and_group(db=db, session_id=session.id):
            if room_id == post.room_id or post.room_id is None:
                sizes[group.value] += n
        votes = solution_repo.votes_by_group(db=db, post_id=post.id)
        solution.votes = sum(votes.values())
        solution.support = merge_small(votes, sizes)
        author = repo.participants_by_id(db=db, ids={post.participant_id}) if post.participant_id else []
        posted = author[0].group.value if author else ''
        solution.posted_by = posted if not posted or sizes.get(posted, 0) >= MIN_GROUP else SMALLER_GROUPS

    @staticmethod
    def _solutions_of(db: Session, series: Series) -> SeriesSolutions:
        solutions = solution_repo.list_solutions(db=db, series_id=series.id)
        notes = solution_repo.notes_of(db=db, solution_ids=[s.id for s in solutions])
        return SeriesSolutions(slug=series.slug, title=series.title,
                               solutions=[solution_view(s, notes.get(s.id, [])) for s in solutions])
