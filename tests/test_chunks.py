"""Stage 4 — rag.chunks: searchable units that never cross a clause boundary,
are exact document slices, and carry title, 文号, clause path and table fields."""
from __future__ import annotations


import pytest

from rag.chunks import clause_context, make_chunks
from rag.types import Clause, Document

FYP = "zj_advanced_manufacturing_base_14th_fyp_2021"


@pytest.fixture(scope="module")
def corpus(parsed_corpus):
    """doc_id → (Document, document text, clauses)"""
    return {d: (p.document, p.text, p.clauses) for d, p in parsed_corpus.items()}


def _check_chunks(document, text, clauses, chunks, chunk_size):
    by_id = {c.clause_id: c for c in clauses}
    for ch in chunks:
        clause = by_id[ch.clause_id]
        assert ch.doc_id == document.doc_id
        assert text[ch.start : ch.end] == ch.text, f"{ch.chunk_id}: text is not the document slice"
        assert clause.start <= ch.start < ch.end <= clause.end, f"{ch.chunk_id} crosses its clause boundary"
        assert len(ch.text) <= chunk_size, f"{ch.chunk_id}: {len(ch.text)} > {chunk_size}"
    # every clause is fully covered by its chunks, in order
    for clause in clauses:
        own = [ch for ch in chunks if ch.clause_id == clause.clause_id]
        assert own, f"{clause.clause_id} has no chunk"
        assert own[0].start == clause.start and own[-1].end == clause.end
        for a, b in zip(own, own[1:]):
            assert b.start <= a.end, f"gap between {a.chunk_id} and {b.chunk_id}"
            assert b.start > a.start
        assert [ch.chunk_id for ch in own] == [f"{clause.clause_id}/{n}" for n in range(len(own))]


@pytest.mark.parametrize("chunk_size, overlap", [(300, 40), (160, 20), (80, 10)])
def test_corpus_chunks_are_exact_slices_inside_their_clause(corpus, chunk_size, overlap):
    total = 0
    for document, text, clauses in corpus.values():
        chunks = make_chunks(document, clauses, chunk_size=chunk_size, overlap=overlap)
        _check_chunks(document, text, clauses, chunks, chunk_size)
        ids = [ch.chunk_id for ch in chunks]
        assert len(ids) == len(set(ids))
        total += len(chunks)
    assert total > sum(len(clauses) for _, _, clauses in corpus.values()), "some clause must need splitting"


def test_short_clause_is_one_chunk_with_the_clause_text(corpus):
    document, text, clauses = corpus[FYP]
    clause = next(c for c in clauses if c.kind == "table_row")
    (chunk,) = [ch for ch in make_chunks(document, [clause]) if ch.clause_id == clause.clause_id]
    assert (chunk.text, chunk.start, chunk.end) == (clause.text, clause.start, clause.end)


SENTENCE = "推动规上工业企业数字化改造全覆盖，建成一批智能工厂。"  # 26 characters


def _synthetic(n_sentences: int, prefix: str = "一、总体要求\n"):
    body = "（一）主要目标。" + SENTENCE * n_sentences
    text = prefix + body + "\n二、重点任务\n"
    start = len(prefix)
    clause = Clause(
        clause_id="syn:0001",
        doc_id="syn",
        path=["一、总体要求", "（一）主要目标"],
        label="（一）",
        text=body,
        start=start,
        end=start + len(body),
        kind="item",
    )
    document = Document(doc_id="syn", title="测试规划", doc_number="浙政发〔2021〕20号", issuer=None, date=None, path="syn.txt")
    return document, text, clause


def test_long_clause_is_split_under_chunk_size_on_sentence_ends():
    document, text, clause = _synthetic(20)
    assert len(clause.text) > 500
    chunks = make_chunks(document, [clause], chunk_size=100, overlap=0)
    assert len(chunks) >= 6
    _check_chunks(document, text, [clause], chunks, 100)
    for ch in chunks:
        assert ch.text.endswith("。"), f"{ch.chunk_id} does not end on 。: {ch.text[-10:]!r}"
    # without overlap the chunks tile the clause exactly
    assert "".join(ch.text for ch in chunks) == clause.text
    for a, b in zip(chunks, chunks[1:]):
        assert a.end == b.start


def test_overlap_repeats_text_but_stays_inside_the_clause():
    document, text, clause = _synthetic(20)
    chunks = make_chunks(document, [clause], chunk_size=100, overlap=40)
    _check_chunks(document, text, [clause], chunks, 100)
    assert any(b.start < a.end for a, b in zip(chunks, chunks[1:])), "overlap requested but none produced"


def test_sentence_longer_than_chunk_size_falls_back_to_commas():
    document, text, clause = _synthetic(4)
    chunks = make_chunks(document, [clause], chunk_size=20, overlap=0)
    _check_chunks(document, text, [clause], chunks, 20)
    assert any(ch.text.endswith("，") for ch in chunks)


def test_clause_with_repeated_sentences_gets_correct_offsets():
    # identical pieces: a naive str.find would map every piece to the first occurrence
    document, text, clause = _synthetic(12)
    chunks = make_chunks(document, [clause], chunk_size=60, overlap=0)
    starts = [ch.start for ch in chunks]
    assert len(set(starts)) == len(starts)
    _check_chunks(document, text, [clause], chunks, 60)


def test_chunks_never_merge_two_clauses(corpus):
    document, text, clauses = corpus[FYP]
    tiny = [c for c in clauses if len(c.text) < 30][:5]
    assert len(tiny) == 5
    chunks = make_chunks(document, tiny, chunk_size=300, overlap=40)
    assert [ch.clause_id for ch in chunks] == [c.clause_id for c in tiny]
    assert [ch.text for ch in chunks] == [c.text for c in tiny]


# ---------------------------------------------------------------- context


def test_context_contains_title_doc_number_and_clause_path(corpus):
    document, text, clauses = corpus[FYP]
    clause = next(c for c in clauses if "建成5G基站20万个以上" in c.text)
    for ch in make_chunks(document, [clause]):
        assert '《浙江省全球先进制造业基地建设"十四五"规划》' in ch.context
        assert "浙政发〔2021〕20号" in ch.context
        assert "四、加快数字化发展,引领制造业全方位升级 › (五)建设一流数字基础设施" in ch.context
        assert ch.text not in ch.context  # the context is metadata, not the text again


def test_context_names_table_cells_by_column(corpus):
    document, text, clauses = corpus[FYP]
    row = next(c for c in clauses if c.kind == "table_row" and "劳动生产率" in c.text)
    (chunk,) = make_chunks(document, [row])
    for part in ("类别：发展质效", "2020年：23.5", "2025年：33", "属性：预期性", "指标：规上制造业全员劳动生产率(万元/人)"):
        assert part in chunk.context, part
    assert "5年累计" in chunk.context  # the table's 注 travels with every row


def test_context_for_report_without_doc_number(corpus):
    document, text, clauses = corpus["zj_ah_industry_work_reports_2020.part2"]
    clause = next(c for c in clauses if c.path[0] == "2020年工作成效")
    context = clause_context(document, clause)
    assert context.startswith("《强链条育引擎安徽大力实施产业基础再造工程》 2020年工作成效")
    assert "None" not in context


def test_every_corpus_chunk_context_starts_with_its_title(corpus):
    for document, text, clauses in corpus.values():
        for ch in make_chunks(document, clauses, chunk_size=160, overlap=20):
            assert ch.context.startswith(f"《{document.title}》")
