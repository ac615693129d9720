# Thi đua Tây Ninh — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
MANAGE := $(PY) manage.py

.PHONY: run test setup setup-dev lint format messages css css-bootstrap first-paint bench bench-reminders bench-statistics restore-drill check clean prod prod-stop prod-status smoke

# --- set-up -----------------------------------------------------------------
$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(VENV)/.runtime node_modules/.installed
setup-dev: $(VENV)/.dev node_modules/.installed

# --- the portal on the embedded default: SQLite, tasks run eagerly, DEBUG on --------
run: export DEBUG ?= 1
run: setup
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_plan
	$(MANAGE) seed_awards
	$(MANAGE) create_demo_user
	$(MANAGE) generate_demo_data --if-empty
	$(MANAGE) generate_decision_demo --if-empty
	@echo "Cổng thông tin: http://127.0.0.1:$(PORT)/  — quản trị: http://127.0.0.1:$(PORT)/admin/"
	@echo "Nhắc việc (không có Redis): $(MANAGE) send_reminders [--date YYYY-MM-DD] lập và gửi ngay thư nhắc của ngày."
	@echo "Hộp thư đi (không có Redis): $(MANAGE) send_outbox gửi ngay các thư còn chờ (ví dụ chưa có người nhận)."
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# --- the production shape on one machine: nginx (deploy/nginx.conf) -> gunicorn, Celery worker and beat, ------
# PostgreSQL (DATABASE_URL, default thidua_prod), two Redis; all state in .prod/ (deploy/prod.py) --------------
prod: setup
	$(PY) deploy/prod.py start

prod-stop:
	$(PY) deploy/prod.py stop

prod-status:
	$(PY) deploy/prod.py status

# Starts that shape on a throwaway database and ports, checks it over HTTP through nginx, stops it (deploy/smoke.py).
smoke: setup
	$(PY) deploy/smoke.py

# --- front-end: Bootstrap with only the parts used (frontend/bootstrap.scss -> static/css/bootstrap.min.css, committed),
# the icon sprite (static/img/icons.svg, committed); first paint on a simulated phone (bench/first_paint.py) -----------
SASS_FLAGS := --no-source-map --style=compressed --quiet-deps --load-path=node_modules/bootstrap/scss \
	--silence-deprecation=import --silence-deprecation=global-builtin --silence-deprecation=color-functions
CSS_OUT ?= static/css/bootstrap.min.css
css: css-bootstrap
	DEBUG=1 $(MANAGE) build_icon_sprite
css-bootstrap: node_modules/.installed
	node_modules/.bin/sass $(SASS_FLAGS) frontend/bootstrap.scss $(CSS_OUT)
	node_modules/.bin/purgecss --config frontend/purgecss.config.cjs --css $(CSS_OUT) --output $(dir $(CSS_OUT))

first-paint: setup-dev
	$(PY) bench/first_paint.py

# --- tests: DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis ----------------
test: setup-dev
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) check
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# the one-way app graph: pyproject.toml's [tool.importlinter] contracts
	$(VENV)/bin/lint-imports

format: setup-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: setup
	# Source strings are Vietnamese; locale/vi only fills gaps in Django's own catalogue. This builds English.
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules

# --- reminders at province scale: PostgreSQL thidua_bench6, Redis db 6, a Celery worker, a local SMTP sink ---
BENCH6_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/thidua_bench6
BENCH6_REDIS_URL ?= redis://127.0.0.1:6379/6
bench-reminders: setup-dev
	# DEBUG off: Django's debug query log would otherwise grow with every batch and skew the memory figures.
	DEBUG=0 SECRET_KEY=bench-only-not-secret-0123456789-0123456789 DATABASE_URL=$(BENCH6_DATABASE_URL) \
		REDIS_URL=$(BENCH6_REDIS_URL) $(PY) bench/reminders.py
# --- statistics page and plan-wide report at 10,000 exemplars / 30,000 honours (bench/stats_report.py) ---------
STATS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/thidua_benchstats
bench-statistics: setup-dev
	-createdb -h 127.0.0.1 -U postgres $(notdir $(STATS_DATABASE_URL)) 2>/dev/null
	DEBUG=0 SECRET_KEY=bench-only-not-secret-0123456789-0123456789 DATABASE_URL=$(STATS_DATABASE_URL) \
		SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=testserver $(PY) bench/stats_report.py
# --- benchmark: PostgreSQL with 10,000 exemplars (BENCH_EXEMPLARS), gunicorn, 16 concurrent clients, page cache on and
# off side by side, then the search at 100,000 exemplars (BENCH_SEARCH_EXEMPLARS, 0 skips) (bench/portal.py) ----
bench: setup-dev
	$(PY) bench/portal.py

# --- the restore drill: a fresh PostgreSQL database (dropped and created), demo data with public and private files,
# backup_site, everything wiped, restore_backup, rows and checksums compared (bench/restore_drill.py) ---------------
DRILL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/thidua_drill
restore-drill: setup-dev
	DRILL_DATABASE_URL=$(DRILL_DATABASE_URL) $(PY) bench/restore_drill.py $(DRILL_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
