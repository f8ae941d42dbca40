# Mindful Psychological. `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# make run's public address, so emailed links and canonical URLs match the port served.
export SITE_URL ?= http://127.0.0.1:$(PORT)
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench migrations-check imports-check services screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime ## Set up and serve the site with demo content on SQLite (127.0.0.1:$PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

services: ## Make sure PostgreSQL answers and chromium is installed (for make test)
	bash scripts/ensure-test-services

test: $(VENV)/.dev services ## Run the whole suite on PostgreSQL, browser tests included
	$(PY) manage.py check --settings=mindful.settings.test
	$(PY) manage.py makemigrations --check --dry-run --settings=mindful.settings.test
	$(PY) scripts/check_imports.py
	$(VENV)/bin/pytest

migrations-check: $(VENV)/.dev ## Fail if a model change has no migration
	$(PY) manage.py makemigrations --check --dry-run --settings=mindful.settings.test

imports-check: $(VENV)/.runtime ## Fail on an import cycle, an upward or cross-app import (scripts/check_imports.py)
	$(PY) scripts/check_imports.py

lint: $(VENV)/.dev ## ruff, djhtml and the import rules, checking only
	$(PY) scripts/check_imports.py
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: $(VENV)/.dev ## Apply ruff and djhtml formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

bench: $(VENV)/.dev services ## Load-test each page type with gunicorn + wrk on PostgreSQL
	bash scripts/bench

screenshots: $(VENV)/.dev ## Regenerate the README's screenshots (docs/screenshots/) with chromium
	bash scripts/screenshots
