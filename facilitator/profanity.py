"""A small profanity list per language for word-cloud answers, and the normalising of phrases.

The list is deliberately short: it keeps the obvious words off a stage screen. The moderator extends it per poll
(`block_poll_word`). A phrase is blocked when it is on the list or contains a listed word as a whole word.
"""

import re
import unicodedata

PROFANITY: dict[str, frozenset[str]] = {
    'en': frozenset({'fuck', 'fucking', 'shit', 'bitch', 'cunt', 'asshole', 'bastard', 'dick', 'wanker', 'slut'}),
    'fr': frozenset({'merde', 'putain', 'connard', 'connasse', 'salope', 'enculé', 'bordel', 'pute'}),
    'es': frozenset({'mierda', 'puta', 'puto', 'cabrón', 'coño', 'joder', 'gilipollas', 'pendejo'}),
    'ar': frozenset({'كس', 'شرموطة', 'منيوك', 'زب', 'خول'}),
    'zh': frozenset({'操你妈', '傻逼', '他妈的', '妈的', '狗屎', '婊子'}),
    'ru': frozenset({'блять', 'блядь', 'сука', 'хуй', 'пизда', 'ебать', 'мудак'}),
}
ALL_WORDS = frozenset().union(*PROFANITY.values())
_SPACES = re.compile(r'\s+')


def normalise(phrase: str) -> str:
    """Unicode NFC, lower case, one space between words, no control characters, trimmed."""
    clean = ''.join(ch for ch in unicodedata.normalize('NFC', phrase) if unicodedata.category(ch)[0] != 'C'
                    or ch in '\t\n')
    return _SPACES.sub(' ', clean).strip().lower()


def blocked(phrase: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
    """Whether a normalised phrase is on the list (of any language) or on the moderator's, or contains a listed
    word. Scripts without spaces (Chinese) match a listed word anywhere in the phrase."""
    words = ALL_WORDS | extra
    if phrase in words:
        return True
    parts = set(phrase.split(' '))
    return any(word in parts or (not word.isascii() and ' ' not in word and _unspaced(word) and word in phrase)
               for word in words)


def _unspaced(word: str) -> bool:
    """A word of a script written without spaces (CJK)."""
    return any('\u3400' <= ch <= '\u9fff' for ch in word)
