PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup bytecode brief test lint docs bench bench-quality bench-scale bench-trust bench-formats clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# An editable install leaves the package uncompiled, and with PYTHONDONTWRITEBYTECODE set (as
# in many containers) every run compiled it again: 0.07 s of each. Only changed files recompile.
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q briefing

brief: bytecode
	$(BIN)/briefing build seeds --out output

test: bytecode
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check briefing tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --quiet

bench: bench-quality bench-scale

bench-quality: $(STAMP)
	$(BIN)/python bench/quality.py $(or $(QUALITY_ARGS),$(wildcard ../shared/eval) tests/fixtures/stories --variants) --gate

# Real news stays out of git: name its folders, e.g.
# make bench-trust TRUST_ARGS="/data/clusters/* /data/pages/* --mix /data/clusters/* --singles /data/pages-flat"
bench-trust: $(STAMP)
	$(BIN)/python bench/trust.py $(TRUST_ARGS)

bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py

# The same articles in every input format, built and read: name folders of text articles, e.g.
# make bench-formats FORMATS_ARGS="seeds /data/clusters/D1001A --speed-copies 1000"
bench-formats: $(STAMP)
	$(BIN)/python bench/formats.py $(or $(FORMATS_ARGS),seeds)

clean:
	rm -rf $(VENV) output build site *.egg-info
