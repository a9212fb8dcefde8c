"""The eval suite: the question file is valid, and the runner computes its
metrics right on known cases (a right answer, a wrong number, a right number
with the wrong citation, a refusal)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evals.runner import format_table, run
from evals.scoring import KINDS, Item, answer_correct, load_questions, normalise
from rag.clean import strip_page_markers
from rag.types import Answer, Citation

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "evals" / "questions.jsonl"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


SHAPE_FILES = [(ROOT / "evals" / "shape_questions.jsonl", ROOT / "corpus"),
               (ROOT / "evals" / "dev_questions.jsonl", ROOT / "evals" / "dev_corpus"),
               (ROOT / "evals" / "synthetic_questions.jsonl", ROOT / "evals" / "synthetic_corpus"),
               (ROOT / "evals" / "seed_fresh_questions.jsonl", ROOT / "corpus"),
               (ROOT / "evals" / "dev_fresh_questions.jsonl", ROOT / "evals" / "dev_corpus")]


def test_question_file_is_valid():
    items = load_questions(QUESTIONS)
    assert len(items) >= 150
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids)), "duplicate ids"
    kinds = {i.kind for i in items}
    assert kinds == set(KINDS) - {"list", "compare"}
    assert sum(i.kind == "refusal" for i in items) >= 25
    docs = {p.name for p in (ROOT / "corpus").iterdir()}
    texts = {name: squash(strip_page_markers((ROOT / "corpus" / name).read_text("utf-8"))) for name in docs}
    for item in items:
        if item.kind == "refusal":
            assert not item.answers and not item.quote, item.id
            continue
        assert item.doc in docs, item.id
        assert item.answers, item.id
        assert squash(item.quote) in texts[item.doc], f"{item.id}: quote not in {item.doc}"
    assert {i.doc for i in items if i.doc} == docs, "every document is covered"


@pytest.mark.parametrize("path, corpus", SHAPE_FILES, ids=["seed-shapes", "dev", "synthetic", "seed-fresh", "dev-fresh"])
def test_shape_question_files_are_valid(path, corpus):
    """Every answer, item, part and quote is a span of its document; every shape is there."""
    items = load_questions(path)
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert {i.shape for i in items} >= {"list", "compare", "goals", "definition", "metadata", "refusal"}
    texts = {p.name: squash(strip_page_markers(p.read_text("utf-8"))) for p in corpus.glob("*.txt")}
    for item in items:
        if item.kind == "refusal":
            assert not item.answers and not item.quote, item.id
            continue
        spans = [item.quote, *item.items] + [a for a in item.answers if re.search(r"[\u4e00-\u9fff]", a)]
        for part in item.parts:
            if part.get("missing"):
                continue
            assert part["doc"] in texts, item.id
            for span in [part["quote"], *(a for a in part["answers"] if re.search(r"[\u4e00-\u9fff]", a))]:
                assert any(squash(v) in texts[part["doc"]] for v in span.split("/")), f"{item.id}: {span}"
        assert item.doc in texts, item.id
        for span in spans:
            assert squash(span) in texts[item.doc], f"{item.id}: {span!r} not in {item.doc}"


def test_list_and_compare_scoring():
    lst = Item("l", "list", "q", [], "d.txt", "二、重点任务", items=["数字化发展", "集群化发展", "服务化发展", "标准化发展", "品牌化发展"])
    assert answer_correct(lst, "1. 加快数字化发展 2. 集群化发展 3. 服务化发展 4. 标准化发展", False)  # 4 of 5
    assert not answer_correct(lst, "1. 加快数字化发展 2. 集群化发展 3. 服务化发展", False)  # 3 of 5
    cmp_ = Item("c", "compare", "q", [], "d.txt", "", parts=[
        {"label": "浙江", "answers": ["3.9%"], "doc": "d.txt", "quote": "x"}, {"label": "江苏", "missing": True}])
    assert answer_correct(cmp_, "| 浙江 | 3.9% |\n| 江苏 | 未找到 |", False)
    assert not answer_correct(cmp_, "| 浙江 | 3.9% |", False)  # the missing part must be said
    assert not answer_correct(cmp_, "| 浙江 | 4.1% |\n| 江苏 | 未找到 |", False)


def test_normalise_treats_equal_figures_as_equal():
    assert normalise("20万个") == normalise("200,000个") == normalise("200000个")
    assert normalise("3—5家") == normalise("3-5家")
    assert normalise("浙政发[2021]20号") == normalise("浙政发〔2021〕20号")
    item = Item("x", "number", "q", ["20万个"], "d.txt", "建成5G基站20万个以上")
    assert answer_correct(item, "**到2025年：20万个以上**", False)
    assert answer_correct(item, "By 2025: 200,000 (20万个以上)", False)
    assert not answer_correct(item, "**到2025年：30万个以上**", False)
    assert not answer_correct(item, "20万个", True)  # a refusal is never a right answer


class FakeAssistant:
    """Answers from a script, over a one-document corpus, through the same API."""

    TEXT = "到2025年,建成5G基站20万个以上。到2022年,新增小升规企业3000家。"

    def __init__(self, script):
        self.script = script

    def documents(self):
        from rag.types import Document

        return [Document("d", "规划", None, None, None, "d.txt")]

    def document_text(self, doc_id):
        return self.TEXT

    def clauses(self, doc_id):
        from rag.types import Clause

        cut = self.TEXT.index("。") + 1
        return [Clause("d:0", "d", ["一、"], "", self.TEXT[:cut], 0, cut),
                Clause("d:1", "d", ["二、"], "", self.TEXT[cut:], cut, len(self.TEXT))]

    def answer(self, question, history=None):
        text, refused, (start, end), quote = self.script[question]
        cites = [Citation("d", "规划", None, "一、", quote, start, end, 1.0)] if quote is not None else []
        return Answer(text=text, refused=refused, citations=cites)


def test_runner_metrics_on_known_cases():
    t = FakeAssistant.TEXT
    s5g, e5g = 0, t.index("。") + 1
    sx = e5g
    items = [
        Item("right", "number", "q1", ["20万个"], "d.txt", "建成5G基站20万个以上"),
        Item("wrong-number", "number", "q2", ["20万个"], "d.txt", "建成5G基站20万个以上"),
        Item("wrong-cite", "number", "q3", ["20万个"], "d.txt", "建成5G基站20万个以上"),
        Item("refusal", "refusal", "q4", [], "", ""),
        Item("bad-offsets", "number", "q5", ["3000家"], "d.txt", "新增小升规企业3000家"),
    ]
    script = {
        "q1": ("**到2025年：20万个以上**", False, (s5g, e5g), t[s5g:e5g]),
        "q2": ("**到2025年：30万个以上**", False, (s5g, e5g), t[s5g:e5g]),
        "q3": ("**20万个以上**", False, (sx, len(t)), t[sx:]),
        "q4": ("语料中没有2030年的目标。", True, (0, 0), None),
        "q5": ("**3000家**", False, (0, 5), "新增小升规企业3000家"),  # offsets do not reproduce the quote
    }
    report = run(items, FakeAssistant(script))
    s = report.summary
    by_id = {r.id: r for r in report.results}
    assert by_id["right"].correct and by_id["right"].cited_ok
    assert not by_id["wrong-number"].correct and by_id["wrong-number"].cited_ok
    assert by_id["wrong-cite"].correct and not by_id["wrong-cite"].cited_ok
    assert by_id["refusal"].correct and by_id["refusal"].cited_ok is None
    assert s["answer_accuracy"] == pytest.approx(4 / 5)
    assert s["per_kind"]["number"]["ours"] == pytest.approx(3 / 4)
    assert s["citation_accuracy"] == pytest.approx(2 / 4)
    assert s["bad_offsets"] == 1
    assert s["refusal_recall"] == 1.0 and s["false_refusals"] == 0
    assert s["hit_at_1"] == pytest.approx(2 / 4)
    table = format_table(s)
    assert "answer accuracy" in table and "0.800" in table
    json.dumps(report.to_dict(), ensure_ascii=False)


def test_an_answer_with_parts_may_hold_the_quote_in_any_citation():
    # a definition answered part by part (双核一带一廊) cites each part first, then the sentence naming
    # the term: the item's quote may stand in any of them, as it may for a list
    from rag.types import Part

    t = FakeAssistant.TEXT
    cut = t.index("。") + 1

    class PartsAssistant(FakeAssistant):
        def answer(self, question, history=None):
            first = Citation("d", "规划", None, "二、", t[cut:], cut, len(t), 1.0)
            whole = Citation("d", "规划", None, "一、", t[:cut], 0, cut, 1.0)
            parts = [Part(label="20万个以上", citations=[first])] if question == "parts" else []
            return Answer(text="20万个以上", refused=False, citations=[first, whole], parts=parts)

    items = [Item("parts", "text", "parts", ["20万个"], "d.txt", "建成5G基站20万个以上"),
             Item("plain", "text", "plain", ["20万个"], "d.txt", "建成5G基站20万个以上")]
    by_id = {r.id: r for r in run(items, PartsAssistant({})).results}
    assert by_id["parts"].cited_ok and not by_id["plain"].cited_ok
