# Every target makes its own virtualenv first. Building needs the package's own dependencies only;
# the tests add the test extras (pytest, ruff, Playwright, …). Each has its stamp, rewritten whenever
# pyproject.toml changes, so a changed dependency list reinstalls; the test stamp implies the build's.
VENV := .venv
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test serve bench golden clean

$(STAMP): pyproject.toml
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e .
	touch $@

$(TEST_STAMP): pyproject.toml
	test -x $(VENV)/bin/python || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -e '.[test]'
	touch $(STAMP) $@

site: $(STAMP)
	$(VENV)/bin/gongkai build

test: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy generator bench
	$(VENV)/bin/pytest

serve: $(STAMP)
	$(VENV)/bin/gongkai serve

# Refresh the golden trees (tests/golden/) after a deliberate change to the generated pages: read the diff first.
golden: $(TEST_STAMP)
	GONGKAI_UPDATE_GOLDEN=1 $(VENV)/bin/pytest -q tests/test_golden.py

# The benchmark of synthetic regions (bench/): `make bench SIZES=10,100` for other sizes than 10, 100, 500.
bench: $(STAMP)
	$(VENV)/bin/python -m bench.run $(if $(SIZES),--sizes $(SIZES))

# Build output and caches; the virtualenv stays (remove .venv by hand to start afresh).
clean:
	rm -rf site .site-* .gongkai .pytest_cache .ruff_cache
