# USN Alumni — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers for `make test`: one per core; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(PY) requirements.txt requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create the virtual environment and install everything

.PHONY: run
run: $(STAMP) ## Set up (migrate, demo content) and start the site and a task worker; Ctrl-C stops both
	@mkdir -p var/mail
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	@HOST=$(HOST) PORT=$(PORT) bin/run-dev

.PHONY: demo
demo: $(STAMP) ## Migrate and load the demo content without starting the site
	@mkdir -p var/mail
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo

.PHONY: test
test: $(STAMP) ## Run the whole test suite on every core (browser tests need /usr/bin/chromium)
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

.PHONY: lint
lint: $(STAMP) ## Check code style and migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=usn_alumni.settings.test $(PY) manage.py makemigrations --check --dry-run

.PHONY: format
format: $(STAMP) ## Format the code and fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: bench
bench: $(STAMP) ## Measure p50/p95 and SQL queries per page at 100,000 members (DATABASE_URL for PostgreSQL)
	@mkdir -p var
	$(PY) manage.py migrate --no-input --settings=usn_alumni.settings.bench
	$(PY) manage.py bench --settings=usn_alumni.settings.bench $(BENCH_ARGS)

.PHONY: backup
backup: $(STAMP) ## Back up the database and media into var/backups/<UTC time>/ (keeps BACKUP_KEEP=14)
	$(PY) manage.py backup

.PHONY: restore
restore: $(STAMP) ## Restore BACKUP=var/backups/<folder> over this site's database (YES=1 to overwrite a database that is not empty)
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/<folder>"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(YES),--yes,)

.PHONY: restore-drill
restore-drill: $(STAMP) ## Back up, restore into a scratch database, compare row counts, clean up
	$(PY) manage.py restore_drill

.PHONY: faulttest
faulttest: $(STAMP) ## Fault drills (needs root and PostgreSQL 15 binaries): DB restart, worker kills, SMTP outage
	@mkdir -p var
	timeout --kill-after=30 1800 $(PY) -m ops.faulttest

.PHONY: throughput
throughput: $(STAMP) ## Requests/s under gunicorn + locust: cached anonymous pages vs a bare view (issue 11)
	@mkdir -p var/mail
	$(PY) manage.py migrate --no-input --settings=usn_alumni.settings.throughput
	$(PY) manage.py throughput --settings=usn_alumni.settings.throughput $(THROUGHPUT_ARGS)

LOADTEST_SECONDS ?= 60
LOADTEST_USERS ?= 40
.PHONY: loadtest
loadtest: $(STAMP) ## Load run (R1): gunicorn on a PostgreSQL database of its own, LOADTEST_USERS members for LOADTEST_SECONDS
	@mkdir -p var
	LOADTEST_SECONDS=$(LOADTEST_SECONDS) LOADTEST_USERS=$(LOADTEST_USERS) $(PY) -m ops.loadtest

.PHONY: messages
messages: $(STAMP) ## Update the translation catalogues (needs GNU gettext) and compile them
	$(PY) manage.py makemessages --locale nb --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages --locale nb --ignore '.venv/*'

CHARTJS_VERSION ?= 4
.PHONY: vendor-chartjs
vendor-chartjs: ## Refresh the vendored Chart.js (static/vendor/chartjs) from npm; CHARTJS_VERSION=4 by default
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent chart.js@$(CHARTJS_VERSION) >/dev/null \
		&& tar xzf chart.js-*.tgz \
		&& cp package/dist/chart.umd.min.js package/LICENSE.md $(CURDIR)/static/vendor/chartjs/ \
		&& node -p "require('./package/package.json').version" > $(CURDIR)/static/vendor/chartjs/VERSION \
		&& rm -rf $$tmp && echo "Chart.js $$(cat $(CURDIR)/static/vendor/chartjs/VERSION) vendored"

.PHONY: clean
clean: ## Remove the virtual environment and local data (var/, media/)
	rm -rf $(VENV) var media
