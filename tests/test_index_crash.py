"""The index survives crashes and detects damage.

* A build killed midway (SIGKILL while it embeds new documents, or a hard exit
  between writing vectors.faiss and manifest.json) leaves the previous index
  loadable: it answers as before, and the next build picks up what was written.
* A truncated or corrupt vectors.faiss, manifest.json or vectors/*.npy is
  detected, reported in VectorIndex.messages / Assistant.index_messages, and
  rebuilt; the repaired index then loads with no message.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from _helpers import (REPO, answer_key, copy_corpus, copy_index, env_for_subprocess, fixed_questions, index_state,
                      make_assistant, small_policy_text)


TINY = "tiny_notice.txt"  # a few chunks: the file whose cached vectors the .npy tests damage


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """One corpus copy for the whole module (never modified): the seed documents plus a tiny one,
    so re-embedding a damaged .npy costs a few chunks, not dozens."""
    corpus = copy_corpus(tmp_path_factory.mktemp("crash") / "corpus")
    (corpus / TINY).write_text(small_policy_text("微型", n_items=2), "utf-8")
    return corpus


@pytest.fixture(scope="module")
def base_index(corpus, tmp_path_factory):
    """The golden index brought up to date with `corpus` (embeds only the tiny file)."""
    index = copy_index(tmp_path_factory.mktemp("base") / "index")
    golden = {p.name for p in (index / "vectors").glob("*.npy")}
    assistant = make_assistant(corpus, index)
    assert assistant.build_index().embedded_files == 1
    (tiny,) = {p.name for p in (index / "vectors").glob("*.npy")} - golden
    (index / "tiny_vectors_name").write_text(tiny)
    return index


@pytest.fixture(scope="module")
def reference(corpus, base_index):
    """Answers to the fixed questions over an intact index."""
    return _answers(make_assistant(corpus, base_index))


def _index_copy(base_index: Path, dst: Path) -> Path:
    shutil.copytree(base_index, dst)
    return dst


def _answers(assistant) -> dict:
    return {q: answer_key(assistant.answer(q)) for q in fixed_questions()}


# --------------------------------------------------------------------------- killed builds

SLOW_BUILD = r"""
import sys, time
import rag
from rag.embed import OnnxEmbedder, SentenceTransformerEmbedder

corpus, index, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])

def slowed(real_encode):
    def slow_encode(self, texts):  # the real model, slowed down so the build can be caught midway
        vectors = real_encode(self, texts)
        print("EMBEDDED", len(texts), flush=True)
        time.sleep(delay)
        return vectors
    return slow_encode

for runtime in (OnnxEmbedder, SentenceTransformerEmbedder):
    runtime.encode_passages = slowed(runtime.encode_passages)
assistant = rag.Assistant(corpus_dir=corpus, index_dir=index)
print("BUILDING", flush=True)
assistant.build_index()
print("DONE", flush=True)
"""


def test_build_killed_midway_leaves_previous_index_usable(corpus, base_index, reference, tmp_path):
    index = _index_copy(base_index, tmp_path / "index")
    before = index_state(index)
    old_vectors = {p.name for p in (index / "vectors").glob("*.npy")}
    # the next corpus: the seed documents plus four new ones to embed
    bigger = shutil.copytree(corpus, tmp_path / "bigger")
    for n in range(4):
        (bigger / f"new_{n}.txt").write_text(small_policy_text(f"新增{n}号", n_items=2), "utf-8")

    proc = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, str(bigger), str(index), "1.0"],
                            cwd=REPO, env=env_for_subprocess(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        deadline = time.monotonic() + 180
        new_vectors: set[str] = set()
        while time.monotonic() < deadline and proc.poll() is None:
            new_vectors = {p.name for p in (index / "vectors").glob("*.npy")} - old_vectors
            if new_vectors:  # vectors of the new documents have started being written
                break
            time.sleep(0.05)
        assert new_vectors, f"the build never wrote vectors (exit {proc.poll()})"
        proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL and "DONE" not in out, out

    after = index_state(index)
    for name in ("manifest.json", "vectors.faiss"):
        assert after[name] == before[name], f"{name} changed by the killed build"
    for name, state in before.items():
        assert after[name] == state
    killed_copy = shutil.copytree(index, tmp_path / "index_after_kill")

    # the previous index loads as it is and answers as before
    old = make_assistant(corpus, index)
    vindex = old.build_index()
    assert vindex.messages == [] and vindex.embedded_files == 0
    assert _answers(old) == reference
    assert not [p for p in index.rglob("*") if p.name.endswith(".tmp")], "temporary files left behind"

    # and the interrupted build resumes: the vectors it wrote are reused
    resumed = make_assistant(bigger, killed_copy)
    vindex = resumed.build_index()
    assert 0 < vindex.embedded_files <= 4 - len(new_vectors)
    assert any("changed" in m for m in vindex.messages)
    answer = resumed.answer("到2027年培育新增3号重点项目多少个？")
    assert answer.citations and answer.citations[0].doc_id.startswith("new_")
    assert resumed.answer(fixed_questions()[0]).text == reference[fixed_questions()[0]]["text"]


CRASH_BETWEEN_WRITES = r"""
import os, sys
from pathlib import Path
import numpy as np
import json
import rag, rag.assistant, rag.index

corpus, index = sys.argv[1], sys.argv[2]
dim = np.load(next(Path(index, "vectors").glob("*.npy"))).shape[1]
identity = json.loads(Path(index, "manifest.json").read_text())["signature"]["model"]

class NoModel:  # nothing needs embedding: only the identity must match the real model's
    def __init__(self, config):
        self.identity, self.dim = identity, dim
    def encode_passages(self, texts):
        raise SystemExit("unexpected embedding")
    encode_query = encode_passages

real_write = rag.index._write_faiss

def write_then_die(index, path):
    real_write(index, path)
    os._exit(9)  # power cut after the new FAISS file, before the new manifest

rag.assistant.load_embedder = NoModel
rag.index._write_faiss = write_then_die
rag.Assistant(corpus_dir=corpus, index_dir=index).build_index()
"""


def test_crash_between_faiss_and_manifest_is_detected(corpus, base_index, reference, tmp_path):
    index = _index_copy(base_index, tmp_path / "index")
    before = index_state(index)
    smaller = shutil.copytree(corpus, tmp_path / "smaller")
    (smaller / "zj_yiyongzhou_corridor_industry_report.txt").unlink()  # a change that needs a new FAISS file
    run = subprocess.run([sys.executable, "-c", CRASH_BETWEEN_WRITES, str(smaller), str(index)], cwd=REPO,
                         env=env_for_subprocess(), capture_output=True, text=True, timeout=300)
    assert run.returncode == 9, run.stderr[-2000:]
    after = index_state(index)
    assert after["manifest.json"] == before["manifest.json"]
    assert after["vectors.faiss"] != before["vectors.faiss"]

    restarted = make_assistant(corpus, index)  # back on the old corpus: the manifest no longer fits the file
    vindex = restarted.build_index()
    assert any("does not match its manifest" in m for m in vindex.messages), vindex.messages
    assert restarted.index_messages == vindex.messages
    assert vindex.embedded_files == 0
    assert _answers(restarted) == reference
    again = make_assistant(corpus, index).build_index()
    assert again.messages == [] and again.embedded_files == 0


# --------------------------------------------------------------------------- damaged files


def _tiny_npy(index: Path) -> Path:
    return index / "vectors" / (index / "tiny_vectors_name").read_text()


def _truncate(path: Path, keep: float):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def _edit_manifest(index: Path, **changes):
    path = index / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), "utf-8")


def _bad_vectors(index: Path, make):
    path = _tiny_npy(index)
    good = np.load(path)
    np.save(path, make(good))


CORRUPTIONS = {
    # name: (damage, words expected in a message, whether the file's vectors are re-embedded)
    "faiss_truncated": (lambda i: _truncate(i / "vectors.faiss", 0.5), "does not match its manifest", False),
    "faiss_empty": (lambda i: _truncate(i / "vectors.faiss", 0.0), "does not match its manifest", False),
    "faiss_garbage": (lambda i: (i / "vectors.faiss").write_bytes(
        random.Random(0).randbytes((i / "vectors.faiss").stat().st_size)), "does not match its manifest", False),
    "faiss_missing": (lambda i: (i / "vectors.faiss").unlink(), "", False),
    "manifest_truncated": (lambda i: _truncate(i / "manifest.json", 0.6), "manifest is corrupt", False),
    "manifest_empty": (lambda i: _truncate(i / "manifest.json", 0.0), "manifest is corrupt", False),
    "manifest_binary": (lambda i: (i / "manifest.json").write_bytes(b"\xff\xfe\x00garbage\x80"), "manifest is corrupt",
                        False),
    "manifest_old_version": (lambda i: _edit_manifest(i, version=1), "old format", False),
    "manifest_wrong_hash": (lambda i: _edit_manifest(i, faiss_sha256="0" * 64), "does not match its manifest", False),
    "npy_truncated": (lambda i: _truncate(_tiny_npy(i), 0.5), "are corrupt", True),
    "npy_nan": (lambda i: _bad_vectors(i, lambda v: np.full_like(v, np.nan)), "do not match their chunks", True),
    "npy_wrong_rows": (lambda i: _bad_vectors(i, lambda v: v[:-1]), "do not match their chunks", True),
    "npy_wrong_dim": (lambda i: _bad_vectors(i, lambda v: v[:, :100]), "do not match their chunks", True),
}


@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_damaged_index_file_is_detected_and_rebuilt(corpus, base_index, reference, tmp_path, damage):
    index = _index_copy(base_index, tmp_path / "index")
    corrupt, expected, reembeds = CORRUPTIONS[damage]
    corrupt(index)
    assistant = make_assistant(corpus, index)
    vindex = assistant.build_index()
    assert vindex.messages, "damage went unreported"
    assert any(expected in m for m in vindex.messages), vindex.messages
    assert assistant.index_messages == vindex.messages
    assert vindex.embedded_files == (1 if reembeds else 0)
    assert _answers(assistant) == reference
    repaired = make_assistant(corpus, index).build_index()  # the repair was written to disk
    assert repaired.messages == [] and repaired.embedded_files == 0


DAMAGE = {
    "manifest_null": (lambda i: (i / "manifest.json").write_text("null"), AttributeError),
    "manifest_list": (lambda i: (i / "manifest.json").write_text("[]"), AttributeError),
    "npy_zero_bytes": (lambda i: _truncate(_tiny_npy(i), 0.0), EOFError),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_index_file_is_rebuilt(corpus, base_index, reference, tmp_path, damage):
    """Damage that VectorIndex does not catch today: valid JSON that is not an object
    (null, []) → AttributeError in _read_manifest; a 0-byte .npy → EOFError from
    np.load in _load_cached. Both should be reported and rebuilt like the rest."""
    corrupt, _ = DAMAGE[damage]
    index = _index_copy(base_index, tmp_path / "index")
    corrupt(index)
    assistant = make_assistant(corpus, index)
    vindex = assistant.build_index()
    assert vindex.messages
    assert _answers(assistant) == reference


def test_stale_temporary_files_are_removed(corpus, base_index, tmp_path):
    """Temporary files of a killed write (.<name>.<random>.tmp) should not pile up."""
    index = _index_copy(base_index, tmp_path / "index")
    leftovers = [index / ".vectors.faiss.abc123.tmp", index / "vectors" / ".deadbeef-x.npy.abc123.tmp"]
    for p in leftovers:
        p.write_bytes(b"partial")
        os.utime(p, (time.time() - 7200, time.time() - 7200))
    make_assistant(corpus, index).build_index()
    assert not any(p.exists() for p in leftovers), "stale temporary files of a killed write were left behind"
