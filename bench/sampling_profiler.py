"""Run `run.py` under a tiny sampling profiler of the main (event-loop) thread; no extra dependencies.

    python bench/sampling_profiler.py OUT_PREFIX run.py --host 127.0.0.1 --port 8080

Every `BENCH_PROFILE_INTERVAL` seconds (default 5 ms) a daemon thread takes the main thread's Python stack
(`sys._current_frames`) and counts the functions on it ("inclusive") and the innermost frame ("self"); samples with
the loop waiting in its selector, or inside uvloop's C code, count as idle.

Phases: SIGUSR1 writes the current phase to `OUT_PREFIX-<n>-<name>.txt` and starts the next one. Names come from
`BENCH_PROFILE_PHASES` (comma-separated, default "phase1,phase2,..."). The current phase is also rewritten every 5 s
and at exit, since the server may end without running atexit handlers.
It shows where the event loop spends its time; it is not exact, and each sample holds the GIL for a moment.
"""

import atexit
import collections
import os
import runpy
import signal
import sys
import threading
import time
from types import FrameType

INTERVAL = float(os.environ.get('BENCH_PROFILE_INTERVAL', '0.005'))
PHASES = [p for p in os.environ.get('BENCH_PROFILE_PHASES', '').split(',') if p]


def label(frame: FrameType) -> str:
    code = frame.f_code
    path = code.co_filename
    for marker in ('site-packages/', '/lib/python3'):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f'{code.co_name} ({path}:{code.co_firstlineno})'


class Sampler:
    def __init__(self, out_prefix: str) -> None:
        self.out_prefix = out_prefix
        self.main_id = threading.main_thread().ident
        self.phase = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self._reset()

    def _reset(self) -> None:
        self.inclusive: collections.Counter[str] = collections.Counter()
        self.innermost: collections.Counter[str] = collections.Counter()
        self.samples = 0
        self.idle = 0
        self.started = time.monotonic()

    def start(self) -> None:
        atexit.register(self.report)
        signal.signal(signal.SIGUSR1, lambda *_: threading.Thread(target=self.next_phase).start())
        threading.Thread(target=self.run, name='sampling-profiler', daemon=True).start()

    def next_phase(self) -> None:
        with self.lock:
            self._write()
            self.phase += 1
            self._reset()

    def run(self) -> None:
        next_report = time.monotonic() + 5
        while not self.stop.wait(INTERVAL):
            frame = sys._current_frames().get(self.main_id)
            if frame is None:
                continue
            with self.lock:
                self._sample(frame)
                if time.monotonic() > next_report:
                    self._write()
                    next_report = time.monotonic() + 5

    def _sample(self, frame: FrameType) -> None:
        self.samples += 1
        code = frame.f_code
        if (code.co_name in {'select', 'poll'} and 'selectors' in code.co_filename) \
                or (code.co_name == 'run' and code.co_filename.endswith('asyncio/runners.py')):
            self.idle += 1
            return
        self.innermost[label(frame)] += 1
        seen = set()
        current: FrameType | None = frame
        while current is not None:
            name = label(current)
            if name not in seen:
                self.inclusive[name] += 1
                seen.add(name)
            current = current.f_back

    def report(self) -> None:
        self.stop.set()
        with self.lock:
            self._write()

    def _write(self) -> None:
        name = PHASES[self.phase] if self.phase < len(PHASES) else f'phase{self.phase + 1}'
        busy = max(1, self.samples - self.idle)
        seconds = time.monotonic() - self.started
        lines = [f'phase {name}: {seconds:.1f} s, {self.samples} samples every {INTERVAL * 1000:.0f} ms; '
                 f'{self.idle} idle (selector, or inside the C code of uvloop), {busy} busy '
                 f'(~{100 * busy / max(1, self.samples):.0f} % of the time)', '', 'inclusive (% of busy samples):']
        lines += [f'{100 * c / busy:6.1f}  {name}' for name, c in self.inclusive.most_common(70)]
        lines += ['', 'innermost frame (% of busy samples):']
        lines += [f'{100 * c / busy:6.1f}  {name}' for name, c in self.innermost.most_common(40)]
        with open(f'{self.out_prefix}-{self.phase + 1}-{name}.txt', 'w') as f:
            f.write('\n'.join(lines) + '\n')


def main() -> None:
    out_prefix, script, *rest = sys.argv[1:]
    Sampler(out_prefix).start()
    sys.argv = [script, *rest]
    sys.path[0] = os.path.dirname(os.path.abspath(script))  # as if run.py had been started directly
    runpy.run_path(script, run_name='__main__')


if __name__ == '__main__':
    main()
