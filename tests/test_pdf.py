"""PDFs as they arrive (rag.pdf, rag.ocr, the page-level part of rag.clean).

The test documents are made here, from the head of a corpus document set in
公文 typography: a text PDF (reportlab's built-in STSong-Light CID font) with the
红头, 文号, a title on two lines, a running header, page numbers —N— and the ruled
indicator table; and a scan of it (pages drawn as images with a CJK font, slightly
rotated, with noise, saved as an image-only PDF). Both are built once per session.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from rag.clean import carry_offsets, clean_text, continues_title, layout_lines
from rag.documents import make_documents
from rag.load import LoadError, load_file

SOURCE = Path(__file__).resolve().parent.parent / "corpus" / "zj_advanced_manufacturing_base_14th_fyp_2021.txt"
RUNNING_HEADER = "浙江省人民政府公报　2021年第20期"
TITLE_LINES = ("浙江省人民政府关于印发浙江省全球先进制造业基地建设", "“十四五”规划的通知")
FIGURE = re.compile(r"\d+(?:\.\d+)?")  # every figure, year, date part and 文号 number, in order


def _typeset(line: str) -> str:
    """The corpus text (converted from a PDF to markdown) back in 公文 typography."""
    line = re.sub(r"^(?:#{1,6}\s+|-\s+)", "", line).replace("\\*", "*")
    # the corpus's own conversion read two of the four —— list dashes as 一
    line = re.sub(r"^一(?=全[国球])", "——", line)
    if "\t" in line:
        return line
    line = re.sub(r"\[((?:19|20)\d{2})\]\s*(\d+号)", r"〔\1〕\2", line)
    quotes = iter("“”" * 50)
    line = re.sub('"', lambda m: next(quotes), line)
    for half, full in zip(",:;()", "，：；（）"):
        line = line.replace(half, full)
    return line


def _source_lines() -> list[str]:
    """The notice, the plan's opening, its 发展目标 and the indicator table with its 注."""
    lines = [_typeset(line) for line in clean_text(SOURCE.read_text("utf-8")).split("\n")]
    end = next(i for i, line in enumerate(lines) if line.startswith("注："))
    lines = lines[: end + 1]
    title = next(i for i, line in enumerate(lines) if line.startswith("浙江省人民政府关于印发"))
    assert "".join(TITLE_LINES) == lines[title]
    lines[title: title + 1] = list(TITLE_LINES)  # set on two lines, as 公文 titles are
    return lines


def _nows(text: str) -> str:
    return re.sub(r"\s", "", text)


def _norm(text: str) -> str:
    """Whitespace out; full- and half-width forms of a character count as the same."""
    return unicodedata.normalize("NFKC", _nows(text))


def _accuracy(expected: str, got: str) -> float:
    matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / max(len(expected), len(got))


# ---------------------------------------------------------------- making the PDFs


@dataclass
class Made:
    path: Path
    text: str  # the document text the PDF shows (its lines joined, table rows tab-separated)
    page_of: list[int]  # page of each whitespace-free character of `text`


def _wrap(text: str, width: float, measure) -> list[str]:
    out, line = [], ""
    for ch in text:
        # Chinese typesetting never starts a line with closing punctuation: it hangs
        if line and measure(line + ch) > width and ch not in "，。；：、）”％%":
            out.append(line)
            line = ""
        line += ch
    return out + [line]


def _layout(lines: list[str], measure, width: float, per_page: int, table_rows_per_line: int = 1):
    """Lines on pages: (page, kind, text). Kinds: redhead, docno, title, body, table."""
    pages: list[list[tuple[str, str]]] = [[]]
    title_seen = 0
    for line in lines:
        if line.endswith("文件") and len(line) < 15:
            kind = "redhead"
        elif re.fullmatch(r"浙政发〔\d{4}〕\d+号", line):
            kind = "docno"
        elif line in TITLE_LINES and title_seen < 2:
            kind, title_seen = "title", title_seen + 1
        elif "\t" in line:
            kind = "table"
        else:
            kind = "body"
        pieces = [line] if kind in ("table", "redhead", "docno", "title") else _wrap(line, width, measure)
        for piece in pieces:
            if len(pages[-1]) >= per_page:
                pages.append([])
            pages[-1].append((kind, piece))
    return pages


def _page_of_chars(pages) -> list[int]:
    return [n for n, page in enumerate(pages, start=1) for _, text in page for _ in _nows(text)]


def _make_text_pdf(path: Path, lines: list[str]) -> Made:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    size, cell_size, left, width = 13, 8.5, 60, 475
    pages = _layout(lines, lambda s: pdfmetrics.stringWidth(s, font, size), width, per_page=30)
    columns = [48, 26, 250, 46, 58, 47]  # 类别 序号 指标 2020年 2025年 属性
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for number, page in enumerate(pages, start=1):
        y = 780
        if number > 1:
            pdf.setFont(font, 9)
            pdf.drawCentredString(297, 812, RUNNING_HEADER)
            pdf.line(left, 806, left + width, 806)
        for kind, text in page:
            if kind == "table":
                pdf.setFont(font, cell_size)
                x = left
                for w, cell in zip(columns, text.split("\t")):
                    pdf.rect(x, y - 6, w, 20)
                    pdf.drawString(x + 2, y, cell)
                    x += w
                y -= 20
                continue
            big = kind in ("redhead", "title")
            pdf.setFont(font, 22 if kind == "redhead" else 16 if big else size)
            if kind in ("redhead", "docno", "title"):
                pdf.drawCentredString(297, y, text)
            else:
                pdf.drawString(left, y, text)
            y -= 32 if big else 22
        pdf.setFont(font, 11)
        pdf.drawCentredString(297, 40, f"—{number}—")
        pdf.showPage()
    pdf.save()
    return Made(path, "\n".join(lines), _page_of_chars(pages))


def _make_scan(path: Path, lines: list[str], seed: int = 7) -> Made:
    """An image-only PDF: each page drawn at 200 dpi, turned by up to half a degree,
    with grey noise, saved as JPEG images (as a scanner does)."""
    import numpy as np
    import pylopdf_fonts_zh_cn
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(pylopdf_fonts_zh_cn.serif_path()), 36)
    big = ImageFont.truetype(str(pylopdf_fonts_zh_cn.serif_path()), 48)
    small = ImageFont.truetype(str(pylopdf_fonts_zh_cn.serif_path()), 28)
    width_px, height_px, left = 1654, 2339, 170
    pages = _layout(lines, lambda s: font.getlength(s), 1310, per_page=20)
    rng = np.random.default_rng(seed)
    images = []
    for number, page in enumerate(pages, start=1):
        image = Image.new("L", (width_px, height_px), 255)
        draw = ImageDraw.Draw(image)
        if number > 1:
            draw.text((width_px / 2, 120), RUNNING_HEADER, font=small, fill=0, anchor="mm")
        y = 200
        for kind, text in page:
            if kind in ("redhead", "title", "docno"):
                draw.text((width_px / 2, y), text, font=big if kind != "docno" else font, fill=0, anchor="mt")
                y += 90 if kind != "docno" else 66
            else:
                draw.text((left, y), text, font=font, fill=0)
                y += 62
        draw.text((width_px / 2, height_px - 130), f"—{number}—", font=font, fill=0, anchor="mm")
        image = image.rotate(float(rng.uniform(-0.5, 0.5)), resample=Image.BICUBIC, fillcolor=255)
        noisy = np.asarray(image, dtype=np.float32) + rng.normal(0, 14, (height_px, width_px))
        images.append(Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)))
    images[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=images[1:], quality=85)
    return Made(path, "\n".join(lines), _page_of_chars(pages))


@pytest.fixture(scope="session")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfs")
    lines = _source_lines()
    prose = lines[: next(i for i, line in enumerate(lines) if "\t" in line) - 1]  # the scan: no table
    return {
        "text": _make_text_pdf(folder / "plan_text.pdf", lines),
        "scan": _make_scan(folder / "plan_scan.pdf", prose),
        "cache": folder / "ocr-cache",
    }


@pytest.fixture(scope="session")
def loaded(made):
    return {
        "text": load_file(made["text"].path, ocr_cache=made["cache"]),
        "scan": load_file(made["scan"].path, ocr_cache=made["cache"]),
    }


# ---------------------------------------------------------------- text PDF


def test_text_pdf_is_read_exactly_with_layout_removed(made, loaded):
    source = loaded["text"]
    assert len(source.page_starts) >= 2 and source.ocr_pages == ()
    cleaned = clean_text(source.text)
    assert _nows(cleaned) == _nows(made["text"].text), "text PDF: every character, in order"
    assert "人民政府公报" not in cleaned, "running header left in the text"
    assert not re.search(r"—\d+—", cleaned), "page number left in the text"


def test_text_pdf_title_on_two_lines_is_joined_and_metadata_read(made, loaded):
    cleaned = clean_text(loaded["text"].text)
    assert "".join(TITLE_LINES) in cleaned.split("\n")
    doc = make_documents(cleaned, "plan_text.pdf")[0].document
    assert doc.doc_number == "浙政发〔2021〕20号"
    assert doc.date == "2021-07-02"
    assert doc.issuer == "浙江省人民政府"


def test_text_pdf_table_rows_are_tab_separated_with_their_header(made, loaded):
    lines = clean_text(loaded["text"].text).split("\n")
    expected = [line for line in made["text"].text.split("\n") if "\t" in line]
    assert len(expected) == 11  # header and ten indicators
    rows = [line for line in lines if "\t" in line]
    assert [_nows(r.replace("\t", "|")) for r in rows] == [_nows(r.replace("\t", "|")) for r in expected]
    assert rows[0].split("\t") == ["类别", "序号", "指标", "2020年", "2025年", "属性"]

    from rag.clauses import parse_clauses

    doc_text = make_documents("\n".join(lines) + "\n", "plan_text.pdf")[-1].text
    clause = next(c for c in parse_clauses(doc_text, "d") if c.kind == "table_row" and "亩均" in c.text)
    assert clause.fields.get("2025年") == "180" and clause.fields.get("2020年") == "136"


# ---------------------------------------------------------------- scanned PDF


def test_scan_is_read_by_ocr_accurately(made, loaded):
    source = loaded["scan"]
    assert source.ocr_pages == tuple(range(1, len(source.page_starts) + 1)) and len(source.page_starts) >= 2
    expected, got = _norm(made["scan"].text), _norm(clean_text(source.text))
    accuracy = _accuracy(expected, got)
    assert accuracy >= 0.995, f"OCR character accuracy {accuracy:.4f}"
    assert FIGURE.findall(got) == FIGURE.findall(expected), "a figure, date or 文号 was misread"
    assert "浙政发〔2021〕20号" in got and "2021年7月2日" in got


def test_scan_layout_removed_and_confidence_recorded(loaded):
    source = loaded["scan"]
    cleaned = clean_text(source.text)
    assert "人民政府公报" not in _norm(cleaned) and not re.search(r"[—\-]\s*\d\s*[—\-]", cleaned)
    confidences = [c for _, _, c, _ in source.ocr_lines]
    assert confidences and 0.9 < sum(confidences) / len(confidences) <= 1.0
    assert {p for _, _, _, p in source.ocr_lines} == set(source.ocr_pages)


def test_ocr_results_are_cached_by_content(made, loaded, monkeypatch):
    import rag.ocr

    assert any(made["cache"].glob("*.json"))

    def no_ocr(image):
        raise AssertionError("a cached page was read by OCR again")

    monkeypatch.setattr(rag.ocr, "ocr_image", no_ocr)
    calls = []
    again = load_file(made["scan"].path, ocr_cache=made["cache"], progress=lambda done, total: calls.append((done, total)))
    assert again.text == loaded["scan"].text
    n = len(again.ocr_pages)
    assert calls == [(k, n) for k in range(1, n + 1)], "the upload's progress bar follows the pages"


def test_page_of_every_offset_carried_through_cleaning(made, loaded):
    import dataclasses

    from rag.pdf import PageMap

    for kind in ("text", "scan"):
        source = loaded[kind]
        cleaned = clean_text(source.text)
        pages = PageMap.of(source.text, cleaned, source.page_starts, source.ocr_lines)
        got, chars = [], []
        for part in make_documents(cleaned, "x.pdf"):
            fields = pages.for_document(part.offset, len(part.text), 0.85)
            document = dataclasses.replace(part.document, **fields)
            got += [document.page_at(i) for i, ch in enumerate(part.text) if not ch.isspace()]
            chars += [ch for ch in part.text if not ch.isspace()]
        # compare with the page each character was drawn on, character by character
        # (on the scan, over the characters that OCR read right)
        expected = made[kind].page_of
        matcher = difflib.SequenceMatcher(None, _nows(made[kind].text), "".join(chars), autojunk=False)
        pairs = [(b.a + k, b.b + k) for b in matcher.get_matching_blocks() for k in range(b.size)]
        assert len(pairs) >= 0.99 * len(expected)
        wrong = [(i, expected[i], got[j]) for i, j in pairs if expected[i] != got[j]]
        assert not wrong, f"{kind}: {len(wrong)} characters on the wrong page, first {wrong[:3]}"


# ---------------------------------------------------------------- the assistant over .txt and scanned .pdf

QUESTIONS = [
    "到2020年底规上工业亩均增加值达到多少？",
    "到2020年底制造业增加值突破多少？",
    "规上制造业企业研究与试验发展经费占营业收入的比重是多少？",
    "累计认定国家绿色产品多少个？",
    "制造业累计实际利用外资多少亿美元？",
    "浙江省全球先进制造业基地建设规划的文号是什么？",
]


@pytest.fixture(scope="session")
def assistants(made, loaded, tmp_path_factory):  # loaded: the OCR cache is filled
    import shutil

    import rag

    out = {}
    for kind in ("txt", "pdf"):
        corpus = tmp_path_factory.mktemp(f"corpus_{kind}")
        if kind == "txt":
            (corpus / "plan.txt").write_text(made["scan"].text + "\n", "utf-8")
        else:
            shutil.copy(made["scan"].path, corpus / "plan.pdf")
        index = tmp_path_factory.mktemp(f"index_{kind}")
        if kind == "pdf":
            shutil.copytree(made["cache"], index / "ocr")  # the session's OCR: not read twice
        config = rag.Config(model_cache_dir=Path(__file__).resolve().parent.parent / "index" / "models",
                            ocr_min_confidence=0.999 if kind == "pdf" else 0.85)
        out[kind] = rag.Assistant(corpus_dir=corpus, index_dir=index, config=config)
    return out


def test_same_answers_from_txt_and_scanned_pdf_with_pages(made, assistants):
    txt, pdf = assistants["txt"], assistants["pdf"]
    assert pdf.load_errors == [] and txt.load_errors == []
    chars = made["scan"].text
    page_of = made["scan"].page_of
    stream = _norm(chars)
    answered = 0
    for question in QUESTIONS:
        a, b = txt.answer(question), pdf.answer(question)
        assert a.refused == b.refused and a.value == b.value, f"{question}: {a.value!r} vs {b.value!r}"
        if a.refused:
            continue
        answered += 1
        assert all(c.page is None for c in a.citations)
        for c in b.citations:
            at = stream.find(_norm(c.quote)[:15])
            assert at >= 0, f"quote not in the source: {c.quote}"
            # NFKC keeps one character for one here, so positions line up with page_of
            assert c.page == page_of[at], f"{question}: quote «{c.quote[:20]}» cited on page {c.page}, drawn on {page_of[at]}"
    assert answered >= 4


def test_low_confidence_ocr_is_visible(assistants):
    pdf = assistants["pdf"]
    doc = pdf.documents()[0]
    assert doc.ocr_confidence is not None and 0.9 < doc.ocr_confidence <= 1.0
    assert doc.low_confidence_pages, "threshold 0.999: every page falls below it"
    assert doc.low_confidence_spans
    notes = [n for q in QUESTIONS for n in pdf.answer(q).notes if "置信度" in n]
    assert notes, "no answer said it rests on a low-confidence OCR line"
    assert not any("置信度" in n for q in QUESTIONS for n in assistants["txt"].answer(q).notes)
    assert assistants["txt"].documents()[0].ocr_confidence is None


# ---------------------------------------------------------------- bad input: clear errors, corpus unchanged


def _blank_pdf(path: Path, pages: int, password: str | None = None) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    with open(path, "wb") as f:
        writer.write(f)
    return path


def _image_only_blank(path: Path) -> Path:
    from PIL import Image

    Image.new("L", (300, 400), 255).save(path, "PDF", resolution=100.0)  # small: a quick blank OCR
    return path


@pytest.mark.parametrize("name, make, message", [
    ("locked.pdf", lambda p: _blank_pdf(p, 1, password="secret"), "encrypted"),
    ("nothing.pdf", lambda p: _blank_pdf(p, 0), "no pages"),
    ("long.pdf", lambda p: _blank_pdf(p, 6), "over the limit"),
    ("white_scan.pdf", _image_only_blank, "OCR found no text"),
])
def test_bad_pdfs_are_refused_clearly_and_change_nothing(tmp_path, made, name, make, message):
    import rag

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(made["scan"].text, "utf-8")
    path = make(tmp_path / name)
    with pytest.raises(LoadError, match=message) as info:
        load_file(path, max_pdf_pages=5)
    assert name in str(info.value)
    assistant = rag.Assistant(corpus_dir=corpus, index_dir=tmp_path / "index",
                              config=rag.Config(max_pdf_pages=5))
    before = sorted(p.name for p in corpus.iterdir())
    with pytest.raises(LoadError, match=message) as refused:
        assistant.add_document(name, path.read_bytes())
    assert sorted(p.name for p in corpus.iterdir()) == before

    import app

    shown = app.upload_error_message(refused.value, name)  # the chat's own words for each case
    assert shown.startswith(f"上传失败（{name}）") and "无法读取该文件" not in shown and "上传大小" not in shown
    assert [d.path for d in assistant.documents()] == ["plan.txt"]


# ---------------------------------------------------------------- page-level cleaning and offsets


def test_layout_lines_are_learned_from_the_pages():
    pages = [
        ["浙江省人民政府文件", "浙政发〔2021〕20号", "各市人民政府：", "正文第一段。", "—1—"],
        ["浙江省人民政府公报 2", "正文第二段，", "继续。", "第2页"],
        ["浙江省人民政府公报 3", "正文第三段。", "2021年7月2日", "- 3 -"],
        ["浙江省人民政府公报 4", "二、主要任务", "正文。", "4"],
    ]
    assert layout_lines(pages) == [{4}, {0, 3}, {0, 3}, {0, 3}]
    # a line that repeats on fewer pages, a date, a table row: content
    assert layout_lines([["标题", "甲。", "2021年7月2日"], ["乙。", "2021年8月2日"], ["a\tb", "丙。"]]) == [set(), set(), set()]


def test_two_line_titles():
    assert continues_title(*TITLE_LINES)
    assert continues_title("关于加快推进制造业高质量发展的", "实施意见")
    assert not continues_title("浙政发〔2021〕20号", "浙江省人民政府关于印发规划的通知")
    assert not continues_title("各市、县人民政府，省政府直属各单位：", "现将方案印发给你们，请认真贯彻落实。")


def test_carry_offsets_maps_page_starts_and_line_ends():
    raw = "一、总体要求\n到2025年，建成5G基站\n20万个以上。\f—2—\n二、主要任务\n（一）推进数字化。"
    cleaned = clean_text(raw)
    page2 = raw.index("\f") + 1
    start, = carry_offsets(raw, cleaned, [page2])
    assert cleaned[start:].startswith("二、主要任务")
    end = raw.index("基站") + 2
    mapped_end, = carry_offsets(raw, cleaned, [end], ends=True)
    assert cleaned[:mapped_end].endswith("5G基站")


def test_citation_cards_and_viewer_show_the_page(assistants):
    import app

    pdf = assistants["pdf"]
    answer = pdf.answer(QUESTIONS[0])
    c = answer.citations[0]
    assert c.page and f"第{c.page}页" in app.citation_card_html(c.to_dict(), 1)
    assert "页" not in app.citation_card_html(assistants["txt"].answer(QUESTIONS[0]).citations[0].to_dict(), 1)
    doc = next(d for d in pdf.documents() if d.doc_id == c.doc_id)
    viewer = app.clause_view_html(doc, pdf.clauses(doc.doc_id), pdf.document_text(doc.doc_id), c.clause_id,
                                  [(c.start, c.end, "mark")])
    assert f"PDF 第{c.page}页" in viewer
    shown = app.citation_view(pdf, c.to_dict())  # the chat's viewer, with the scanned page folded under it
    assert f"查看扫描原件第{c.page}页" in shown and "data:image/jpeg;base64," in shown
    assert pdf.page_image(doc.doc_id, c.page)[:2] == b"\xff\xd8"
    assert "扫描原件" not in app.citation_view(assistants["txt"], assistants["txt"].answer(QUESTIONS[0]).citations[0].to_dict())
    outline = app.outline_html(doc, pdf.clauses(doc.doc_id))
    assert "扫描件" in outline and "置信度较低的页：第1页" in outline


def test_mixed_pdf_is_read_page_by_page(made, loaded, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(made["text"].path).pages[0])
    scan = PdfReader(made["scan"].path)
    writer.add_page(scan.pages[len(scan.pages) - 1])
    path = tmp_path / "mixed.pdf"
    with open(path, "wb") as f:
        writer.write(f)
    mixed = load_file(path, ocr_cache=tmp_path / "ocr")
    assert mixed.ocr_pages == (2,)
    first = loaded["text"].text[: loaded["text"].page_starts[1] - 1]
    last = loaded["scan"].text[loaded["scan"].page_starts[-1]:]
    assert _nows(mixed.text[: mixed.page_starts[1]]) == _nows(first)
    # two pages cannot teach a running header that stands on one of them: it stays
    assert _nows(mixed.text[mixed.page_starts[1]:]) == _nows(RUNNING_HEADER) + _nows(last)
    assert all(p == 2 for _, _, _, p in mixed.ocr_lines)


@pytest.mark.parametrize("read, fixed", [
    ("浙政发〔2021]20号", "浙政发〔2021〕20号"),
    ("浙政发[2021〕20号", "浙政发〔2021〕20号"),
    ("二O三五年远景目标", "二〇三五年远景目标"),
    ("规划期限为2021一2025年。", "规划期限为2021—2025年。"),
    ("一全国绿色制造标杆地。制造业碳达峰工作取得重大进展，", "——全国绿色制造标杆地。制造业碳达峰工作取得重大进展，"),
    ("规上制造业劳动生产率(万元/人)", "规上制造业劳动生产率（万元/人）"),
    # left alone: 一 as a word, an English line, a plain sentence
    ("一带一路建设取得新进展。开放水平不断提高", "一带一路建设取得新进展。开放水平不断提高"),
    ("一是加强组织领导。各地要", "一是加强组织领导。各地要"),
    ("一季度全省工业增长。", "一季度全省工业增长。"),
    ("GDP (2020)", "GDP (2020)"),
])
def test_ocr_slips_that_conventions_undo(read, fixed):
    from rag.ocr import _fix_text

    assert _fix_text(read) == fixed


def test_ocr_boxes_become_lines_in_reading_order():
    from rag.ocr import boxes_to_lines

    def box(x0, y0, x1, y1):
        return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]

    result = [
        (box(600, 104, 900, 140), "第二段", 0.9),  # same line as the next box, slightly lower (rotation)
        (box(100, 200, 500, 236), "下一行", 0.99),
        (box(100, 100, 560, 136), "到2025年，", 0.95),
        (box(100, 300, 300, 336), "IPv6", 0.99),
        (box(320, 302, 600, 338), "network", 0.99),
    ]
    lines = boxes_to_lines(result)
    assert [line.text for line in lines] == ["到2025年，第二段", "下一行", "IPv6 network"]
    assert lines[0].confidence == pytest.approx((0.95 * 7 + 0.9 * 3) / 10, abs=1e-4)  # weighted by characters


def test_figure_wrapped_at_a_line_end_stays_one_figure():
    from rag.pdf import PageLine, _assemble

    body = "全省坚持以新发展理念引领制造业高质量发展，先进制造业基地建设取得重大进展。"  # a full line
    cut = "全省坚持以新发展理念引领制造业高质量发展，规上工业亩均增加值达13"  # as wide, cut in a figure
    page1 = [PageLine(body), PageLine(cut), PageLine("6万元/亩，" + body[:30]),
             PageLine("类别\t2020年\t2025年"), PageLine("亩均\t136\t180"), PageLine(body), PageLine(cut)]
    page2 = [PageLine("6万元/亩。"), PageLine(body), PageLine(body)]
    pdf = _assemble([page1, page2], [])
    cleaned = clean_text(pdf.text)
    assert cleaned.count("亩均增加值达136万元/亩") == 2, "a full line cut inside a figure is joined without a space"
    assert "亩均\t136\t180" in cleaned.split("\n")
    assert pdf.text[pdf.page_starts[1]:].startswith("6万元/亩。"), "across pages too, and page 2 starts at its text"
    # a short line ending with a digit is not a wrapped one
    short = _assemble([[PageLine(body), PageLine(body), PageLine("序号1"), PageLine("2号文件。")]], []).text
    assert "序号1\n2号文件。" in short
