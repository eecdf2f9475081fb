# Two commands for a fresh machine (see README):
#   make run   — the portal on SQLite with demo data at http://127.0.0.1:8000
#   make test  — the whole test suite (PostgreSQL when DATABASE_URL is set)
#   make lint  — ruff (check, format --check) and djlint on the templates; .ci/run calls it before the tests
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export DEBUG ?= 1

.PHONY: run test lint setup demo install check-deploy clean messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_frameworks
	$(PY) manage.py load_demo
	$(PY) manage.py generate_national --province มหาสารคาม --organisations 8 --first-year 2566 --years 3 --measures 3 --flush
	$(PY) manage.py demo_users

run: demo
	@echo "พอร์ทัลเปิดที่ http://$(HOST)/accounts/login/  (หยุดด้วย Ctrl+C)"
	$(PY) manage.py runserver $(HOST)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The same pinned tools as .pre-commit-config.yaml (pyproject's test extras); settings in pyproject.toml.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(PY) -c "import secrets;print(secrets.token_urlsafe(50))") ALLOWED_HOSTS=ita.example.go.th \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var staticfiles

# Compile the project's Thai catalogue (locale/th/LC_MESSAGES/django.po -> django.mo) with babel, which
# pip installs (GNU gettext's msgfmt is not pip-installable). Commit both files.
messages: install
	$(VENV)/bin/pybabel compile --statistics -d locale -D django
