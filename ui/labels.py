"""Translated strings for the browser-side components. The words for stored codes come from facilitator/labels.py."""

from facilitator.i18n import _
from facilitator.labels import (
    BREAKDOWN_NAMES,
    GROUP_NAMES,
    HAND_NAMES,
    KIND_NAMES,
    QUEUE_ORDER_NAMES,
    SMALLER_GROUPS,
    SOLUTION_STATUS_NAMES,
    TAG_NAMES,
    translated,
)


def group_options() -> dict[str, str]:
    return translated(GROUP_NAMES)


def hand_options() -> dict[str, str]:
    return translated(HAND_NAMES)


def queue_order_options() -> dict[str, str]:
    return translated(QUEUE_ORDER_NAMES)


def live_labels(locale: str) -> dict[str, object]:
    return {
        'locale': locale,
        'broadcast': _('Message from the moderator:'),
        'qr_alt': _('QR code to join the session'),
        'qr_check_in': _('In the room? Scan to check in'),
        'join_at': _('Join on your phone or laptop:'),
        'code': _('Session code'),
        'now': _('Now'),
        'next': _('Up next:'),
        'last_segment': _('This is the last segment.'),
        'segment_of': _('segment {n} of {total}'),
        'schedule': _('Schedule'),
        'participants': _('Participants'),
        'online': _('online'),
        'agenda': _('Agenda'),
        'segment': _('Segment'),
        'planned': _('Planned'),
        'your_time': _('Your time'),
        'actual': _('Actual'),
        'state': _('State'),
        'status_scheduled': _('Not started yet'),
        'status_live': _('Live'),
        'status_ended': _('Ended'),
        'ended': _('The session has ended.'),
        'paused': _('Paused'),
        'paused_over': _('Paused, over time'),
        'not_started': _('Not started'),
        'over_time': _('Over time'),
        'two_minutes': _('Less than 2 minutes left'),
        'running': _('Running'),
        'late': _('{t} late'),
        'ahead': _('{t} ahead'),
        'on_time': _('On time'),
        'schedule_far': _('Not on the scheduled day'),
        'minutes': _('{n} min'),
        'seg_done': _('Done'),
        'seg_running': _('Running'),
        'seg_paused': _('Paused'),
        'seg_pending': _('Pending'),
        'now_speaking': _('Now speaking:'),
        'next_speaker': _('Next speaker:'),
        'one_minute': _('Less than 1 minute left'),
        'time_left': _('Time left'),
        'participant_from': _('A participant ({group})'),
        'hand_place': _('Your hand is up: place {n} of {total} in the queue.'),
        'lower_hand': _('Lower my hand'),
        'raise_hand': _('Raise my hand'),
        'hand_type': _('Type'),
        'hand_question': _('Question'),
        'hand_comment': _('Comment'),
        'hand_reply': _('Reply to the current speaker'),
        'hand_point_of_order': _('Point of order'),
        'hands_closed': _('Raised hands are closed right now.'),
        'sound': _('Play a sound when it is my turn'),
        'youre_up': _("You're up! Please unmute in the call."),
        'queue_fit': _('Speakers'),
        'queue_over': _('{t} over the segment'),
        'queue_spare': _('fit, {t} to spare'),
        'groups': group_options(),
        'report_back': _('Report-back: room {n} of {total}'),
        'tagged': _('Key takeaways and actionable solutions'),
        'no_posts': _('No posts in this room.'),
        'summary': _("The rapporteur's summary"),
        'spotlight': _('Question for the speakers'),
        'anonymous': _('Anonymous'),
        **screen_labels(),
    }


def screen_labels() -> dict[str, object]:
    """The stage's and the participant's "now" card's words."""
    return {
        'thank_you': _('Thank you'),
        'outcome_at': _('The outcome:'),
        'outcome_qr_alt': _('QR code of the outcome page'),
        'rooms_open_stage': _('Breakout rooms are open'),
        'rooms_time_left': _('Time left in the rooms:'),
        'times_up': _("Time's up! The rooms close in a moment."),
        'chime_on': _('Chime at zero: on'),
        'chime_off': _('Chime at zero: off'),
        'in_room': _('You are in room:'),
        'rooms_join': _('Rooms are open'),
        'join_topic': _('Join {topic}'),
        'hide_message': _('Hide this message'),
        'flash_on_stage': _('Full screen on the stage:'),
        'where_we_are': _('Where we are: the open solutions of the series'),
        'where_owner': _('Owner: {owner}'),
        'where_more': _('and {n} more on the series page'),
        'solution_status': translated(SOLUTION_STATUS_NAMES),
        **poll_labels(),
    }


def poll_labels() -> dict[str, str]:
    """The words of polls on the stage and the "now" card."""
    return {
        'poll_open': _('Poll open'),
        'poll_closed': _('Poll results'),
        'poll_answers': _('{n} answers'),
        'poll_mean': _('Average: {n}'),
        'poll_no_answers': _('No answers yet.'),
        'poll_scale_hint': _('Answer from 1 (not at all) to 5 (fully).'),
        'poll_words_hint': _('Answer with one to three words or short phrases.'),
        'poll_answer_at': _('Answer on your phone:'),
        'poll_send': _('Send'),
        'poll_sent': _('Your answer is in. You can change it while the poll is open.'),
        'poll_word_placeholder': _('A word or short phrase'),
        'poll_results_hidden': _('Results will show here when the moderator shares them.'),
        'poll_choose_many': _('Choose one or more.'),
        'presenter_ack': _('Got it'),
        'presenter_your_time': _('Your time'),
        'presenter_waiting': _('Your planned time (not your turn yet)'),
        'presenter_segment': _('Segment'),
        'presenter_you_next': _('You are next.'),
        'presenter_before_you': _('{n} speakers before you.'),
    }


def kind_options() -> dict[str, str]:
    return translated(KIND_NAMES)


def post_labels() -> dict[str, object]:
    return {
        'kinds': kind_options(),
        'tags': translated(TAG_NAMES),
        'groups': {**group_options(), SMALLER_GROUPS: translated(BREAKDOWN_NAMES)[SMALLER_GROUPS]},  # vote breakdown
        'post_by': _('Post by {author}'),
        'anonymous': _('Anonymous'),
        'participant_from': _('A participant ({group})'),
        'pinned': _('Pinned'),
        'answered': _('Answered'),
        'pending': _('Waiting for approval'),
        'vote': _('Upvote'),
        'unvote': _('Withdraw my vote'),
        'votes': _('votes'),
        'edit': _('Edit'),
        'delete': _('Delete'),
        'pin': _('Pin'),
        'unpin': _('Unpin'),
        'tag_takeaway': _('Tag: key takeaway'),
        'untag_takeaway': _('Remove key takeaway'),
        'tag_solution': _('Tag: actionable solution'),
        'untag_solution': _('Remove actionable solution'),
        'approve': _('Approve'),
        'answer': _('Mark answered'),
        'unanswer': _('Mark unanswered'),
        'spotlight': _('Show on stage'),
        'unspotlight': _('Remove from stage'),
        'hide': _('Hide…'),
        'sort_by': _('Sort posts'),
        'sorts': {'top': _('Top'), 'new': _('New'), 'common_ground': _('Common ground')},
        'sort_now': _('Sort now'),
        'empty_room': _('Nothing here yet.'),
        'empty_questions': _('No questions yet.'),
        'common_ground_fallback': _('Common ground needs votes from at least two stakeholder groups; '
                                    'showing Top instead.'),
    }


def room_labels() -> dict[str, str]:
    return {
        'rooms_closed': _('The rooms are closed. Posts stay visible; posting and voting are paused.'),
        'rooms_open': _('The rooms are open.'),
        'time_left': _('Time left in the rooms:'),
        'two_minutes_rooms': _('Less than 2 minutes left in the rooms:'),
        'times_up': _("Time's up! The rooms close in a moment."),
    }
