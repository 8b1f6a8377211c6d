"""How fast hostile files are refused, and with how much memory (the tests check that they are
refused, and how much memory that takes; the time is measured here, never in a test).

    .venv/bin/python benchmarks/hostile.py [--json]

Each file is loaded in a child process that reports its own wall time and peak memory (VmHWM).
``ratio`` is that time over the time the same child takes to load a small, ordinary PDF: a
bomb is refused about as fast as an ordinary file is read. Targets: a PDF bomb refused in under
2 s with under 500 MB (issue 15), the zip bombs in under 0.25 s.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent / "tests")]

from _loader_samples import zip_bomb_docx  # noqa: E402
from test_pdf_bombs import GIB, deflate_bomb, load_in_child, lzw_bomb, pdf_with_streams  # noqa: E402

TARGET_S = {"pdf": 2.0, "zip": 0.25}


def samples(tmp: Path) -> dict[str, tuple[Path, str]]:
    files = {}
    plain = tmp / "plain.pdf"
    plain.write_bytes(pdf_with_streams([(b"", b"BT /F1 12 Tf 72 700 Td (An ordinary page.) Tj ET")]))
    files["ordinary_pdf"] = (plain, "")
    flate = tmp / "flate8k.pdf"
    flate.write_bytes(pdf_with_streams([(b"/Filter /FlateDecode", deflate_bomb(GIB))]))
    files["pdf_bomb_flate_8k_window"] = (flate, "pdf")
    lzw = tmp / "lzw.pdf"
    lzw.write_bytes(pdf_with_streams([(b"/Filter /LZWDecode", lzw_bomb(GIB))]))
    files["pdf_bomb_lzw"] = (lzw, "pdf")
    twice = tmp / "twice.pdf"
    inner = deflate_bomb(GIB)
    twice.write_bytes(pdf_with_streams([(b"/Filter [/FlateDecode /FlateDecode]", zlib.compress(inner, 9))]))
    files["pdf_bomb_deflated_twice"] = (twice, "pdf")
    files["docx_zip_bomb"] = (zip_bomb_docx(tmp / "bomb.docx"), "zip")
    return files


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out = {}
    with tempfile.TemporaryDirectory(prefix="reader-hostile-") as tmpdir:
        files = samples(Path(tmpdir))
        base = min(load_in_child(files["ordinary_pdf"][0])["seconds"] for _ in range(3))
        for name, (path, kind) in files.items():
            res = min((load_in_child(path) for _ in range(2)), key=lambda r: r["seconds"])
            out[name] = {
                "seconds": round(res["seconds"], 3),
                "ratio": round(res["seconds"] / base, 1) if base else None,
                "peak_mb": round(res["peak_mb"], 1),
                "refused": res["outcome"].split(":")[0] if res["outcome"] != "loaded" else "no",
                "target_s": TARGET_S.get(kind),
            }
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"{'file':<26} {'seconds':>8} {'ratio':>7} {'peak MB':>8}  refused                target")
    for name, r in out.items():
        t = r["target_s"]
        mark = "" if t is None else f"<= {t} s {'ok' if r['seconds'] <= t else 'MISSED'}"
        print(f"{name:<26} {r['seconds']:>8} {r['ratio']!s:>7} {r['peak_mb']:>8}  {r['refused']:<22} {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
