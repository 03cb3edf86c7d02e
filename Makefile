# Every target runs a script in scripts/; CI runs the same (see .ci/run).
.PHONY: help setup run test unit check publish report import-examples lint translations train sms outbox cases posters

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup: ## Create .venv with Python 3.10 and the pinned requirements
	@scripts/setup.sh

run: ## Run the assistant (REST channel on :5005); no Redis or Twilio needed
	@scripts/run.sh

test: ## Validate data, train if needed, run pytest and the story tests
	@scripts/test.sh

unit: ## The fast loop: lint, types and unit tests (no training, no servers)
	@scripts/unit.sh

check: setup ## Content check for editors: content, translations, training examples (ARGS=--all)
	@scripts/check.sh $(ARGS)

publish: setup ## Check, then put changes live: text without training, else train and load the model
	@scripts/publish.sh

report: setup ## The bydel's report: var/report/report.html and .csv (small counts suppressed)
	@scripts/report.sh

import-examples: setup ## Misses labelled in var/report/misses.csv become training examples (ARGS=file)
	@scripts/import-examples.sh $(ARGS)

lint: setup ## ruff and mypy (part of make test)
	@scripts/lint.sh

train: setup ## Train a model if domain, data or config changed
	@scripts/train.sh

translations: setup ## Re-extract texts and merge them into every catalog
	@scripts/i18n.sh update

sms: setup ## Be a phone: SMS to the running assistant in the terminal
	@scripts/sms.sh

outbox: setup ## List the outbox (queued, sent, delivered, failed), numbers masked
	@scripts/outbox.sh

cases: setup ## List open handoff cases per bydel and contact, numbers masked
	@scripts/cases.sh

posters: setup ## QR posters per language and entry point (PDF and PNG in var/posters/)
	@scripts/poster.sh
