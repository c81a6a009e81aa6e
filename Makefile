# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PORT ?= 8000
WORKERS ?= 3
export DJANGO_SETTINGS_MODULE ?= zemlyaki.settings.dev
# The suite runs on every core (pytest-xdist): CI has two and twenty minutes per database.
# Tests marked xdist_group stay on one worker together (the API role matrix shares one
# world per module); the others are spread as usual.
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: run test install bench bench-start prod-check lint typecheck migrations-check serve worker

$(STAMP): pyproject.toml
	@echo "Устанавливаю зависимости в $(VENV) (первый раз — несколько минут; дальше — только при изменении pyproject.toml)…"
	@test -x $(BIN)/python || { echo "Создаю виртуальное окружение…"; $(PYTHON) -m venv $(VENV); }
	@$(BIN)/python -m pip install --upgrade --progress-bar on pip
	@$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)
	@echo "Зависимости установлены."

install: $(STAMP)

# One process prepares everything (database, reference books, demo data when the database
# is empty, static files only when they changed) and says each step in Russian. Then
# gunicorn serves and one `zemlyaki db_worker` does the background work (reports' analysis,
# imports, mail) from the database queue, as in production; Ctrl+C stops both.
run: export TASKS_BACKEND ?= django_tasks_db.DatabaseBackend
run: install
	@echo "Готовлю платформу к запуску…"
	@$(BIN)/zemlyaki prepare
	@echo "Запускаю сервер и фоновый обработчик задач. Платформа «Земляки»: http://127.0.0.1:$(PORT)/  (остановить: Ctrl+C)"
	@$(BIN)/python scripts/serve.py --port $(PORT) --workers $(WORKERS)

# pytest exits with 5 when it collected no tests: that must never pass silently.
test: install
	@DJANGO_SETTINGS_MODULE=zemlyaki.settings.test $(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: ни одного теста не найдено" >&2; exit 1; fi; exit $$rc

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=zemlyaki.settings.test PYTHONPATH=src $(BIN)/python scripts/check_catalogue.py

typecheck: install
	$(BIN)/mypy src

migrations-check: install
	DJANGO_SETTINGS_MODULE=zemlyaki.settings.test $(BIN)/zemlyaki makemigrations --check --dry-run

bench: install
	@$(BIN)/python bench/run.py $(BENCH_ARGS)

# The production layout on this machine (docs/production.md): its own PostgreSQL database,
# Redis, media on a local S3 server, two gunicorn nodes with production settings behind a
# small proxy and one db_worker; imports a list, has a report analysed by the worker, saves
# a section on one node and reads it on the other. Everything is stopped and dropped after.
prod-check: install
	@$(BIN)/python scripts/prod_check.py

# The start figures: first `make run` on a fresh clone to the first served page, and the
# second `make run` (targets: 180 s and 15 s on two cores).
bench-start:
	@$(PYTHON) bench/bench_start.py $(BENCH_ARGS)

worker: install
	$(BIN)/zemlyaki db_worker
