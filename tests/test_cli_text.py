"""``reader text``: the loaded text exactly, JSON lines, and bad files that do not stop the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from _loader_samples import NEWS_PARAGRAPHS, make_docx, news_html, two_chapter_epub

ROOT = Path(__file__).resolve().parent.parent


def run_text(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reader", "text", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def test_cli_text_seed_printed_exactly(seed_path):
    proc = run_text(str(seed_path))
    assert proc.returncode == 0, proc.stderr
    expected = seed_path.read_bytes().replace(b"\r\n", b"\n")
    if not expected.endswith(b"\n"):
        expected += b"\n"
    assert proc.stdout == expected
    assert proc.stderr == b""


def test_cli_text_json_lines_in_order(tmp_path, seed_path):
    (tmp_path / "story.html").write_text(news_html(), encoding="utf-8")
    two_chapter_epub(tmp_path / "book.epub")
    files = [str(seed_path), str(tmp_path / "story.html"), str(tmp_path / "book.epub")]
    proc = run_text(*files, "--json")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [r["source"] for r in rows] == files
    assert set(rows[0]) == {"source", "title", "text"}
    assert rows[0]["text"] == seed_path.read_text(encoding="utf-8")
    assert rows[1]["title"] == "Council approves budget"
    assert NEWS_PARAGRAPHS[1] in rows[1]["text"]
    assert rows[2]["title"] == "Two Chapters"


def test_cli_text_bad_file_among_good(tmp_path, seed_path):
    make_docx(tmp_path / "report.docx")
    fake = tmp_path / "fake.docx"
    fake.write_text("plain text pretending to be a Word file\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    proc = run_text(str(tmp_path / "report.docx"), str(fake), str(missing), str(seed_path))
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")
    assert "Quarterly Report" in out
    assert out.endswith(seed_path.read_text(encoding="utf-8").rstrip("\n") + "\n")
    err_lines = proc.stderr.decode("utf-8").splitlines()
    assert len(err_lines) == 2, err_lines
    assert str(fake) in err_lines[0] and "[E007]" in err_lines[0]
    assert str(missing) in err_lines[1] and "[E001]" in err_lines[1]
    assert "Traceback" not in proc.stderr.decode("utf-8")


def test_cli_text_hundreds_of_pages_quickly(tmp_path):
    """A directory of 300 generated news pages: all printed, no library chatter on stderr."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(300):
        extra = "".join(f"<p>Paragraph {j} of page {i}, words enough for a body.</p>" for j in range(8))
        page = news_html().replace("<h2>Bus lines stay</h2>", f"<h2>Page {i}</h2>{extra}")
        (pages / f"p{i:03d}.html").write_text(page, encoding="utf-8")
    proc = run_text(str(pages), "--json")  # its speed: benchmarks/hostile.py
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == b""
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert len(rows) == 300
    assert all("Paragraph 7 of page" in r["text"] for r in rows)
    assert all("SCRIPT_TEXT" not in r["text"] for r in rows)
