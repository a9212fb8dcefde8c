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


def test_a_question_names_a_document_by_the_words_only_its_title_has():
    from rag.retrieve import named_document, title_grams
    docs = {d: Document(doc_id=d, title=title, doc_number=None, issuer=None, date=None, path=d + ".txt") for d, title in
            [("a", "义甬舟开放大通道产业发展行动方案"), ("b", "浙江省产业发展规划"), ("c", "安徽省产业发展报告")]}
    chunks = [Chunk(chunk_id=f"{d}:0:0", doc_id=d, clause_id=f"{d}:0", text="产业发展很快", start=0, end=6, context="")
              for d in docs]
    grams = title_grams(docs, chunks)
    assert named_document("义甬舟那份材料定了哪些目标？", grams) == "a"
    assert named_document("产业发展方面有哪些政策？", grams) is None  # 产业发展 is every title's and body's word
    assert named_document("哪份文件提出义甬舟开放大通道？", grams) is None  # asks which document


def test_a_document_is_named_strictly_by_most_of_its_title():
    from rag.retrieve import document_named

    def doc(doc_id, title):
        return Document(doc_id=doc_id, title=title, doc_number=None, issuer=None, date=None, path=f"{doc_id}.txt")

    docs = {"ah": doc("ah", "安徽省“人工智能+万物”应用行动方案"), "gwr": doc("gwr", "政府工作报告"),
            "sz": doc("sz", "深圳市“人工智能+”先进制造业行动计划（2026-2027年）")}
    assert document_named("安徽“人工智能+万物”方案里，应用普及率要到多少？", docs) == "ah"
    assert document_named("2025年政府工作报告定的增长目标是多少？", docs) == "gwr"
    # words a title shares with a question are not a name: 先进制造 here is what is asked about
    assert document_named("深圳AI终端行动计划里，提供空间靠的是多少个先进制造园区？", docs) is None
    assert document_named("人工智能应用普及率要到多少？", docs) is None


def test_a_ministrys_document_is_preferred_when_the_question_names_a_ministry(tmp_path):
    from _helpers import assistant_over

    a = assistant_over(tmp_path, {
        "province.txt": "某省人民政府办公厅关于推动未来产业发展的实施意见\n\n（二）主要目标\n\n到2030年，未来产业规模突破6000亿元。\n",
        "ministry.txt": "工业和信息化部等六部门关于数据要素赋能制造业的指导意见\n\n（三）主要目标\n\n到2030年，工业数据要素市场体系更加成熟。\n"})
    got = a.answer("那份部委意见对2030年是怎么设想的？")
    assert "工业数据要素市场" in got.text and "6000亿元" not in got.text, got.text
