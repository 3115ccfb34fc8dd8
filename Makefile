# Every target installs what it needs into .venv first (from PyPI), so a fresh
# machine needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SPEC ?= openapi
OUT ?= stream_chat_gen
# Stream's published spec, when the shared reference folder is beside the checkout.
export STREAM_CHAT_OFFICIAL_SPEC ?= $(abspath $(wildcard ../shared/reference/stream-chat-openapi.json))

# The official client, for the wire-comparison tests; its own folder, since it is also `stream_chat`.
OFFICIAL := stream-chat==4.33.0
# Stream's newer SDK, for `make bench` only; its own folder, with its own dependencies.
GETSTREAM := getstream==7.0.0

.PHONY: install regen check-generated bundle test lint typecheck bench demo clean

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

bench: install $(VENV)/official/.installed $(VENV)/bench-getstream/.installed
	$(PY) -m bench

demo: install
	$(PY) examples/quickstart.py

clean:
	rm -rf $(VENV) build .mypy_cache .pytest_cache .ruff_cache
