#!/usr/bin/env bash
# Creates .venv with Python 3.10 and the pinned requirements.
# Idempotent: re-installs only when requirements.txt changed since the last run.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python310() {
  # An explicit choice wins, then PATH, then pyenv (where python3.10 is usually
  # installed but not on PATH unless it is the active pyenv version).
  local candidates=()
  [ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
  command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
  if command -v pyenv >/dev/null 2>&1; then
    local root; root=$(pyenv root)
    for dir in "$root"/versions/3.10*/bin; do
      [ -x "$dir/python3.10" ] && candidates+=("$dir/python3.10")
    done
  fi
  for dir in "${HOME:-/root}"/.pyenv/versions/3.10*/bin; do
    [ -x "$dir/python3.10" ] && candidates+=("$dir/python3.10")
  done
  for py in "${candidates[@]}"; do
    if "$py" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; then
      echo "$py"; return 0
    fi
  done
  return 1
}

if ! PY=$(find_python310); then
  cat >&2 <<'MSG'
ERROR: Python 3.10 was not found.
Inngang needs Python 3.10 because Rasa Open Source 3.6 does not install on 3.11 or newer.
Install it, for example with pyenv:   pyenv install 3.10.13
or point to it explicitly:            PYTHON310=/path/to/python3.10 make run
MSG
  exit 3
fi

# The chat page's fonts and accessibility checker come from the npm registry
# (web/package-lock.json pins them) and are served locally, never from a CDN.
WEB_STAMP=web/node_modules/.package-lock.sha256
web_want=$(sha256sum web/package-lock.json | cut -d' ' -f1)
if [ ! -f "$WEB_STAMP" ] || [ "$(cat "$WEB_STAMP")" != "$web_want" ]; then
  if command -v npm >/dev/null 2>&1; then
    (cd web && npm ci --no-audit --no-fund --silent) && echo "$web_want" > "$WEB_STAMP"
  else
    echo "WARNING: npm not found: the chat page works, but without its Ethiopic and Arabic fonts." >&2
  fi
fi

# The page's tests and the posters use Debian's Chromium (Playwright never
# downloads a browser); the poster test reads QR codes back with zbarimg.
if { [ ! -x /usr/bin/chromium ] || ! command -v zbarimg >/dev/null 2>&1; } \
    && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium and zbar-tools for the chat page and its posters ..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium zbar-tools >/dev/null
fi

STAMP=.venv/.requirements.sha256
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi

echo "Setting up .venv with $PY (this takes a few minutes the first time) ..."
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip wheel
.venv/bin/python -m pip install --quiet -r requirements.txt
echo "$want" > "$STAMP"
echo "Set-up done."
