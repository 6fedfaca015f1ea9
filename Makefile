VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev,postgres]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) run.py --demo

test: $(STAMP)
	bash .ci/system-deps
	$(PY) -m pytest -q --ignore=tests/scale --ignore=tests/deploy
	@status=0; url=$$(bash .ci/postgres) || status=$$?; \
	if [ $$status -eq 0 ]; then \
		echo "The domain and migration tests again, the scale-out tests and nginx in front of two instances, on PostgreSQL:"; \
		FACILITATOR_TEST_DATABASE_URL=$$url $(PY) -m pytest -q tests/facilitator tests/db tests/scale tests/deploy; \
	elif [ $$status -eq 3 ] && [ "$${CI:-}" != "true" ]; then \
		echo "Skipped the PostgreSQL run: no PostgreSQL here (see .ci/postgres)."; \
	else \
		exit 1; \
	fi

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/broadcast.py --clients 100 500 1000

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
