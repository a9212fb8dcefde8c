"""Retrieval fusion: dense and lexical ranks fused, with the question's constraints as priors."""
from __future__ import annotations

import numpy as np

from rag.query import analyse
from rag.retrieve import Retriever
from rag.types import Chunk, Document


class _Ranked:
    """A store that returns fixed (scores, positions)."""

    def __init__(self, scores, ids):
        self.scores, self.ids = np.array(scores, dtype=float), np.array(ids)

    def search(self, vector, k):
        return self.scores[:k], self.ids[:k]

    def top(self, text, k):
        return self.scores[:k], self.ids[:k]


def _retriever(dense, lexical) -> Retriever:
    doc = Document(doc_id="d", title="某省措施", doc_number=None, issuer=None, date=None, path="d.txt")
    chunks = [Chunk(f"d:{i}", "d", f"d:{i}", f"第{i}段", 0, 3, "") for i in range(4)]
    return Retriever(chunks, {"d": doc}, _Ranked(*dense), _Ranked(*lexical), embedder=None, targets_by_clause={})


def test_a_decisive_lexical_match_outranks_passages_both_lists_found_lukewarm():
    # chunk 3 holds far more of the question's words than any other; 0 and 1 are in both lists
    r = _retriever(dense=([0.9, 0.8, 0.7], [0, 1, 2]), lexical=([170.0, 100.0, 90.0], [3, 0, 1]))
    hits = r.retrieve(analyse("哪份文件提出在手机等8大门类打造智能终端产品？"), top_k=4, query_vector=np.zeros(3))
    assert hits[0].chunk.chunk_id == "d:3"


def test_without_a_decisive_match_both_lists_decide():
    r = _retriever(dense=([0.9, 0.8, 0.7], [0, 1, 2]), lexical=([110.0, 100.0, 90.0], [3, 0, 1]))
    hits = r.retrieve(analyse("智能终端产品有哪些？"), top_k=4, query_vector=np.zeros(3))
    assert hits[0].chunk.chunk_id == "d:0"
