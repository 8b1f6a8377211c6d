"""Child process of benchmarks/run.py: opens FILE in the real window (offscreen) and prints one JSON
line with its timings. ``--t0`` is the parent's clock just before it started this process, so
times include interpreter start-up and imports.

    python benchmarks/gui_probe.py FILE --t0 SECONDS [--stall]
"""

from __future__ import annotations

import time

T_IMPORT = time.time()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--t0", type=float, default=T_IMPORT)
    ap.add_argument("--stall", action="store_true", help="measure event-loop stalls until done")
    args = ap.parse_args()

    from PySide6.QtCore import QElapsedTimer, QTimer

    from reader.ui.app import make_app

    app = make_app("light")
    from reader.ui.window import MainWindow

    window = MainWindow()
    window.resize(1280, 800)
    result: dict = {}
    tick_ms = 5
    clock = QElapsedTimer()
    state = {"last": 0, "max": 0.0}

    def on_tick() -> None:
        now = clock.elapsed()
        late = now - state["last"] - tick_ms
        state["max"] = max(state["max"], late)
        state["last"] = now

    ticker = QTimer()
    ticker.setInterval(tick_ms)
    ticker.timeout.connect(on_tick)

    def finish() -> None:
        result["max_gui_stall_ms"] = float(state["max"])
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result["from_library"] = window.controller.from_library
        from reader.worker import shared

        pid = shared().pid  # the analysis process (none when the library held the analysis)
        from benchmarks.common import peak_rss_mb

        result["worker_peak_rss_mb"] = peak_rss_mb(pid) if pid else 0.0
        app.quit()

    def on_shown() -> None:
        result["analysis_shown_s"] = time.time() - args.t0
        # keep watching a little: highlights may still be applied in slices after the signal
        QTimer.singleShot(1500 if args.stall else 0, finish)

    def on_error(message: str) -> None:
        print(message, file=sys.stderr)
        app.exit(1)

    def on_first_frame() -> None:
        result.setdefault("first_window_s", time.time() - args.t0)

    window.analysisShown.connect(on_shown)
    window.errorShown.connect(on_error)
    window.show()
    window.open_path(args.file)
    QTimer.singleShot(0, on_first_frame)
    clock.start()
    if args.stall:
        ticker.start()
    QTimer.singleShot(600_000, lambda: app.exit(2))
    code = app.exec()
    if code == 0:
        print(json.dumps(result))
    return code


if __name__ == "__main__":
    sys.exit(main())
