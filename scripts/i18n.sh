#!/usr/bin/env bash
# Translation catalogs.
#   scripts/i18n.sh compile   .po -> .mo (what run and test need; fast); a
#                             changed text keeps its last reviewed translation
#   scripts/i18n.sh update    re-extract texts from domain/ and content/ into
#                             locales/messages.pot and merge them into every
#                             language's .po (changed texts become fuzzy)
set -euo pipefail
source "$(dirname "$0")/env.sh"
LANGS="nn en pl uk so ar ur ti"

case "${1:-compile}" in
  update)
    pybabel -q extract -F babel.cfg --sort-by-file --no-wrap -o locales/messages.pot . >/dev/null
    for lang in $LANGS; do
      po="locales/$lang/LC_MESSAGES/messages.po"
      if [ -f "$po" ]; then
        pybabel -q update -i locales/messages.pot -d locales -D messages -l "$lang" --no-wrap --ignore-obsolete >/dev/null
      else
        pybabel -q init -i locales/messages.pot -d locales -D messages -l "$lang" --no-wrap >/dev/null
      fi
    done
    echo "Updated locales/messages.pot and the catalogs for: $LANGS"
    ;;
  compile)
    # Stale (fuzzy) translations of a changed text are served until reviewed:
    # see bot/i18n/compile.py.
    python -m bot.i18n.compile locales
    ;;
  *) echo "usage: $0 compile|update" >&2; exit 2 ;;
esac
