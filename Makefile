# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8000
WORKERS ?= 3
export DJANGO_SETTINGS_MODULE ?= zemlyaki.settings.dev
# The suite runs on every core (pytest-xdist): CI has two and twenty minutes per database.
PYTEST_ARGS ?= -n auto

.PHONY: run test install bench lint typecheck migrations-check serve worker

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	@$(BIN)/zemlyaki migrate --noinput -v0
	@$(BIN)/zemlyaki load-reference
	@$(BIN)/zemlyaki load-demo --if-empty
	@$(BIN)/zemlyaki collectstatic --noinput -v0
	@echo "Платформа «Земляки»: http://127.0.0.1:$(PORT)/  (остановить: Ctrl+C)"
	@$(BIN)/gunicorn zemlyaki.wsgi:application --bind 127.0.0.1:$(PORT) --workers $(WORKERS) \
		--env DJANGO_SETTINGS_MODULE=$(DJANGO_SETTINGS_MODULE) --access-logfile - --log-level warning

# pytest exits with 5 when it collected no tests: that must never pass silently.
test: install
	@DJANGO_SETTINGS_MODULE=zemlyaki.settings.test $(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: ни одного теста не найдено" >&2; exit 1; fi; exit $$rc

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src

migrations-check: install
	DJANGO_SETTINGS_MODULE=zemlyaki.settings.test $(BIN)/zemlyaki makemigrations --check --dry-run

bench: install
	@$(BIN)/python bench/run.py $(BENCH_ARGS)

worker: install
	$(BIN)/zemlyaki db_worker
