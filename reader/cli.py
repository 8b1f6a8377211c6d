"""Command line: ``reader [FILE]`` opens the window; ``analyze``, ``text`` and ``export`` run headless.

Qt and spaCy are imported lazily, only by the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from reader.core.errors import AnalysisFailedError, ReaderError

COMMANDS = (
    "analyze", "text", "export", "index", "import", "quotes", "speakers", "corrections", "install-desktop",
)  # fmt: skip


def _fail(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr, flush=True)


def expand_paths(items: Iterable[str]) -> Iterator[str]:
    """Files given directly, and the supported files inside given directories (sorted)."""
    from reader.library.files import folder_files

    for item in items:
        if os.path.isdir(item):
            yield from folder_files(item)
        else:
            yield item


# --- analyze ---------------------------------------------------------------------------


def _analyze_one(path: str) -> tuple[str, dict | None, str | None]:
    """(path, analysis as JSON, error message) - runs in worker processes too."""
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze

    try:
        return path, analyze(load(path)).to_json(), None
    except ReaderError as exc:
        return path, None, str(exc)
    except Exception as exc:  # an analyser bug must not take the batch down
        return path, None, str(AnalysisFailedError(path, f"{type(exc).__name__}: {exc}"))


def _summary(data: dict) -> str:
    lines = [f"{data['source']}", f"  title: {data['title'] or '(none)'}"]
    canon = data.get("canonical_entities", [])
    lines.append(
        f"  {len(data['entities'])} entity mentions ({len(canon)} distinct), "
        f"{len(data['quotes'])} quotes, {len(data['figures'])} figures"
    )
    top = sorted(canon, key=lambda c: (-c["count"], c["name"]))[:12]
    if top:
        lines.append("  entities: " + ", ".join(f"{c['name']} ({c['count']})" for c in top))
    speakers: dict[str, list[dict]] = {}
    from reader.core.identity import speaker_label

    for q in data["quotes"]:
        name = speaker_label(q.get("speaker_name"), (q.get("speaker") or {}).get("text"))
        speakers.setdefault(name, []).append(q)
    if speakers:
        lines.append("  speakers:")
        for name, qs in sorted(speakers.items(), key=lambda kv: -len(kv[1])):
            lines.append(f"    {name} ({len(qs)})")
            for q in qs:
                body = " ".join(q["text"].split())
                body = body if len(body) <= 100 else body[:97] + "..."
                cue = q["cue"]["text"] if q.get("cue") else "-"
                if q.get("content_type") == "phrase":  # a noun phrase follows its cue, as in the reports
                    lead = f"{cue} " if q.get("cue") else ""
                    lines.append(f"      [{q['kind']}, stance] {lead}{body}")
                else:
                    lines.append(f"      [{q['kind']}, {cue}] {body}")
    if data["figures"]:
        lines.append("  figures:")
        for f in data["figures"]:
            qual = f"{f['qualifier']} " if f.get("qualifier") else ""
            unit = f" {f['unit']}" if f.get("unit") else ""
            lines.append(f"    {qual}{f['value']:,}{unit}    ({f['text']})")
    return "\n".join(lines)


class _Corrections:
    """The reader's corrections (the corrections file beside the library, read-only) laid on
    analyses as the CLI prints or exports them; nothing is read when there are none."""

    def __init__(self, enabled: bool = True) -> None:
        self.store = None
        self.lost: list[tuple[str, int]] = []  # (file, corrections that could not re-attach)
        if not enabled:
            return
        from reader.library.corrections import CorrectionStore

        store = CorrectionStore(readonly=True)
        try:
            if store.count():
                self.store = store
        except ReaderError as exc:
            _fail(f"{exc} (the analyses are printed uncorrected)")

    def json(self, path: str, data: dict) -> dict:
        if self.store is None:
            return data
        from reader.core.model import Analysis

        return self.analysis(path, Analysis.from_json(data)).to_json()

    def analysis(self, path: str, analysis):  # -> Analysis
        if self.store is None:
            return analysis
        try:
            done = self.store.applied(analysis, path)
        except ReaderError as exc:
            _fail(f"{exc} (printed without corrections)")
            self.store = None
            return analysis
        if done is None:
            return analysis
        if done.orphaned:
            n = len(done.orphaned)
            _fail(
                f"{path}: {n} correction{'s' if n != 1 else ''} could not be re-attached (the text changed)"
            )
        return done.analysis


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / max(total, 1))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _warn(data: dict) -> None:
    """An article's warning (``Article.warning``), as one line on stderr."""
    warning = (data.get("metadata") or {}).get("warning")
    if warning:
        _fail(f"{data.get('source')}: {warning}")


def cmd_analyze(args: argparse.Namespace) -> int:
    from reader.core.errors import ModelMissingError
    from reader.nlp.pipeline import model_available

    if not model_available():
        _fail(str(ModelMissingError()))
        return 1
    paths = list(expand_paths(args.files))
    if not paths:
        _fail("no files to analyse")
        return 1
    show_bar = sys.stderr.isatty() and len(paths) > 1
    status = 0
    jobs = max(1, args.jobs)
    corrections = _Corrections(enabled=not args.no_corrections)
    pool = None
    if jobs > 1 and len(paths) > 1:
        from reader.worker import analyse_files

        pool = analyse_files(paths, jobs, ordered=True)  # analysis worker processes (a generator)
        results: Iterable = ((r.path, r.data, r.error) for r in pool)
    else:
        results = map(_analyze_one, paths)
    try:
        for i, (_path, data, error) in enumerate(results, 1):
            if error:
                status = 1
                if show_bar:
                    sys.stderr.write("\n")
                _fail(error)
            else:
                _warn(data)
                data = corrections.json(_path, data)
                if args.json:
                    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
                    sys.stdout.flush()
                else:
                    print(_summary(data), flush=True)
            if show_bar:
                _progress(i, len(paths))
    finally:
        if pool is not None:
            pool.close()  # ends the workers
    return status


# --- text ------------------------------------------------------------------------------


def cmd_text(args: argparse.Namespace) -> int:
    from reader.core.loaders import load

    status = 0
    for path in expand_paths(args.files):
        try:
            article = load(path)
        except ReaderError as exc:
            _fail(str(exc))
            status = 1
            continue
        if args.json:
            row = {"source": article.source, "title": article.title, "text": article.text}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(article.text)
            if not article.text.endswith("\n"):
                sys.stdout.write("\n")
        sys.stdout.flush()
    return status


# --- export ----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from reader.core.loaders import load
    from reader.nlp.pipeline import analyze
    from reader.report.export import ExportOptions, check_target, export_format

    try:
        fmt = export_format(args.output)
        check_target(args.file, args.output)
        categories = None
        if args.categories:
            categories = [c.strip() for c in args.categories.split(",") if c.strip()]
        options = ExportOptions(only=tuple(args.only or ()), categories=categories, page_size=args.page_size)
        analysis = _Corrections(enabled=not args.no_corrections).analysis(
            os.path.abspath(args.file), analyze(load(args.file))
        )
        from reader.report.export import write_export

        if fmt == "pdf":
            import reader.ui.pdf  # noqa: F401  (Qt, imported only for PDF: registers its renderer)
        write_export(analysis, args.output, options)
    except ReaderError as exc:
        _fail(str(exc))
        return 1
    return 0


# --- library: index, quotes, speakers -------------------------------------------------------


def _index_progress(done: int, total: int, path: str, started: float) -> None:
    import time

    width = 30
    filled = int(width * done / max(total, 1))
    rate = done / max(time.monotonic() - started, 1e-9)
    name = os.path.basename(path)[:40]
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:5.1f}/s  {name:<40}")
    sys.stderr.flush()


PROGRESS_LINE_SECONDS = 30.0  # how often a run whose stderr is no terminal (a log) says how it goes


class ProgressLines:
    """Progress for a log: a line every ``every`` seconds (done, failed, rate, time left), and one
    at the end, where a terminal gets the redrawn bar."""

    def __init__(self, every: float = PROGRESS_LINE_SECONDS, clock=None) -> None:
        import time

        self.clock = clock or time.monotonic
        self.every = every
        self.last = self.clock()
        self.first: tuple[float, int] | None = None  # (time, done) at the first call: the rate's start

    def __call__(self, done: int, total: int, failed: int = 0, *, final: bool = False) -> None:
        import time

        now = self.clock()
        if self.first is None:
            self.first = (now, done)
            return
        if not final and now - self.last < self.every:
            return
        self.last = now
        t0, d0 = self.first
        rate = (done - d0) / max(now - t0, 1e-9)
        left = f", about {_duration((total - done) / rate)} left" if rate > 0 and done < total else ""
        stamp = time.strftime("%H:%M:%S")
        sys.stderr.write(
            f"reader index: {stamp} {done}/{total} done, {failed} failed, {rate:.1f} files/s{left}\n"
        )
        sys.stderr.flush()


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds} s"


def cmd_index(args: argparse.Namespace) -> int:
    import time

    from reader.library.indexer import index

    started = time.monotonic()
    show_bar = sys.stderr.isatty()
    lines = None if show_bar else ProgressLines()
    failed = [0]

    def progress(done: int, total: int, path: str) -> None:
        if show_bar:
            _index_progress(done, total, path, started)
        elif lines is not None:
            lines(done, total, failed[0])

    def count_failure(_path: str, _message: str) -> None:
        failed[0] += 1

    try:
        summary = index(
            args.paths,
            args.db,
            jobs=max(1, args.jobs),
            progress=progress,
            cluster=args.cluster,
            out=args.out,
            check=args.check,
            on_failure=count_failure,
        )
    except ReaderError as exc:
        if show_bar:
            sys.stderr.write("\n")
        _fail(str(exc))
        return 1
    if show_bar:
        sys.stderr.write("\n")
    elif lines is not None and summary.total:
        done = summary.added + summary.updated + summary.unchanged + summary.failed
        lines(done, summary.total, summary.failed, final=True)
    for _path, message in summary.failures:
        _fail(message)
    if summary.total == 0:
        _fail("no article files found in " + ", ".join(args.paths))
        return 1
    where = summary.out_path or summary.db_path
    tidied = "".join(
        f", {n} {what}" for n, what in ((summary.moved, "moved"), (summary.removed, "removed")) if n
    )
    print(
        f"{summary.total} files in {summary.seconds:.1f} s: {summary.added} added, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.failed} failed{tidied} ({where})",
        flush=True,
    )
    if summary.cancelled:
        _fail("interrupted; what was written stays, run the same command again to resume")
        return 130
    return 1 if summary.failed else 0


def cmd_import(args: argparse.Namespace) -> int:
    from reader.library.indexer import import_parquet

    try:
        written, unchanged = import_parquet(args.folder, args.db)
    except ReaderError as exc:
        _fail(str(exc))
        return 1
    print(f"{written} articles written, {unchanged} already in the library ({args.folder})", flush=True)
    return 0


CORRECTIONS_MAX_BYTES = 64 << 20  # a corrections file to import: larger is no person's work


def cmd_corrections(args: argparse.Namespace) -> int:
    """``reader corrections export|import``: the reader's corrections as data to share."""
    from reader.library.corrections import CorrectionStore

    try:
        if args.action == "import":
            if not args.file:
                _fail("reader corrections import: give the corrections file (JSON lines)")
                return 2
            return _import_corrections(args.file)
        with CorrectionStore(readonly=True) as store:
            records = store.records()
        out = args.output
        if args.training:
            from reader.library.corrections import training_records

            lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in training_records(records)]
            text = "".join(lines)
        elif out and out.lower().endswith(".csv"):
            from reader.library.corrections import review_csv

            text = review_csv(records)
        else:
            from reader.core.corrections import dumps

            text = dumps(records)
        if out:
            from reader.report.atomic import write_bytes_atomic

            write_bytes_atomic(out, text.encode("utf-8-sig" if out.lower().endswith(".csv") else "utf-8"))
            print(f"{len(records)} corrections written to {out}", flush=True)
        else:
            sys.stdout.write(text)
            sys.stdout.flush()
    except ReaderError as exc:
        _fail(str(exc))
        return 1
    return 0


def _import_corrections(path: str) -> int:
    from reader.core.corrections import loads
    from reader.library.corrections import CorrectionStore

    try:
        size = os.path.getsize(path)
        if size > CORRECTIONS_MAX_BYTES:
            _fail(
                f"{path}: {size:,} bytes is too large for a corrections file"
                f" (at most {CORRECTIONS_MAX_BYTES:,})"
            )
            return 1
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        _fail(f"{path}: cannot be read: {detail}")
        return 1
    try:
        records = loads(text)
    except ValueError as exc:
        _fail(f"{path}: not a corrections file: {exc} (nothing imported)")
        return 1
    try:
        with CorrectionStore() as store:
            added, known = store.add_many(records)
        from reader.library.corrections import refresh_paths

        # the library's speakers and search follow: its articles these corrections are about
        refreshed = refresh_paths(p for _h, p, _c in records if p) if added else 0
    except ReaderError as exc:
        _fail(str(exc))
        return 1
    also = f"; {refreshed} articles of the library updated" if refreshed else ""
    print(f"{added} corrections imported, {known} already here ({store.path}){also}", flush=True)
    return 0


def _open_library(db: str | None, parquet: str | None = None):  # -> Library or ParquetLibrary
    """The library for a read command: opened read-only (never created, migrated or written);
    a Parquet folder (``--parquet``) is read by DuckDB."""
    lib: Any
    if parquet is not None:
        from reader.library.parquet_query import ParquetLibrary

        lib = ParquetLibrary(parquet)
    else:
        from reader.library import Library

        lib = Library(db, readonly=True)
    if lib.speakers_stale():  # an interrupted index left speakers to merge: said, not done here
        _fail(f"{lib.path}: speakers out of date (an index run was interrupted): run `reader index` again")
    return lib


_QUOTE_FIELDS = (
    "speaker", "text", "kind", "cue", "speaker_as_written", "speaker_in_article",
    "title", "date", "article", "start", "end", "speaker_id",
)  # fmt: skip


SPEAKER_NAME_MAX = 200  # characters: longer is no name ("--speaker" given a quote by mistake)


def _speaker_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be looked up (empty, only spaces, too long), else None."""
    from reader.core.identity import form

    if not form(name):
        return "the speaker's name is empty"
    if len(name) > SPEAKER_NAME_MAX:
        return f"the speaker's name is {len(name)} characters long (at most {SPEAKER_NAME_MAX})"
    return None


def cmd_quotes(args: argparse.Namespace) -> int:
    import csv

    if args.speaker is not None:
        problem = _speaker_name_problem(args.speaker)
        if problem:
            _fail(f"reader quotes --speaker: {problem}")
            return 2
    try:
        with _open_library(args.db, args.parquet) as lib:
            speaker_ids: list[int | None] = [None]
            if args.speaker is not None:
                named = lib.speakers_named(args.speaker)
                if len(named) > 1:
                    listed = "; ".join(f"{s.name} ({s.quotes} quotes)" for s in named[:12])
                    _fail(f"several speakers are called {args.speaker!r}: {listed}; give one of these names")
                    return 2
                if not named:
                    near = [s.name for s in lib.find_speakers(args.speaker)[:5]]
                    hint = f"; did you mean {', '.join(near)}?" if near else ""
                    _fail(f"no speaker in the library is called {args.speaker!r} ({lib.path}){hint}")
                    return 1
                speaker_ids = [named[0].id]
            rows = [q for sid in speaker_ids for q in lib.quotes(speaker_id=sid, search=args.search)]
    except ReaderError as exc:
        _fail(str(exc))
        return 1
    writer = csv.writer(sys.stdout) if args.format == "csv" else None
    if writer is not None:
        writer.writerow(_QUOTE_FIELDS)
    from reader.core.identity import speaker_label

    for q in rows:
        shown = q.speaker or speaker_label(q.speaker_name, q.speaker_text)  # "unresolved (she)"
        values = (
            shown, q.text, q.kind, q.cue, q.speaker_text, q.speaker_name,
            q.article_title, q.article_date, q.article_path, q.start, q.end, q.speaker_id,
        )  # fmt: skip
        if writer is not None:
            writer.writerow(values)
        else:
            sys.stdout.write(
                json.dumps(dict(zip(_QUOTE_FIELDS, values, strict=True)), ensure_ascii=False) + "\n"
            )
    sys.stdout.flush()
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    import csv

    try:
        with _open_library(args.db, args.parquet) as lib:
            speakers = lib.speakers(kinds=None if args.all else ("person", "organization", "place", "other"))
    except ReaderError as exc:
        _fail(str(exc))
        return 1
    fields = ("name", "kind", "quotes", "articles", "variants", "id")
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(fields)
        for s in speakers:
            writer.writerow((s.name, s.kind, s.quotes, s.articles, "; ".join(s.variants), s.id))
    elif args.format == "jsonl":
        for s in speakers:
            row = dict(
                zip(fields, (s.name, s.kind, s.quotes, s.articles, list(s.variants), s.id), strict=True)
            )
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        for s in speakers:
            others = [v for v in s.variants if v != s.name][:4]
            also = f"  (also: {', '.join(others)})" if others else ""
            print(f"{s.quotes:6d} {s.articles:6d}  {s.kind:<12} {s.name}{also}")
    sys.stdout.flush()
    return 0


# --- window ----------------------------------------------------------------------------


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = value.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError("size must look like 1280x800") from None


# The libraries Qt's X11 (xcb) platform plugin loads, with their Debian/Ubuntu packages. When one
# is missing Qt aborts the process and names another one (xcb-cursor0 for any of them).
XCB_LIBRARIES = (
    ("xcb-cursor", "libxcb-cursor0"),
    ("xkbcommon-x11", "libxkbcommon-x11-0"),
    ("xcb-icccm", "libxcb-icccm4"),
    ("xcb-image", "libxcb-image0"),
    ("xcb-keysyms", "libxcb-keysyms1"),
    ("xcb-randr", "libxcb-randr0"),
    ("xcb-render-util", "libxcb-render-util0"),
    ("xcb-shape", "libxcb-shape0"),
    ("xcb-xkb", "libxcb-xkb1"),
)


def display_problem() -> str | None:
    """Why the window cannot open here (Linux only), as one line, before Qt tries and aborts."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, wayland, vnc...: Qt's own choice
    wayland = bool(os.environ.get("WAYLAND_DISPLAY")) and not platform
    if not os.environ.get("DISPLAY") and not wayland:
        return (
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset): run it in a "
            "desktop session, or use `reader analyze` or `reader export` without a window"
        )
    if wayland:
        return None
    import ctypes.util

    missing = [pkg for lib, pkg in XCB_LIBRARIES if ctypes.util.find_library(lib) is None]
    if missing:
        packages = " ".join(missing)
        return f"the window needs system libraries that are missing: sudo apt install {packages}"
    return None


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from reader import desktop

    try:
        done = desktop.uninstall() if args.uninstall else desktop.install()
    except OSError as exc:
        _fail(f"{exc.filename or desktop.data_home()}: cannot write the desktop files: {exc.strerror}")
        return 1
    verb = "removed" if args.uninstall else "wrote"
    for path in done:
        print(f"{verb} {path}")
    if not args.uninstall:
        print("Reader is in your application menu (log out and in if it does not show yet).")
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    problem = display_problem()
    if problem and not args.screenshot:
        _fail(problem)
        return 1
    if problem:  # a screenshot needs no screen: Qt draws it offscreen
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from reader.ui.app import run

    return run(args.file, screenshot=args.screenshot, size=args.size, theme=getattr(args, "theme", None))


def build_parsers() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    gui = argparse.ArgumentParser(
        prog="reader",
        description="Open an article in the reader window. "
        "Other commands: reader analyze | text | export | index | import | quotes | speakers "
        "| install-desktop (see reader COMMAND --help).",
    )
    gui.add_argument("file", nargs="?", help="article to open (default: the bundled sample)")
    gui.add_argument(
        "--screenshot", metavar="OUT.png", help="save a grab of the window once analysed, then exit"
    )
    gui.add_argument("--size", type=_size, default=None, metavar="WxH", help="window size (default 1280x800)")
    gui.add_argument(
        "--theme", choices=("light", "dark"), default=None, help="colour theme (default: the system's)"
    )
    from reader import __version__

    gui.add_argument("--version", action="version", version=f"reader {__version__}")

    cmds = argparse.ArgumentParser(prog="reader")
    sub = cmds.add_subparsers(dest="command", required=True)
    p = sub.add_parser("analyze", help="entities, quotes and figures of articles")
    p.add_argument("files", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    p.add_argument("--jobs", "-j", type=int, default=1, help="processes to use for several files")
    p.add_argument(
        "--no-corrections", action="store_true", help="the machine's analysis, without your corrections"
    )
    p.set_defaults(func=cmd_analyze)
    p = sub.add_parser("text", help="the article text exactly as loaded, without analysis")
    p.add_argument("files", nargs="+", metavar="FILE_OR_DIR")
    p.add_argument("--json", action="store_true", help='one {"source","title","text"} line per file')
    p.set_defaults(func=cmd_text)
    p = sub.add_parser("export", help="export the highlighted article (.pdf .md .html .json .csv)")
    p.add_argument("file", help="the article to export (any format the reader opens)")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="where to write; its extension picks the format (.pdf .md .html .json .csv)",
    )
    p.add_argument("--only", nargs="+", metavar="ENTITY", help="keep only these entities (by name)")
    p.add_argument(
        "--categories", metavar="a,b,...", help="categories to show (speaker,person,organization,...)"
    )
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    p.add_argument(
        "--no-corrections", action="store_true", help="the machine's analysis, without your corrections"
    )
    p.set_defaults(func=cmd_export)
    db_help = "library database (default: the user's data folder, or $READER_LIBRARY)"
    parquet_help = "read a Parquet folder of `reader index --out` instead (with DuckDB)"
    p = sub.add_parser("index", help="analyse folders into the library (incremental; Ctrl+C resumes later)")
    p.add_argument("paths", nargs="+", metavar="DIR_OR_FILE")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes on this machine")
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="a Dask scheduler (tcp://host:8786), or local[:N] (needs reader[cluster])",
    )
    p.add_argument("--out", metavar="DIR.parquet", help="write Parquet shards there instead of the database")
    p.add_argument(
        "--check",
        action="store_true",
        help="check the whole database first (PRAGMA integrity_check: about 3 s per GB)",
    )
    p.set_defaults(func=cmd_index)
    p = sub.add_parser("import", help="bring a Parquet folder (index --out, a cluster's) into the library")
    p.add_argument("folder", metavar="DIR.parquet")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("quotes", help="quotes in the library, by speaker and/or words")
    p.add_argument(
        "--speaker",
        metavar="NAME",
        help="one speaker: its name or one of its written forms (several speakers so called are listed)",
    )
    p.add_argument("--search", metavar="WORDS", help="words the quote or its speaker contains")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument(
        "--parquet",
        metavar="DIR",
        help=parquet_help + " (a search matches word beginnings, in article order)",
    )
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.set_defaults(func=cmd_quotes)
    p = sub.add_parser("speakers", help="speakers in the library with their quote counts")
    p.add_argument("--db", metavar="PATH", help=db_help)
    p.add_argument("--parquet", metavar="DIR", help=parquet_help)
    p.add_argument("--all", action="store_true", help="also unnamed sources (officials, a spokesperson)")
    p.add_argument("--format", choices=("text", "jsonl", "csv"), default="text")
    p.set_defaults(func=cmd_speakers)
    p = sub.add_parser(
        "corrections", help="your corrections: export them (to share, review, train) or import"
    )
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("file", nargs="?", metavar="FILE", help="import: the corrections file (JSON lines)")
    p.add_argument(
        "-o", "--output", metavar="OUT", help="export: where to write (.jsonl corrections, .csv for review)"
    )
    p.add_argument(
        "--training",
        action="store_true",
        help="export: attribution training data (source, cue and content spans per article, PolNeAR's form)",
    )
    p.set_defaults(func=cmd_corrections)
    p = sub.add_parser(
        "install-desktop",
        help="put the reader in your application menu (desktop entry, AppStream metadata, icon)",
    )
    p.add_argument("--uninstall", action="store_true", help="remove them again")
    p.set_defaults(func=cmd_install_desktop)
    return gui, cmds


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui, cmds = build_parsers()
    try:
        if argv and argv[0] in COMMANDS:
            args = cmds.parse_args(argv)
            return args.func(args)
        args = gui.parse_args(argv)
        return cmd_gui(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
