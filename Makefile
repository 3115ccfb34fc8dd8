# Every target installs what it needs into .venv first (from PyPI), so a fresh
# machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SPEC ?= openapi
OUT ?= stream_chat_gen
# Stream's published spec, when the shared reference folder is beside the checkout.
export STREAM_CHAT_OFFICIAL_SPEC ?= $(abspath $(wildcard ../shared/reference/stream-chat-openapi.json))
# Two more of Stream's specs the generator is tested on: an older chat spec and the video spec.
export STREAM_CHAT_V154_SPEC ?= $(abspath $(wildcard ../shared/reference/stream-chat-openapi-v154.1.0.json))
export STREAM_VIDEO_SPEC ?= $(abspath $(wildcard ../shared/reference/stream-video-openapi.json))
# What `make spec-diff SPEC=file` compares the file with.
BASE ?= openapi

# The official client, for the wire-comparison tests; its own folder, since it is also `stream_chat`.
OFFICIAL := stream-chat==4.33.0
# Stream's newer SDK, for `make bench` only; its own folder, with its own dependencies.
GETSTREAM := getstream==7.0.0
# The runtime tests again, with the newest httpx, aiohttp and attrs our dependency ranges allow (what a plain
# `pip install` gets today); the generator's tests stay in .venv, whose generator pins httpx.
LATEST := .venv-latest
# Tests of the generator and of the type checkers and editor engines, which need the dev extra's tools.
TOOLING_TESTS := tests/test_generator.py tests/test_generated_package.py tests/test_official_spec.py tests/test_fidelity.py \
	tests/test_any_spec.py tests/test_specdiff.py tests/test_completion.py tests/test_checkers.py

.PHONY: install regen check-generated spec-diff bundle test test-latest lint typecheck bench demo clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(VENV)/official/.installed: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check --target $(VENV)/official $(OFFICIAL)
	touch $@

$(VENV)/bench-getstream/.installed: $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check --target $(VENV)/bench-getstream $(GETSTREAM)
	touch $@

regen: install
	$(PY) -m generator.regen --spec $(SPEC) --out $(OUT)

check-generated: install
	$(PY) -m generator.regen --check --spec $(SPEC) --out $(OUT)

spec-diff: install
	$(PY) -m generator.specdiff --base $(BASE) $(SPEC)

bundle: install
	$(PY) -m generator.bundle openapi build/openapi.json

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

typecheck: install
	$(PY) -m mypy generator stream_chat_gen stream_chat tests examples bench
	$(PY) -m pyright --pythonpath $(PY)  # [tool.pyright]: the packages in basic mode, examples/typed_access.py strict

test: check-generated lint typecheck $(VENV)/official/.installed
	$(PY) -m pytest
	$(MAKE) test-latest

# Rebuilt every run (a minute or so): "newest" means newest today, not when the folder was made.
test-latest: $(VENV)/official/.installed
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check -e '.[runtime-tests]'
	$(LATEST)/bin/python -m pip list --disable-pip-version-check 2>/dev/null | grep -iE '^(httpx|httpcore|aiohttp|attrs|h11) '
	$(LATEST)/bin/python -m pytest -p no:cacheprovider $(addprefix --ignore=,$(TOOLING_TESTS))

bench: install $(VENV)/official/.installed $(VENV)/bench-getstream/.installed
	$(PY) -m bench

demo: install
	$(PY) examples/quickstart.py

clean:
	rm -rf $(VENV) $(LATEST) build .mypy_cache .pytest_cache .ruff_cache
