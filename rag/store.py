"""Stage 6 — the store: where dense and lexical candidates are searched.

Two implementations behind one interface, chosen by RAG_STORE:
  faiss (default)           FAISS and the BM25 matrix in this process, persisted
                            under index/ (rag/index.py, rag/lexical.py)
  milvus:index/milvus.db    Milvus Lite, a local file (tests, small trials)
  milvus:http://host:19530  a Milvus server or cluster (token in RAG_MILVUS_TOKEN)

A store answers two calls, each returning (scores, corpus positions):
  vectors.search(query_vector, k)    dense candidates
  lexical.top(query_text, k)         BM25 candidates
Both stores fetch a few candidates beyond k and put them in one canonical
order — exact float64 scores of the candidate rows, ties by corpus position —
so a store's own float32 arithmetic never decides a rank and the answers do
not depend on the store."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

STORE_HELP = "use faiss, milvus:path/to/milvus.db (Milvus Lite) or milvus:http://host:19530 (a Milvus server)"


class StoreError(RuntimeError):
    """The configured store cannot serve this corpus; the message says what to do."""


@dataclass(frozen=True)
class StoreSpec:
    kind: str  # faiss | milvus
    uri: str = ""  # milvus: a local .db path or http(s)://host:port

    @property
    def is_local_file(self) -> bool:
        return self.kind == "milvus" and not re.match(r"^(https?|tcp|grpc|unix)://", self.uri)


def parse_store(value: str | None) -> StoreSpec:
    value = (value or "faiss").strip()
    if value.lower() == "faiss":
        return StoreSpec("faiss")
    kind, _, uri = value.partition(":")
    if kind.lower() == "milvus" and uri.strip():
        return StoreSpec("milvus", uri.strip())
    raise StoreError(f"RAG_STORE={value!r} is not understood: {STORE_HELP}")


def candidate_pool(k: int) -> int:
    """How many candidates to fetch for k: the extra ones let exact scores decide near-ties at the cut."""
    return k + max(10, k // 2)


def canonical_top(ids: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best by score, ties by corpus position: the order every store returns."""
    ids = np.asarray(ids, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.float64)
    order = np.lexsort((ids, -scores))[:k]
    return scores[order], ids[order]


def exact_dense_scores(query_vector: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Inner products in float64: products of float32 numbers are exact there, so the
    score of a row does not depend on which library or batch computed it."""
    if not len(vectors):
        return np.zeros(0)
    return np.asarray(vectors, dtype=np.float64) @ np.asarray(query_vector, dtype=np.float64).reshape(-1)
