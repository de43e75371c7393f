# Visionsprocess – the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?= -n 2 --dist loadfile --durations=15
export DJANGO_SETTINGS_MODULE := visionsprocess.settings

.PHONY: run test install lint format messages bench worker backup restore clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed
	$(PY) manage.py compile_translations

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --with-documents
	DEBUG=$${DEBUG:-false} PORT=$(PORT) SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Update the catalogues from the source (needs GNU gettext's xgettext; developers only).
messages: install
	$(PY) manage.py makemessages --all --no-obsolete --ignore='.venv/*' --ignore='node_modules/*' --ignore='bench/*' --ignore='tests/*'
	$(PY) manage.py compile_translations

worker: install
	PYTHONWARNINGS="ignore:pkg_resources is deprecated as an API:UserWarning" \
	  $(VENV)/bin/celery -A visionsprocess worker --loglevel=INFO --concurrency=2

bench: install
	$(PY) -m bench

# Database and uploaded files, with a manifest of counts and checksums (visionsprocess/backup.py).
backup: install
	$(PY) manage.py backup

# make restore BACKUP=backups/2026-01-31-020000  (stop web and workers first; it asks on the
# terminal, or give YES=1 to restore without asking, e.g. from a script)
restore: install
	test -n "$(BACKUP)" || { echo "Give the folder: make restore BACKUP=backups/<time>"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(YES),--yes)

clean:
	rm -rf $(VENV) node_modules staticfiles
