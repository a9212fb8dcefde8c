"""Fast tests of app.py's pure functions: answer formatting, citation cards, highlighting,
the 指标库 filter and CSV, error messages and the chat turn. No server, no browser, no model."""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import app  # noqa: E402
import rag  # noqa: E402
from rag import Answer, Citation, Clause, Document, Target  # noqa: E402

TEXT = "一、总体目标\n到2025年，建成5G基站20万个以上，<b>网络</b>全国领先。\n二、保障措施\n加快建设数据中心。"
DOC = Document(doc_id="d1", title="浙江省数字基础设施\"十四五\"规划", doc_number="浙政发〔2021〕20号",
               issuer="浙江省人民政府", date="2021-07-02", path="plan.txt", printed_date="2021-07-13", region="浙江",
               target_years=(2021, 2025), kind="notice")


def _clauses() -> list[Clause]:
    out, pos = [], 0
    for i, (line, path, kind) in enumerate([
        ("一、总体目标", ["一、总体目标"], "heading"),
        ("到2025年，建成5G基站20万个以上，<b>网络</b>全国领先。", ["一、总体目标"], "paragraph"),
        ("二、保障措施", ["二、保障措施"], "heading"),
        ("加快建设数据中心。", ["二、保障措施"], "paragraph"),
    ]):
        start = TEXT.index(line, pos)
        out.append(Clause(clause_id=f"d1:{i:04d}", doc_id="d1", path=path, label="", text=line, start=start,
                          end=start + len(line), kind=kind))
        pos = start + len(line)
    return out


CLAUSES = _clauses()
QUOTE = "到2025年，建成5G基站20万个以上，<b>网络</b>全国领先。"
Q_START = TEXT.index(QUOTE)


def _citation(**changes) -> Citation:
    fields = dict(doc_id="d1", title=DOC.title, doc_number=DOC.doc_number, clause="一、总体目标", quote=QUOTE,
                  start=Q_START, end=Q_START + len(QUOTE), score=1.2, clause_id="d1:0001")
    fields.update(changes)
    return Citation(**fields)


def _answer(**changes) -> Answer:
    fields = dict(
        text=f"**到2025年：20万个以上**\n\n说明：以上为目标值。\n\n原文：「{QUOTE}」\n\n出处：《{DOC.title}》（浙政发〔2021〕20号） 一、总体目标",
        refused=False, citations=[_citation()], value="20万个以上", deadline=2025, language="zh")
    fields.update(changes)
    return Answer(**fields)


def _refusal() -> Answer:
    related = _citation()
    return Answer(text="语料中没有关于江苏的相关内容。\n相关（并非所问）：\n- 到2025年，建成5G基站20万个以上（《规划》 一、总体目标）",
                  refused=True, citations=[related, related], language="zh")


def _target(**changes) -> Target:
    v = TEXT.index("20万个以上")
    fields = dict(doc_id="d1", clause_id="d1:0001", deadline=2025, indicator="建成5G基站", value_text="20万个以上",
                  number=200000.0, unit="万个", qualifier="以上", quote=QUOTE, start=Q_START, end=Q_START + len(QUOTE),
                  is_target=True, value_start=v, value_end=v + len("20万个以上"))
    fields.update(changes)
    return Target(**fields)


# ---- answers and cards ------------------------------------------------------------
def test_answer_leads_with_value_and_deadline_then_cards():
    html = app.format_answer_html(_answer())
    assert 'class="qa-answer qa-ok qa-complete"' in html
    value_at = html.index("20万个以上")
    assert value_at < html.index("qa-text") < html.index("cite-card")
    assert "到2025年" in html[: html.index("qa-text")]  # the deadline is in the lead line
    card = html[html.index("cite-card"):]
    for part in ("浙江省数字基础设施", "浙政发〔2021〕20号", "一、总体目标", "建成5G基站20万个以上"):
        assert part in card
    assert "说明：以上为目标值。" in html
    # the quote and source lines of the text are shown by the card, not repeated
    assert "原文：" not in html and "出处：" not in html


def test_document_text_is_escaped_everywhere():
    html = app.format_answer_html(_answer())
    assert "<b>网络</b>" not in html and "&lt;b&gt;网络&lt;/b&gt;" in html
    assert "&quot;十四五&quot;" in html  # the title's quotes, inside the card
    view = app.clause_view_html(DOC, CLAUSES, TEXT, "d1:0001", [(Q_START, Q_START + len(QUOTE), "mark")])
    assert "<b>网络</b>" not in view and "&lt;b&gt;" in view


def test_library_bold_markers_render_as_bold_but_nothing_else():
    assert app.inline_html("超**5.56万个**。<i>") == "超<b>5.56万个</b>。&lt;i&gt;"


def test_value_header_built_from_fields_when_text_does_not_lead_with_it():
    html = app.format_answer_html(_answer(text="The plan says so.", value="20万个以上", deadline=2025, language="en"))
    head = html[: html.index("qa-text")]
    assert "20万个以上" in head and "2025" in head and "Deadline" in head


def test_refusal_is_marked_and_related_facts_are_labelled_related():
    html = app.format_answer_html(_refusal())
    assert 'class="qa-answer qa-refused qa-complete"' in html
    assert "⚠ 无法回答" in html
    assert "相关事实（并非所问）" in html
    assert html.count("相关·并非所问") == 1  # the two identical citations are shown once
    assert "cite-card related" in html
    assert "语料中没有关于江苏的相关内容。" in html


def test_english_answer_labels_follow_the_question_language():
    html = app.format_answer_html(_answer(text="**By 2025: 200,000 (20万个以上)**", language="en",
                                          citations=[_citation(), _citation(start=0, end=6, quote="一、总体目标")]))
    assert "Sources" in html and "Evidence" in html and "See also" in html
    assert "引用来源" not in html


def test_cards_in_the_chat_carry_their_message_and_citation_index():
    html = app.format_answer_html(_answer(citations=[_citation(), _citation(start=0, end=6, quote="一、总体目标")]), 3)
    assert "cite-ref-3-0" in html and "cite-ref-3-1" in html
    assert "cite-ref" not in app.format_answer_html(_answer())  # previews are not clickable


def test_stream_steps_show_the_value_first_and_end_with_the_full_answer():
    steps = app.stream_steps(_answer())
    assert len(steps) >= 3
    assert "20万个以上" in steps[0] and "cite-card" not in steps[0]
    assert all("qa-complete" not in step for step in steps[:-1])  # only the whole answer is marked complete
    assert steps[-1] == app.format_answer_html(_answer())
    assert all(len(a) <= len(b) for a, b in zip(steps, steps[1:]))
    three = _answer(citations=[_citation(), _citation(start=0, end=6, quote="一、总体目标"),
                               _citation(start=50, end=58, quote="加快建设数据中心。")])
    cards = [step.count('class="cite-card') for step in app.stream_steps(three)]
    assert cards == sorted(cards) and cards[-1] == 3 and 1 in cards and 2 in cards  # the cards arrive one by one


# ---- highlighting -------------------------------------------------------------------
def test_highlight_marks_exactly_the_span():
    text = "甲乙丙丁戊己"
    assert app.highlight_html(text, 0, 6, [(2, 4, "mark")]) == "甲乙<mark>丙丁</mark>戊己"
    nested = app.highlight_html(text, 0, 6, [(1, 5, "quote-span"), (2, 3, "mark")])
    assert nested == '甲<span class="quote-span">乙</span><span class="quote-span"><mark>丙</mark></span><span class="quote-span">丁戊</span>己'


def test_clause_view_shows_the_clause_in_context_with_the_quote_marked():
    view = app.clause_view_html(DOC, CLAUSES, TEXT, "d1:0001", [(Q_START, Q_START + len(QUOTE), "mark")])
    marked = re.findall(r"<mark>(.*?)</mark>", view)
    assert marked == [app.esc(QUOTE)]
    assert "一、总体目标" in view and "浙政发〔2021〕20号" in view
    assert "二、保障措施" in view  # the next clause, for context
    assert "加快建设数据中心" not in view  # but not the whole document


def test_context_window_covers_the_clause_and_the_span():
    lo, hi = app.context_window(CLAUSES, "d1:0001", Q_START, Q_START + 3, margin=1000, text_len=len(TEXT))
    assert lo == CLAUSES[0].start and hi == CLAUSES[2].end  # one clause either side
    lo, hi = app.context_window(CLAUSES, "d1:0001", Q_START, Q_START + 3, margin=2, text_len=len(TEXT))
    assert lo <= CLAUSES[1].start and hi >= CLAUSES[1].end
    assert lo >= CLAUSES[1].start - 2 and hi <= CLAUSES[1].end + 2


def test_citation_view_of_a_removed_document_is_a_message_not_an_error():
    class Empty:
        def documents(self):
            return []

    assert "已不在语料中" in app.citation_view(Empty(), _citation().to_dict())


# ---- 指标库 ----------------------------------------------------------------------
def _targets() -> list[Target]:
    return [
        _target(),
        _target(doc_id="d2", clause_id="d2:0001", deadline=2022, indicator="工业互联网平台", value_text="100个",
                quote="到2022年，创建100个省级工业互联网平台。", start=0, end=20, value_start=8, value_end=12),
        _target(deadline=None, indicator="数据中心机架", value_text="45万个", quote="具备45万个机架", is_target=False,
                value_start=40, value_end=44),
    ]


TITLES = {"d1": DOC.title, "d2": "传统制造业改造提升2.0版"}


def test_filter_by_document_year_and_keyword():
    targets = _targets()
    assert len(app.filter_targets(targets, TITLES)) == 3
    assert len(app.filter_targets(targets, TITLES, app.ALL, app.ALL, "")) == 3
    assert [t.doc_id for t in app.filter_targets(targets, TITLES, doc_id="d2")] == ["d2"]
    assert [t.deadline for t in app.filter_targets(targets, TITLES, year="2025")] == [2025]
    assert [t.deadline for t in app.filter_targets(targets, TITLES, year=2022)] == [2022]
    assert [t.indicator for t in app.filter_targets(targets, TITLES, keyword="5g")] == ["建成5G基站"]  # case-insensitive
    assert [t.indicator for t in app.filter_targets(targets, TITLES, keyword="平台 2022")] == ["工业互联网平台"]
    assert app.filter_targets(targets, TITLES, keyword="改造提升")[0].doc_id == "d2"  # the document title counts
    assert app.filter_targets(targets, TITLES, doc_id="d1", keyword="平台") == []


def test_target_rows_end_with_a_key_that_finds_the_target_again():
    targets = _targets()
    rows = app.target_rows(targets, TITLES)
    assert rows[0][:6] == [DOC.title, 2025, "建成5G基站", "20万个以上", "万个", "目标"]
    assert rows[2][5] == "实绩"
    assert [next(t for t in targets if app.target_key(t) == r[-1]) for r in rows] == targets
    assert len(rows[0]) == len(app.TARGET_HEADERS)


def test_targets_csv_has_a_header_and_one_row_per_target(tmp_path):
    path = app.write_targets_csv(_targets()[:2], {"d1": DOC}, {"d1:0001": "一、总体目标"}, tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert len(rows) == 2
    assert rows[0]["指标"] == "建成5G基站" and rows[0]["数值原文"] == "20万个以上" and rows[0]["条款"] == "一、总体目标"
    assert rows[0]["文号"] == "浙政发〔2021〕20号" and rows[1]["文档"] == "d2"


# ---- 文档 -----------------------------------------------------------------------
def test_document_rows_outline_and_file_choices():
    rows = app.document_rows([DOC])
    assert rows[0][:3] == [DOC.title, "浙政发〔2021〕20号", "浙江省人民政府"] and rows[0][6] == "2021–2025"
    assert len(rows[0]) == len(app.DOC_HEADERS)
    outline = app.outline_html(DOC, CLAUSES, 2)
    assert "一、总体目标" in outline and "二、保障措施" in outline and "2 条指标" in outline
    assert "加快建设数据中心" not in outline  # paragraphs are not headings
    other = Document(doc_id="d1.part2", title="第二篇", doc_number=None, issuer=None, date=None, path="plan.txt")
    assert app.file_choices([DOC, other]) == [(f"plan.txt — {DOC.title}；第二篇", "plan.txt")]


# ---- error messages ------------------------------------------------------------------
@pytest.fixture
def library(tmp_path):
    """A real Assistant over a one-file corpus (no model is loaded by these checks)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text("关于推进工作的通知\n\n一、到2025年，建成基站10个。\n", encoding="utf-8")
    return rag.Assistant(corpus_dir=corpus, index_dir=tmp_path / "index")


def test_question_errors_become_short_chinese_messages(library):
    with pytest.raises(rag.QuestionError) as empty:
        library.answer("   ")
    assert app.question_error_message(empty.value) == "问题为空，请输入一个问题。"
    with pytest.raises(rag.QuestionError) as huge:
        library.answer("问" * (library.config.max_question_chars + 1))
    message = app.question_error_message(huge.value)
    assert message.startswith("问题过长") and "(" not in message and "Traceback" not in message
    assert app.question_error_message(rag.QuestionError("question must be text, not int")) == "问题无效，请输入文字问题。"


def test_upload_errors_become_short_chinese_messages(library):
    cases = [("tool.exe", b"MZ\x00\x00", "不支持的文件类型"), ("empty.txt", b"", "没有可读取的文字"),
             ("blob.txt", b"\x00\x01\x02binary", "编码无法识别"), ("broken.pdf", b"%PDF-1.4 garbage", "PDF 文件无法读取"),
             ("broken.docx", b"not a zip", "DOCX 文件无法读取")]
    for name, data, expected in cases:
        with pytest.raises(rag.LoadError) as err:
            library.add_document(name, data)
        message = app.upload_error_message(err.value, name)
        assert message.startswith(f"上传失败（{name}）：") and expected in message, (name, str(err.value), message)
    small = rag.Assistant(config=library.config.with_(max_upload_bytes=10))
    with pytest.raises(rag.LoadError) as big:
        small.add_document("big.txt", "很长的文本".encode() * 10)
    assert app.upload_error_message(big.value, "big.txt") == "上传失败（big.txt）：文件过大，超过上传大小限制。"
    assert "相同内容的文件已在语料中（plan.txt）" in app.upload_error_message(
        rag.LoadError("copy.txt: the same content is already in the corpus as plan.txt"))
    assert app.upload_error_message(rag.LoadError("x: something new")) == "上传失败：无法读取该文件。"


# ---- the chat turn -----------------------------------------------------------------
class FakeAssistant:
    """Answers every question with one canned answer and records the history it was given."""

    def __init__(self, answer=None, error=None):
        self._answer, self._error, self.calls = answer or _answer(), error, []

    def answer(self, question, *, history=None, top_k=5):
        self.calls.append((question, history))
        if self._error:
            raise self._error
        return self._answer

    def documents(self):
        return [DOC]

    def clauses(self, doc_id):
        return list(CLAUSES)

    def document_text(self, doc_id):
        return TEXT


def test_chat_turn_streams_value_first_and_passes_the_history():
    fake = FakeAssistant()
    history = [{"role": "user", "content": [{"type": "text", "text": "到2025年浙江计划建成多少个5G基站？"}]},
               {"role": "assistant", "content": [{"type": "text", "text": "<div>到2025年：20万个以上</div>"}]}]
    steps = list(app.chat_turn(fake, "那2022年呢？", history, {}, delay=0))
    assert fake.calls == [("那2022年呢？", [{"role": "user", "content": "到2025年浙江计划建成多少个5G基站？"},
                                        {"role": "assistant", "content": "到2025年：20万个以上"}])]
    chats = [s[0] for s in steps]
    assert chats[0][-1]["content"].startswith("⏳")  # shown at once, before the answer is ready
    assert "20万个以上" in chats[1][-1]["content"] and "cite-card" not in chats[1][-1]["content"]
    final = steps[-1]
    assert final[0][-1]["content"] == app.format_answer_html(_answer(), 3)
    assert final[0][-2] == {"role": "user", "content": "那2022年呢？"}
    assert final[5][3]["citations"][0]["quote"] == QUOTE  # citations kept per message, for card clicks
    assert "<mark>" in final[6]  # the first citation opens in the viewer


def test_chat_turn_with_an_empty_question_shows_a_message_and_leaves_the_chat_alone():
    fake = FakeAssistant(error=rag.QuestionError("问题为空，请输入一个问题。(The question is empty.)"))
    steps = list(app.chat_turn(fake, "", [], {}, delay=0))
    chat, box, status = steps[-1][:3]
    assert chat == [] and "问题为空" in status and "The question" not in status


def test_chat_turn_hides_unexpected_errors():
    steps = list(app.chat_turn(FakeAssistant(error=RuntimeError("boom at /secret/path")), "问题", [], {}, delay=0))
    status = steps[-1][2]
    assert "系统暂时无法回答" in status and "boom" not in status and "Traceback" not in status


def test_normalise_history_accepts_gradio_and_plain_messages():
    messages = [{"role": "user", "content": "问一"},
                {"role": "assistant", "content": [{"type": "text", "text": '<div class="qa-value"><b>答</b>&amp;</div>'}]},
                {"role": "user", "content": [{"type": "file", "file": {"path": "x"}}]}, "junk"]
    assert app.normalise_history(messages) == [{"role": "user", "content": "问一"},
                                               {"role": "assistant", "content": "答 &"},
                                               {"role": "user", "content": ""}]
    assert app.normalise_history(None) == []
