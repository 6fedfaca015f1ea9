"""The PDF report's fonts: Noto Sans, with Noto Naskh Arabic and Noto Sans CJK as fallbacks when the text holds
Arabic or Chinese. Missing files give `ReportUnavailable` with a sentence saying what to install."""

import re
from pathlib import Path

from fpdf import FPDF

from .errors import ReportUnavailable
from .i18n import _

NOTO = Path('/usr/share/fonts/truetype/noto')
CJK_DIR = Path('/usr/share/fonts/opentype/noto')
LATIN = {'': NOTO / 'NotoSans-Regular.ttf', 'B': NOTO / 'NotoSans-Bold.ttf', 'I': NOTO / 'NotoSans-Italic.ttf'}
ARABIC = {'': NOTO / 'NotoNaskhArabic-Regular.ttf', 'B': NOTO / 'NotoNaskhArabic-Bold.ttf'}
CJK = {'': CJK_DIR / 'NotoSansCJK-Regular.ttc'}
"""Each face costs parsing and subsetting time (the CJK collection most): no bold italic, no bold Chinese (the
fallback takes the regular face)."""
CJK_SC = 2
"""The face of the collection for Simplified Chinese (JP, KR, SC, TC, HK)."""
ARABIC_TEXT = re.compile('[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]')
HEBREW_TEXT = re.compile('[\u0590-\u05ff\ufb1d-\ufb4f]')
HEBREW = NOTO / 'NotoSansHebrew-Regular.ttf'
"""Optional: user text in Hebrew gets it when the file is there (the report's own words never need it)."""
NEEDS_SHAPING = re.compile(f'{ARABIC_TEXT.pattern}|{HEBREW_TEXT.pattern}')
"""Right-to-left scripts: HarfBuzz orders (and, for Arabic, joins) their letters."""
CJK_TEXT = re.compile('[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]')


def register_fonts(pdf: FPDF, text: str) -> bool:
    """Register Noto Sans, and Noto Naskh Arabic and Noto Sans CJK as fallbacks when the text needs them.
    Returns whether some text needs shaping (Arabic, Hebrew)."""
    wanted = [LATIN]
    arabic, cjk = bool(ARABIC_TEXT.search(text)), bool(CJK_TEXT.search(text))
    wanted += [ARABIC] if arabic else []
    wanted += [CJK] if cjk else []
    missing = [str(path) for files in wanted for path in files.values() if not path.exists()]
    if missing:
        raise ReportUnavailable(_('The PDF report needs the Noto fonts on the server (Debian packages fonts-noto-core '
                                  'and fonts-noto-cjk). Missing: {files}').format(files=', '.join(missing)),
                                code='report_fonts_missing')
    for style, path in LATIN.items():
        pdf.add_font('Noto', style, str(path))
    fallbacks = []
    if arabic:
        for style, path in ARABIC.items():
            pdf.add_font('NotoArabic', style, str(path))
        fallbacks.append('NotoArabic')
    if cjk:
        for style, path in CJK.items():
            pdf.add_font('NotoCJK', style, str(path), collection_font_number=CJK_SC)
        fallbacks.append('NotoCJK')
    if HEBREW_TEXT.search(text) and HEBREW.exists():
        pdf.add_font('NotoHebrew', '', str(HEBREW))
        fallbacks.append('NotoHebrew')
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    return bool(NEEDS_SHAPING.search(text))


def tokens(text: str) -> list[tuple[str, bool]]:
    """Words, and single CJK characters, each with whether it is glued to the one before (no space between)."""
    tokens: list[tuple[str, bool]] = []
    for word in text.split():
        if CJK_TEXT.search(word):
            parts = re.findall(CJK_TEXT.pattern + '|[^' + CJK_TEXT.pattern[1:-1] + ']+', word)
            tokens += [(part, i > 0) for i, part in enumerate(parts)]
        else:
            tokens.append((word, False))
    return tokens


def pieces(text: str, size: int = 120) -> list[str]:
    """`text` cut after a space every `size` characters or so; written one after another they flow as one."""
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.find(' ', start + size)
        if cut < 0:
            break
        pieces.append(text[start:cut + 1])
        start = cut + 1
    return [*pieces, text[start:]]
