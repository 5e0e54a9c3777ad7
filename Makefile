# NTM: one command each, the same locally and in CI.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install run serve worker test lint format bench demo clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $@

# A laptop: SQLite in data/, the demo, the development server on 127.0.0.1 only (DEBUG stays off).
run: install
	$(BIN)/ntm migrate --noinput
	$(BIN)/ntm loaddemo
	@# the worker runs the report jobs (imports and re-evaluations run in their request); it stops with the server
	@trap 'kill 0' INT TERM EXIT; $(BIN)/ntm db_worker --no-reload -v 0 & $(BIN)/ntm runserver $(HOST)

# Production (docs/deploy.md): needs NTM_SECRET_KEY, NTM_ALLOWED_HOSTS and DATABASE_URL.
# The jobs' worker is a service of its own: `make worker`.
serve: install
	NTM_PRODUCTION=1 $(BIN)/ntm check --deploy --fail-level ERROR
	NTM_PRODUCTION=1 $(BIN)/ntm migrate --noinput
	NTM_PRODUCTION=1 $(BIN)/ntm collectstatic --noinput -v 0
	NTM_PRODUCTION=1 $(BIN)/gunicorn -c src/ntm/config/gunicorn.py

# The worker that runs the report jobs queued in the database (Django's Tasks API), for production.
worker: install
	NTM_PRODUCTION=1 $(BIN)/ntm db_worker --no-reload --queue-name '*'

demo: install
	$(BIN)/ntm migrate --noinput
	$(BIN)/ntm loaddemo

# The whole suite, with the coverage of src/ (fails under the floor in pyproject.toml), on every
# core (pytest-xdist: each worker its own test database; an idle worker takes a busy one's tests).
test: install
	$(BIN)/pytest -n auto --dist worksteal --cov --cov-report=term

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src tests bench tools
	$(BIN)/ruff format src tests bench tools

bench: install
	$(BIN)/python bench/import_statuses.py
	$(BIN)/python bench/evaluate.py

clean:
	rm -rf $(VENV) data/ntm.sqlite3* .pytest_cache
