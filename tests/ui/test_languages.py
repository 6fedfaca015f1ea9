"""Per-person languages in the pages: each page keeps its own language for its handlers, and the choice is
remembered per browser."""

from collections.abc import Callable

from nicegui.testing import User

from facilitator.i18n import _, use_language
from facilitator.organizer import IssuedKeys
from ui.labels import post_labels
from ui.page_language import labels_json

from .support import NAVIGATION, only, send_join_form


async def test_two_people_two_languages_at_once(create_user: Callable[[], User], issued: IssuedKeys) -> None:
    french, spanish = create_user(), create_user()
    await french.open(f'/s/{issued.code}?lang=fr')
    await spanish.open(f'/s/{issued.code}?lang=es')
    await french.should_see('Rejoindre la session')
    await spanish.should_see('Unirse a la sesión')
    assert french.client is not None and spanish.client is not None
    assert french.client.page.resolve_language() == 'fr'
    assert spanish.client.page.resolve_language() == 'es'


    # handlers and live updates run inside their page's slot, not in a request: _() follows the page
    with french.client.layout:
        assert _('Join') == 'Rejoindre'
    with spanish.client.layout:
        assert _('Join') == 'Unirse'
    assert _('Join') == 'Join', 'outside any page, the server default'


async def test_join_in_french(user: User, issued: IssuedKeys) -> None:
    await user.open(f'/s/{issued.code}?lang=fr')
    send_join_form(user, name='Amelie', group='Société civile')
    await user.should_see('Vous êtes Amelie · Société civile', retries=NAVIGATION)



async def test_lang_is_remembered_for_the_browser(user: User, issued: IssuedKeys) -> None:
    await user.open(f'/s/{issued.code}?lang=ru')
    await user.should_see('Присоединиться к сессии')
    await user.open(f'/s/{issued.code}')
    await user.should_see('Присоединиться к сессии')
    await user.open(f'/s/{issued.code}/stage')  # the stage has its own choice: not Russian just because of this
    assert user.client is not None
    assert user.client.page.resolve_language() == 'en-GB'


async def test_arabic_page_is_right_to_left_and_has_a_picker(user: User, issued: IssuedKeys) -> None:
    await user.open(f'/s/{issued.code}?lang=ar')
    assert user.client is not None
    assert user.client.page.resolve_language() == 'ar'
    assert 'dir = "rtl"' in user.client.head_html
    picker = only(user, 'language-picker')
    assert picker.props['label'] == 'اللغة'
    assert list(picker.props['options'][i]['label'] for i in range(6)) == [
        'English', 'Français', 'Español', 'العربية', '中文', 'Русский']


def test_browser_labels_are_serialised_once_per_language() -> None:
    with use_language('fr'):
        first, again = labels_json(post_labels), labels_json(post_labels)
    with use_language('zh'):
        chinese = labels_json(post_labels)
    assert first is again, 'a second French page reuses the same payload'
    assert '\\u' in chinese and chinese != first


def test_a_posts_vote_breakdown_names_the_merged_small_groups_in_words() -> None:
    """Groups under three voters are merged into `smaller_groups`: the card says so in the reader's language."""
    groups = post_labels()['groups']
    assert isinstance(groups, dict) and groups['smaller_groups'] == 'Smaller groups'
    with use_language('fr'):
        french = post_labels()['groups']
    assert isinstance(french, dict) and french['smaller_groups'] not in ('smaller_groups', 'Smaller groups')
