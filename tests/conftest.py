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


@pytest.fixture(scope="session")
def parsed_corpus(corpus_dir):
    """doc_id → the pipeline's stages 1–4 on the seed corpus (no model needed):
    SimpleNamespace(document, text, clauses, targets, file, cleaned_file)."""
    from types import SimpleNamespace

    from rag.clauses import parse_clauses
    from rag.clean import clean_text
    from rag.documents import make_documents
    from rag.targets import extract_targets

    out = {}
    for path in sorted(corpus_dir.glob("*.txt")):
        cleaned = clean_text(path.read_text("utf-8"))
        for part in make_documents(cleaned, path.name):
            clauses = parse_clauses(part.text, part.document.doc_id)
            targets = [t for c in clauses for t in extract_targets(c, part.text)]
            out[part.document.doc_id] = SimpleNamespace(
                document=part.document, text=part.text, clauses=clauses, targets=targets,
                file=path.name, cleaned_file=cleaned, part=part)
    return out


@pytest.fixture()
def corpus_copy(tmp_path, corpus_dir) -> Path:
    dst = tmp_path / "corpus"
    shutil.copytree(corpus_dir, dst)
    return dst
