# make run: install what the site needs, migrate, seed the demo and serve on 127.0.0.1:$(PORT)
#   (make run RESET=1 rebuilds the demo school's records first).
# make test: install the dev extras too (pytest, ruff, Playwright), lint, and run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SIMULATE_RATE ?= 6
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
RESET ?=
LINT_KEY := 8u3jLqRmP2rWc1kNl2Zr6yq9m3X7bYz1hQp4vT0sE5A=

.PHONY: run test lint format install install-dev worker clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

.env: | $(BIN)/python
	$(BIN)/python -c "import secrets; from cryptography.fernet import Fernet; \
	print('DEBUG=true'); print('SECRET_KEY=' + secrets.token_urlsafe(50)); \
	print('ENCRYPTION_KEYS=' + Fernet.generate_key().decode()); \
	print('SANDBOX_ENABLED=true'); print('SANDBOX_ALLOW_LOCAL_WEBHOOKS=true'); \
	print('PUBLIC_BASE_URL=http://127.0.0.1:$(PORT)')" > .env
	@echo "Wrote .env with development settings."

run: $(STAMP) .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py demo_setup --port $(PORT)$(if $(RESET), --reset)
	$(BIN)/python manage.py runserver_demo --port $(PORT) --simulate-rate $(SIMULATE_RATE)

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if command -v node >/dev/null; then for f in static/js/*.js; do node --check $$f || exit 1; done; fi
	DEBUG=true SECRET_KEY=lint ENCRYPTION_KEYS=$(LINT_KEY) SANDBOX_ENABLED=true \
		$(BIN)/python manage.py makemigrations --check --dry-run

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
