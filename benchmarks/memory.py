"""Peak memory of the analysis against the length of the text: the RSS curve.

    .venv/bin/python benchmarks/memory.py [--sizes 0.1 1 3 10] [--json] [--save]

For each size (MB of text, built from the PolNeAR texts in ../shared, repeated when the corpus is
shorter, written only to a temporary folder) a fresh analysis worker process (reader.worker)
loads the model and analyses the file; its peak resident memory (VmHWM) is read when it is done.
Then a 50 MB text file is opened as the window would: it is refused at once, with one line.
Target: every size analysed in at most 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.common import benchmark_text, peak_rss_mb  # noqa: E402

TARGET_MB = 1536


def text_of(mb: float, base: str) -> str:
    need = int(mb * 1_000_000)
    parts = [base]
    while sum(map(len, parts)) < need:
        parts.append(base)
    return "\n\n".join(parts)[:need]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 1, 3, 10])
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--save", action="store_true", help="write benchmarks/results/memory.json (the README quotes it)"
    )
    args = ap.parse_args()

    from reader.core.errors import ReaderError
    from reader.core.loaders import load
    from reader.worker import AnalysisWorker

    base = benchmark_text(10**9)  # every text in the corpus
    rows = []
    with tempfile.TemporaryDirectory(prefix="reader-memory-") as tmp:
        for mb in args.sizes:
            path = Path(tmp) / f"text-{mb:g}MB.txt"
            path.write_text(text_of(mb, base), encoding="utf-8")
            worker = AnalysisWorker(hang_seconds=600, memory_limit=8 * 1024**3)
            try:
                worker.start()
                assert worker.pid is not None
                model_mb = peak_rss_mb(worker.pid)
                t = time.perf_counter()
                analysis = worker.analyze_file(str(path))
                seconds = time.perf_counter() - t
                peak = peak_rss_mb(worker.pid)
            finally:
                worker.close()
            rows.append(
                {
                    "text_mb": mb,
                    "words": len(analysis.article.text.split()),
                    "model_loaded_mb": round(model_mb),
                    "peak_rss_mb": round(peak),
                    "seconds": round(seconds, 1),
                    "quotes": len(analysis.quotes),
                    "within_target": peak <= TARGET_MB,
                }
            )
            if not args.json:
                r = rows[-1]
                print(
                    f"{mb:>6g} MB  {r['words']:>9,} words  peak {r['peak_rss_mb']:>5} MB "
                    f"(model {r['model_loaded_mb']} MB)  {r['seconds']:>6} s  {r['quotes']:,} quotes",
                    flush=True,
                )
        big = Path(tmp) / "text-50MB.txt"
        big.write_text(text_of(50, base), encoding="utf-8")
        t = time.perf_counter()
        try:
            load(str(big))
            refusal = "analysed (not refused)"
        except ReaderError as exc:
            refusal = str(exc)
        refused_s = time.perf_counter() - t
    result = {
        "sizes": rows,
        "fifty_mb": {"message": refusal, "seconds": round(refused_s, 2)},
        "target_mb": TARGET_MB,
    }
    if args.save:
        from benchmarks.common import save_results

        save_results("memory", result)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"50 MB text file: {refusal} ({refused_s:.2f} s)")
        print("all within 1.5 GB:", all(r["within_target"] for r in rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
