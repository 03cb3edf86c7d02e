# Sourced by the other scripts: the environment every command runs in.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.venv/bin:$PATH"
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# No telemetry prompt or network calls from Rasa.
export RASA_TELEMETRY_ENABLED=false
# Rasa's graph cache, kept inside the project so CI's fresh clone reuses nothing stale.
export RASA_CACHE_DIRECTORY="${RASA_CACHE_DIRECTORY:-$ROOT/.rasa/cache}"
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export TF_CPP_MIN_LOG_LEVEL=2
cd "$ROOT"
