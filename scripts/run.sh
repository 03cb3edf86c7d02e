#!/usr/bin/env bash
# Runs the assistant: action server + Rasa server with the REST channel.
# Works with no Redis and no Twilio account (SQLite conversations, in-process
# locks); set REDIS_URL to use Redis for conversations and locks.
set -euo pipefail
"$(dirname "$0")/setup.sh"
source "$(dirname "$0")/env.sh"
"$ROOT/scripts/i18n.sh" compile
"$ROOT/scripts/train.sh"

RASA_PORT="${RASA_PORT:-5005}"
ACTIONS_PORT="${ACTIONS_PORT:-5055}"
mkdir -p var/log
# Rasa's HTTP API (make publish loads a new model through it) needs a token.
if [ -z "${INNGANG_API_TOKEN:-}" ]; then
  INNGANG_API_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')
fi
(umask 077; printf '%s\n' "$INNGANG_API_TOKEN" > var/api-token)

rasa run actions --actions actions --port "$ACTIONS_PORT" >var/log/actions.log 2>&1 &
ACTIONS_PID=$!
# Booking reminders the day before, queued in the outbox (sent by the Rasa server).
python -m bot.booking.reminders >var/log/reminders.log 2>&1 &
REMINDERS_PID=$!
trap 'kill "$ACTIONS_PID" "$REMINDERS_PID" 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do
  curl -fsS "http://localhost:$ACTIONS_PORT/health" >/dev/null 2>&1 && break
  kill -0 "$ACTIONS_PID" 2>/dev/null || { echo "The action server failed to start; see var/log/actions.log" >&2; exit 1; }
  sleep 1
done

cat <<MSG

Inngang is starting on http://localhost:$RASA_PORT (action server on :$ACTIONS_PORT).
Talk to it through the REST channel, for example:

  curl -s -X POST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
       -H 'Content-Type: application/json' \\
       -d '{"sender": "demo-1", "message": "Salaan, waxaan rabaa barnehage"}'

Add "metadata": {"language": "en"} to choose the language explicitly.
Be a phone in a second terminal: make sms. SMS the assistant sends stay in
the outbox (make outbox lists it) unless TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
and TWILIO_FROM_NUMBER are set.
Stop with Ctrl-C.

MSG
rasa run --model models --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "*" --log-file var/log/rasa.log \
  --enable-api --auth-token "$INNGANG_API_TOKEN"
