# The two commands of the README: `make run` (try-out with demo data) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
UV := .tools/bin/uv
UV_VERSION := 0.13.8
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: help install run test lint typecheck messages check-deploy clean

help:
	@echo "make run   - install into .venv, migrate, load demo data, serve http://$(HOST)"
	@echo "make test  - run the tests (against DATABASE_URL / REDIS_URL when set)"
	@echo "make lint typecheck messages check-deploy"

$(UV):
	@python=$$(bin/find-python) || exit 1; \
	  "$$python" -m venv .tools && .tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: $(UV) pyproject.toml uv.lock
	@python=$$(bin/find-python) || exit 1; \
	  $(UV) sync --frozen --python "$$python"
	@touch $@

install: .venv/.synced
	@DJANGO_DEBUG=true $(PY) manage.py compile_translations

run: export DJANGO_DEBUG ?= true
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo
	$(PY) manage.py runserver $(HOST)

# Settings are read as in development (plain static files storage); Django's test runner
# still runs every test with DEBUG off.
test: export DJANGO_DEBUG ?= true
test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

typecheck: export DJANGO_DEBUG ?= true
typecheck: install
	.venv/bin/mypy .

messages: install
	bin/makemessages

check-deploy: install
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	  DJANGO_ALLOWED_HOSTS=wegbegleitung.example SITE_URL=https://wegbegleitung.example \
	  EMAIL_HOST=smtp.wegbegleitung.example \
	  WB_RESEARCH_PSEUDONYM_KEY=$$(head -c 48 /dev/urandom | base64) \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf .venv .tools var
