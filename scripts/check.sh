#!/usr/bin/env bash
# The content check for editors (bot/check/): content files, translations,
# training examples, phone numbers, events, keywords, then rasa data validate.
# Errors fail it; warnings are shown. make test runs it too.
#   scripts/check.sh [--all]     --all shows every warning
set -euo pipefail
source "$(dirname "$0")/env.sh"
python -m bot.check "$@"
echo "== rasa data validate"
rasa data validate --domain domain --data data --config config.yml --fail-on-warnings --quiet
