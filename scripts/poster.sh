#!/usr/bin/env bash
# Printable A4 QR posters (PDF and PNG) per language and entry point, into
# var/posters/ (see bot/web/poster.py). The QR codes point at
# $INNGANG_PUBLIC_URL/chat/ (default http://localhost:5005) and the posters
# print $TWILIO_FROM_NUMBER, or an example number marked as such.
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/i18n.sh" compile
python -m bot.web.poster "$@"
