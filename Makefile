# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
OUT ?= out

.PHONY: run test samples bench install clean

# An editable install leaves the project's own modules uncompiled (pip compiles only what it copies
# into site-packages); where PYTHONDONTWRITEBYTECODE is set, every process would compile them again
# (~0.2 s of each `jixiao` run). Compile them once here, as pip does for an installed package;
# Python recompiles a module in memory whenever its source is newer.
COMPILE = $(BIN)/python -m compileall -q models normalizers extractors pipeline __init__.py

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Running needs the base dependencies only; the suite adds pytest, the sample
# builders (pikepdf, reportlab: tests make damaged PDFs with them) and Ray.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(COMPILE)
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test,samples,ray]'
	$(COMPILE)
	touch $@

install: $(VENV)/.installed-run

# Exit code 1 means the batch finished and some file could not be read (listed as failed, with its
# error, in out/documents.csv): the job succeeded.
# A bug of the program exits 4 and fails the job.
run: $(VENV)/.installed-run
	$(BIN)/jixiao extract samples/pdf --out $(OUT)/ || test $$? -eq 1

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

samples: $(VENV)/.installed-test
	$(BIN)/python -m samples.generate

bench: $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench.run
	$(BIN)/python -m bench.fonts --json bench/fonts.json
	$(BIN)/python -m bench.unruled
	$(BIN)/python -m bench.pictures
	$(BIN)/python -m bench.users | tee bench/USERS.md
	$(BIN)/python bench/throughput.py --docs 300 --workers 1 2 --report
	$(BIN)/python -m bench.report_open --json bench/report_open.json

clean:
	rm -rf $(OUT) .pytest_cache
