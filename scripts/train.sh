#!/usr/bin/env bash
# Trains a model only when its inputs changed: domain, data, config and the
# code of our NLU components. (Rasa's own --dry-run ignores changes to
# untrainable components such as the FallbackClassifier threshold and to
# responses, so we fingerprint the inputs ourselves; rasa train then reuses
# its cache for every graph part that did not change.)
set -euo pipefail
source "$(dirname "$0")/env.sh"

fingerprint=$(
  find domain data config.yml bot/nlu bot/safety -type f \( -name '*.yml' -o -name '*.py' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
)
latest=$(ls -t models/*.tar.gz 2>/dev/null | head -1 || true)
if [ -n "$latest" ] && [ -f models/.fingerprint ] && [ "$(cat models/.fingerprint)" = "$fingerprint" ]; then
  echo "Model is up to date: $latest"
  [ -f models/.training-fingerprint ] || python -m bot.publish.fingerprint > models/.training-fingerprint
  exit 0
fi
echo "Training the model (domain, data, config or NLU code changed) ..."
rasa train --domain domain --data data --config config.yml --out models --quiet
echo "$fingerprint" > models/.fingerprint
# What make publish compares with: the training inputs without served texts.
python -m bot.publish.fingerprint > models/.training-fingerprint
# Keep the newest few models only; each is tens of MB.
ls -t models/*.tar.gz | tail -n +4 | xargs -r rm -f
