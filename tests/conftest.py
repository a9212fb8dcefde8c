"""Shared fixtures. The embedding model is converted once into index/models
(`make test` does it first); tests that need the model share one Assistant."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return ROOT / "corpus"


@pytest.fixture(scope="session")
def assistant():
    """The default assistant over corpus/ and index/ (the library's module-level API)."""
    import rag

    a = rag.default_assistant()
    a.build_index()
    return a


@pytest.fixture()
def corpus_copy(tmp_path, corpus_dir) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(corpus_dir, dst)
    return dst
