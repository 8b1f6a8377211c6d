"""Third-party notices for the frozen app: what it bundles, under which licence, with the texts.

    .venv/bin/python packaging/notices.py OUT.txt      # (reader.spec runs it for every build)

The frozen app carries the Python interpreter, every package the reader needs at run time (the
closure of its requirements, read from the installed metadata), the Qt libraries inside the
PySide6 wheels, the spaCy model and the reader's own attribution model. For each: its name,
version and licence, and the licence files its distribution ships. Qt and PySide6 are used under
the LGPL 3.0, whose text (and the GPL 3.0 it builds on) the wheels do not carry: they are taken
from the system's copy (``/usr/share/common-licenses`` on Debian and Ubuntu, ``LGPL_TEXTS`` to
point elsewhere). A missing text stops the build with one line: an app without it may not ship.
"""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LGPL_TEXTS = ("LGPL-3", "GPL-3")
_LICENCE_FILE = re.compile(r"(?i)(^|/)(licen[cs]e|copying|notice|authors)[^/]*$")
RULE = "=" * 78


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(root: str = "reader") -> list[metadata.Distribution]:
    """The distributions ``root`` needs at run time, itself left out: requirements without an
    extra marker, followed through the installed metadata."""
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = _key(todo.pop())
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        for req in dist.requires or []:
            spec, _, marker = req.partition(";")
            if "extra" in marker:
                continue
            found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
            if found:
                todo.append(found.group(1))
    seen.pop(_key(root), None)
    return sorted(seen.values(), key=lambda d: _key(d.metadata["Name"]))


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression
    declared = (meta.get("License") or "").strip()
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    if declared and len(declared) <= 80:
        return declared
    return "; ".join(classifiers) or (declared.splitlines()[0] if declared else "see its files")


def licence_texts(dist: metadata.Distribution) -> list[tuple[str, str]]:
    out = []
    for file in dist.files or []:
        if _LICENCE_FILE.search(str(file)) and not str(file).endswith((".py", ".pyc")):
            try:
                out.append((str(file), Path(str(dist.locate_file(file))).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return out


def _lgpl_texts() -> list[tuple[str, str]]:
    folder = Path(os.environ.get("LGPL_TEXTS", "/usr/share/common-licenses"))
    texts = []
    for name in LGPL_TEXTS:
        path = folder / name
        if not path.is_file():
            raise SystemExit(
                f"notices: {path}: the {name} text Qt's licence requires is missing "
                "(apt-get install base-files, or set LGPL_TEXTS to a folder holding it)"
            )
        texts.append((name, path.read_text(encoding="utf-8")))
    return texts


def notices() -> str:
    from reader import __version__

    parts = [
        f"Reader {__version__}: third-party notices",
        "",
        "Reader itself is under the MIT licence (its text follows). The app bundles the software",
        "below, each under its own licence. Qt and PySide6 are used under the GNU LGPL 3.0: you may",
        "replace the Qt and PySide6 libraries in this folder with your own builds of the same",
        "versions; their sources are at https://download.qt.io and https://code.qt.io/pyside.",
        "",
        RULE,
        "Reader",
        RULE,
        (ROOT / "LICENSE").read_text(encoding="utf-8"),
        "The attribution model shipped with Reader (reader/nlp/quotes/attribution_*) was trained by",
        "the Reader developers on the train split of PolNeAR (Newell, Margolin and Ruths, LREC 2018);",
        "it holds learned weights only, no text of the corpus.",
        "",
        RULE,
        f"Python {sys.version.split()[0]} (Python Software Foundation License)",
        RULE,
    ]
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    python_licence = python_licence / "LICENSE.txt"
    parts.append(python_licence.read_text(encoding="utf-8") if python_licence.is_file() else "")
    for dist in runtime_closure():
        name, version = dist.metadata["Name"], dist.version
        parts += ["", RULE, f"{name} {version}: {licence_of(dist)}", RULE]
        if _key(name) == "pyside6-essentials":
            parts.append(f"{name} bundles the Qt {version} libraries (The Qt Company), under the same terms.")
        for file, text in licence_texts(dist):
            parts += [f"--- {file}", text.rstrip(), ""]
    parts += ["", RULE, "GNU Lesser General Public License 3.0 and GNU General Public License 3.0", RULE]
    for name, text in _lgpl_texts():
        parts += [f"--- {name}", text.rstrip(), ""]
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: notices.py OUT.txt", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(notices(), encoding="utf-8")
    print(f"notices: {out} ({out.stat().st_size // 1024} KB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
