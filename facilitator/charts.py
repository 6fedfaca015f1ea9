"""Charts of the report drawn as PNG with matplotlib (Agg, no display), in Noto fonts that cover Latin, Cyrillic,
Arabic and Chinese labels.

Figures are built with `matplotlib.figure.Figure`, not pyplot, so threads of the report pool never share state.
Blocking and CPU-bound: call it from the export, which runs in the app's read pool (facilitator/worker.py).
"""

import io
import re
import threading
from functools import cache, lru_cache
from pathlib import Path

import matplotlib as mpl

mpl.use('Agg')

from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .document import Chart, text_width

NOTO = Path('/usr/share/fonts/truetype/noto')
CJK = Path('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')
FONT_FILES = (NOTO / 'NotoSans-Regular.ttf', NOTO / 'NotoSans-Bold.ttf', NOTO / 'NotoNaskhArabic-Regular.ttf', CJK)
ARABIC_TEXT = re.compile('[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]')
CJK_TEXT = re.compile('[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]')
COLOURS = ('#1f4e79', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948')
DPI = 130
WIDTH_IN = 6.3
LABEL_CHARS = 38
_lock = threading.Lock()


@cache
def _registered() -> None:
    """Register the Noto files that exist, once per process."""
    with _lock:
        for path in FONT_FILES:
            if path.exists():
                font_manager.fontManager.addfont(str(path))


def _families(text: str) -> list[str]:
    """The fonts to try in order for each glyph (matplotlib's fallback); Arabic and Chinese only when the text has
    them, as every extra face costs time on each label. DejaVu Sans ships with matplotlib."""
    _registered()
    families = ['Noto Sans']
    families += ['Noto Naskh Arabic'] if ARABIC_TEXT.search(text) else []
    families += ['Noto Sans CJK SC'] if CJK_TEXT.search(text) else []
    return [*families, 'DejaVu Sans']


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + '…'


@lru_cache(maxsize=64)
def png(chart: Chart) -> bytes:
    """The chart as a PNG: horizontal bars, one row per category (first at the top), one bar per series, values
    written at the bar ends. The same chart (equal data) is drawn once: Word and PDF of one report share it."""
    labels = [_short(c) for c in chart.categories]
    families = _families('\n'.join([chart.title, chart.unit, *labels, *(s.name for s in chart.series)]))
    rows, count = len(chart.categories), max(1, len(chart.series))
    height = 1.1 + (0.2 if count > 1 else 0) + rows * (0.22 + 0.16 * count)
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI)
    FigureCanvasAgg(figure)
    with mpl.rc_context({'font.family': families, 'font.size': 8.5, 'axes.titlesize': 10}):
        axes = figure.add_subplot()
        bar = 0.8 / count
        largest = max((v for s in chart.series for v in s.values), default=0) or 1
        for i, series in enumerate(chart.series):
            positions = [r + (i - (count - 1) / 2) * bar for r in range(rows)]
            bars = axes.barh(positions, series.values, height=bar * 0.92, color=COLOURS[i % len(COLOURS)],
                             label=series.name)
            axes.bar_label(bars, labels=[_value(v) for v in series.values], padding=2, fontsize=7.5)
        axes.set_yticks(range(rows), labels)
        axes.invert_yaxis()
        axes.set_xlim(0, largest * 1.15)
        axes.set_title(chart.title, loc='left', fontweight='bold', pad=16 if count > 1 else 6)
        if chart.unit:
            axes.set_xlabel(chart.unit)
        for side in ('top', 'right'):
            axes.spines[side].set_visible(False)
        axes.grid(axis='x', color='#dddddd', linewidth=0.6)
        axes.set_axisbelow(True)
        if count > 1:
            axes.legend(loc='lower left', bbox_to_anchor=(0.0, 0.99), ncols=count, frameon=False, fontsize=8,
                        borderaxespad=0.0, borderpad=0.0, handlelength=1.2)
        # margins by hand: tight_layout draws the whole figure once more just to measure it
        left = min(0.5, 0.03 + max((text_width(label) for label in labels), default=4) * 0.0118)
        top = 1 - (0.62 if count > 1 else 0.42) / height
        figure.subplots_adjust(left=left, right=0.97, top=top, bottom=(0.5 if chart.unit else 0.3) / height)
        buffer = io.BytesIO()
        figure.savefig(buffer, format='png', dpi=DPI, pil_kwargs={'compress_level': 1})  # zlib's fastest level
    return buffer.getvalue()


def _value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f'{value:.1f}'
