"""Run `run.py` under a tiny sampling profiler of the main (event-loop) thread; no extra dependencies.

    python bench/sampling_profiler.py OUT.txt run.py --host 127.0.0.1 --port 8080

Every `BENCH_PROFILE_INTERVAL` seconds (default 5 ms) a daemon thread takes the main thread's Python stack
(`sys._current_frames`). At exit it writes to OUT.txt the functions that were on the stack most often ("inclusive")
and the innermost frames ("self"); samples with the loop waiting in its selector count as idle. It shows where the
event loop spends its time; it is not exact, and each sample holds the GIL for a moment.
"""

import atexit
import collections
import os
import runpy
import sys
import threading
import time
from types import FrameType

INTERVAL = float(os.environ.get('BENCH_PROFILE_INTERVAL', '0.005'))


def label(frame: FrameType) -> str:
    code = frame.f_code
    path = code.co_filename
    for marker in ('site-packages/', '/lib/python3'):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f'{code.co_name} ({path}:{code.co_firstlineno})'


class Sampler:
    def __init__(self, out_path: str) -> None:
        self.out_path = out_path
        self.main_id = threading.main_thread().ident
        self.inclusive: collections.Counter[str] = collections.Counter()
        self.innermost: collections.Counter[str] = collections.Counter()
        self.samples = 0
        self.idle = 0
        self.stop = threading.Event()

    def start(self) -> None:
        atexit.register(self.report)
        threading.Thread(target=self.run, name='sampling-profiler', daemon=True).start()

    def run(self) -> None:
        next_report = time.monotonic() + 5
        while not self.stop.wait(INTERVAL):
            if time.monotonic() > next_report:  # also written every 5 s: the server may end without atexit
                self.report(final=False)
                next_report = time.monotonic() + 5
            frame = sys._current_frames().get(self.main_id)
            if frame is None:
                continue
            self.samples += 1
            code = frame.f_code
            if (code.co_name in {'select', 'poll'} and 'selectors' in code.co_filename) \
                    or (code.co_name == 'run' and code.co_filename.endswith('asyncio/runners.py')):
                self.idle += 1  # waiting in the selector, or inside uvloop's C loop (idle or native callbacks)
                continue
            self.innermost[label(frame)] += 1
            seen = set()
            current: FrameType | None = frame
            while current is not None:
                name = label(current)
                if name not in seen:
                    self.inclusive[name] += 1
                    seen.add(name)
                current = current.f_back

    def report(self, final: bool = True) -> None:
        if final:
            self.stop.set()
        busy = max(1, self.samples - self.idle)
        lines = [f'{self.samples} samples every {INTERVAL * 1000:.0f} ms; {self.idle} idle '
                 f'(selector, or inside the C code of uvloop), {busy} busy', '', 'inclusive (% of busy samples):']
        lines += [f'{100 * c / busy:6.1f}  {name}' for name, c in self.inclusive.most_common(60)]
        lines += ['', 'innermost frame (% of busy samples):']
        lines += [f'{100 * c / busy:6.1f}  {name}' for name, c in self.innermost.most_common(40)]
        with open(self.out_path, 'w') as f:
            f.write('\n'.join(lines) + '\n')


def main() -> None:
    out_path, script, *rest = sys.argv[1:]
    Sampler(out_path).start()
    sys.argv = [script, *rest]
    sys.path[0] = os.path.dirname(os.path.abspath(script))  # as if run.py had been started directly
    runpy.run_path(script, run_name='__main__')


if __name__ == '__main__':
    main()
