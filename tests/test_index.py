"""The index stage: per-document embedding cache, manifest checks, rebuilds."""
from __future__ import annotations

import json

import numpy as np
import pytest

from rag.index import VectorIndex, build_faiss


class CountingEmbedder:
    """Deterministic vectors from text; counts the texts it was asked to embed."""

    def __init__(self):
        self.calls: list[int] = []

    def __call__(self, texts):
        self.calls.append(len(texts))
        rng = [np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(8) for t in texts]
        v = np.asarray(rng, dtype=np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


SIG = {"model": "test", "chunk_size": 160}


def files(*specs):
    return [(name, f"hash-{name}-{version}", [f"{name} chunk {i} v{version}" for i in range(n)]) for name, version, n in specs]


def test_only_changed_documents_are_re_embedded(tmp_path):
    emb = CountingEmbedder()
    VectorIndex(tmp_path).sync(files(("a", 1, 3), ("b", 1, 2)), emb, SIG, 8)
    assert emb.calls == [3, 2]
    emb.calls.clear()
    VectorIndex(tmp_path).sync(files(("a", 1, 3), ("b", 2, 4), ("c", 1, 1)), emb, SIG, 8)
    assert emb.calls == [4, 1]  # b changed, c added, a reused
    emb.calls.clear()
    idx = VectorIndex(tmp_path)
    vectors = idx.sync(files(("a", 1, 3), ("c", 1, 1)), emb, SIG, 8)  # b removed
    assert emb.calls == [] and vectors.shape == (4, 8) and idx.index.ntotal == 4
    assert len(list((tmp_path / "vectors").glob("*.npy"))) == 2  # b's vectors pruned


def test_search_finds_the_chunk_itself(tmp_path):
    emb = CountingEmbedder()
    idx = VectorIndex(tmp_path)
    vectors = idx.sync(files(("a", 1, 5)), emb, SIG, 8)
    scores, ids = idx.search(vectors[3], 2)
    assert ids[0] == 3 and scores[0] == pytest.approx(1.0, abs=1e-5)


def test_model_or_chunking_change_invalidates_the_cache(tmp_path):
    emb = CountingEmbedder()
    VectorIndex(tmp_path).sync(files(("a", 1, 3)), emb, SIG, 8)
    emb.calls.clear()
    idx = VectorIndex(tmp_path)
    idx.sync(files(("a", 1, 3)), emb, {**SIG, "model": "other"}, 8)
    assert emb.calls == [3]
    assert any("changed" in m for m in idx.messages)


@pytest.mark.parametrize("target", ["manifest.json", "vectors.faiss", "npy"])
def test_corrupt_or_truncated_files_are_detected_and_rebuilt(tmp_path, target):
    emb = CountingEmbedder()
    VectorIndex(tmp_path).sync(files(("a", 1, 3)), emb, SIG, 8)
    path = next((tmp_path / "vectors").glob("*.npy")) if target == "npy" else tmp_path / target
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    idx = VectorIndex(tmp_path)
    vectors = idx.sync(files(("a", 1, 3)), emb, SIG, 8)
    assert idx.messages, "the damage must be reported"
    assert idx.index.ntotal == 3 and vectors.shape == (3, 8)
    again = VectorIndex(tmp_path)
    again.sync(files(("a", 1, 3)), emb, SIG, 8)
    assert again.messages == []  # repaired on disk


def test_manifest_records_model_chunking_and_hashes(tmp_path):
    VectorIndex(tmp_path).sync(files(("a", 1, 2)), CountingEmbedder(), SIG, 8)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["signature"] == SIG
    assert manifest["files"][0]["name"] == "a" and manifest["rows"] == 2


def test_large_indexes_switch_to_hnsw():
    import faiss

    v = np.random.default_rng(0).standard_normal((300, 8)).astype(np.float32)
    assert isinstance(build_faiss(v, hnsw_threshold=1000), faiss.IndexFlatIP)
    assert isinstance(build_faiss(v, hnsw_threshold=100), faiss.IndexHNSWFlat)
