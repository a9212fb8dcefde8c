"""Stage 1 — rag.load: text files in every supported encoding, PDF and DOCX,
and clear LoadErrors (naming the file) for everything that cannot be read."""
from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from rag.load import LoadError, SourceFile, decode_text, load_file, load_folder

TEXT = (
    "浙江省全球先进制造业基地建设“十四五”规划\n"
    "一、总体要求\n"
    "到2025年，建成5G基站20万个以上，规上工业亩均增加值达180万元/亩。\n"
    "（一）指导思想。深入贯彻新发展理念——推动制造业高质量发展。\n"
)
# Pure CJK text: its UTF-16 form has no NUL byte, so only the encoding check can catch it.
CJK_ONLY = "浙江省全球先进制造业基地建设规划，建成基站万个以上。推动制造业高质量发展，加快建设全球先进制造业基地。"


def _random_bytes(n: int, seed: int, low: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(n))


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _load_error(path: Path, root: Path | None = None) -> str:
    with pytest.raises(LoadError) as info:
        load_file(path, root)
    return str(info.value)


# ---------------------------------------------------------------- text files


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("plain.txt", "utf-8"),
        ("bom.txt", "utf-8-sig"),
        ("gb.txt", "gb18030"),
        ("plain.md", "utf-8"),
        ("bom.md", "utf-8-sig"),
        ("gb.md", "gb18030"),
    ],
)
def test_text_encodings_decode_to_the_same_text(tmp_path, name, encoding):
    path = _write(tmp_path / name, TEXT.encode(encoding))
    loaded = load_file(path)
    assert isinstance(loaded, SourceFile)
    assert loaded.text == TEXT, f"{encoding} file did not decode to the original text"
    assert "\ufeff" not in loaded.text
    assert loaded.name == name
    assert loaded.path == path


def test_gb18030_bytes_are_not_valid_utf8():
    # guards the test above: the GB18030 case must really exercise the fallback
    with pytest.raises(UnicodeDecodeError):
        TEXT.encode("gb18030").decode("utf-8")
    assert decode_text(TEXT.encode("gb18030"), "x.txt") == TEXT


def test_name_is_relative_to_root(tmp_path):
    path = _write(tmp_path / "sub" / "dir" / "a.txt", TEXT.encode("utf-8"))
    assert load_file(path, tmp_path).name == str(Path("sub") / "dir" / "a.txt")


@pytest.mark.parametrize(
    "name, data",
    [
        ("random_high.txt", _random_bytes(3000, seed=1, low=128)),
        ("random_high2.md", _random_bytes(500, seed=7, low=128)),
        ("utf16le_cjk.txt", CJK_ONLY.encode("utf-16-le")),
        ("utf16be_cjk.txt", CJK_ONLY.encode("utf-16-be")),
        ("utf16le_mixed.txt", TEXT.encode("utf-16-le")),  # has NUL bytes (ASCII digits)
    ],
)
def test_unknown_encoding_raises_load_error_naming_the_file(tmp_path, name, data):
    message = _load_error(_write(tmp_path / name, data))
    assert name in message


def test_nul_bytes_in_a_txt_file_are_rejected_as_binary(tmp_path):
    data = b"%PDF-like header\x00\x01\x02\x03" + _random_bytes(2000, seed=3)
    message = _load_error(_write(tmp_path / "binary.txt", data))
    assert "binary.txt" in message
    assert "NUL" in message or "binary" in message


@pytest.mark.parametrize("data", [b"", b"   \n\n\t \r\n", "\u3000\n".encode("utf-8")])
def test_empty_or_blank_file_errors(tmp_path, data):
    message = _load_error(_write(tmp_path / "empty.txt", data))
    assert "empty.txt" in message


@pytest.mark.parametrize("name", ["notes.rtf", "table.xlsx", "scan.png", "README", "old.doc"])
def test_unsupported_suffix_errors(tmp_path, name):
    message = _load_error(_write(tmp_path / name, TEXT.encode("utf-8")))
    assert name in message
    assert "unsupported" in message


def test_missing_file_raises_load_error(tmp_path):
    message = _load_error(tmp_path / "gone.txt")
    assert "gone.txt" in message


# ---------------------------------------------------------------- broken PDF / DOCX


@pytest.mark.parametrize(
    "name, data",
    [
        ("random.pdf", _random_bytes(4000, seed=11)),
        ("header_only.pdf", b"%PDF-1.7\n" + _random_bytes(2000, seed=12)),
        ("empty.pdf", b""),
    ],
)
def test_broken_pdf_raises_load_error_naming_the_file(tmp_path, name, data):
    message = _load_error(_write(tmp_path / name, data))
    assert name in message


def test_broken_docx_random_bytes(tmp_path):
    message = _load_error(_write(tmp_path / "random.docx", _random_bytes(4000, seed=21)))
    assert "random.docx" in message


def test_broken_docx_zip_without_document_xml(tmp_path):
    path = tmp_path / "nodoc.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "not a word document")
    message = _load_error(path)
    assert "nodoc.docx" in message


def test_truncated_real_pdf_raises_load_error(tmp_path):
    good = _make_pdf(tmp_path / "good.pdf", ["Zhejiang 5G base stations"])
    bad = _write(tmp_path / "truncated.pdf", good.read_bytes()[:300])
    message = _load_error(bad)
    assert "truncated.pdf" in message


# ---------------------------------------------------------------- real DOCX / PDF


def _make_docx(path: Path, before: list[str], rows: list[list[str]], after: list[str] = ()) -> Path:
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


ROWS = [["指标", "2020年", "2025年"], ["5G基站（万个）", "6.26", "20"], ["规上工业亩均增加值（万元/亩）", "136", "180"]]


def test_real_docx_loads_paragraphs_and_tab_joined_table_rows(tmp_path):
    path = _make_docx(tmp_path / "plan.docx", ["一、总体要求", "到2025年，建成5G基站20万个以上。"], ROWS)
    text = load_file(path).text
    lines = [line for line in text.split("\n") if line.strip()]
    assert lines[:2] == ["一、总体要求", "到2025年，建成5G基站20万个以上。"]
    for row in ROWS:
        assert "\t".join(row) in lines, f"table row {row} missing or not tab-joined"
    # rows stay in table order
    positions = [lines.index("\t".join(row)) for row in ROWS]
    assert positions == sorted(positions)


def test_docx_keeps_a_table_between_paragraphs_in_document_order(tmp_path):
    # A policy document's 指标 table sits inside a section and its 注 follows it;
    # moving every table to the end of the text detaches it from its heading and note.
    path = _make_docx(
        tmp_path / "ordered.docx",
        ["一、发展目标", "全球先进制造业基地建设关键指标"],
        ROWS,
        ["注：[]为5年累计。", "二、重点任务"],
    )
    lines = [line for line in load_file(path).text.split("\n") if line.strip()]
    header = lines.index("\t".join(ROWS[0]))
    note = lines.index("注：[]为5年累计。")
    assert lines.index("全球先进制造业基地建设关键指标") < header < note < lines.index("二、重点任务"), (
        "BUG rag.load._read_docx: tables are appended after all paragraphs instead of in "
        f"document order; got {lines}"
    )


def _make_pdf(path: Path, pages: list[str]) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(str(path)) as pdf:
        for text in pages:
            fig = plt.figure(figsize=(6, 2))
            fig.text(0.05, 0.5, text)
            pdf.savefig(fig)
            plt.close(fig)
    return path


def test_real_pdf_made_with_matplotlib_loads_via_pypdf(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(6, 2))
    fig.text(0.05, 0.5, "Zhejiang will build 200000 5G base stations by 2025")
    path = tmp_path / "plan.pdf"
    fig.savefig(path, format="pdf")
    plt.close(fig)

    loaded = load_file(path)
    assert loaded.name == "plan.pdf"
    assert " ".join(loaded.text.split()) == "Zhejiang will build 200000 5G base stations by 2025"


def test_multi_page_pdf_keeps_page_order(tmp_path):
    path = _make_pdf(tmp_path / "pages.pdf", ["First page about Anhui", "Second page about Zhejiang"])
    text = load_file(path).text
    assert "First page about Anhui" in " ".join(text.split())
    assert "Second page about Zhejiang" in " ".join(text.split())
    assert text.index("Anhui") < text.index("Zhejiang")


def test_pdf_without_text_is_an_error(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(2, 2))
    fig.add_artist(plt.Line2D([0.1, 0.9], [0.1, 0.9]))
    path = tmp_path / "image_only.pdf"
    fig.savefig(path, format="pdf")
    plt.close(fig)
    message = _load_error(path)
    assert "image_only.pdf" in message


# ---------------------------------------------------------------- load_folder


def test_load_folder_skips_bad_files_and_reports_them(tmp_path):
    good = {
        "a_utf8.txt": TEXT.encode("utf-8"),
        "b_bom.md": TEXT.encode("utf-8-sig"),
        "sub/c_gb.txt": TEXT.encode("gb18030"),
    }
    bad = {
        "bad_random.txt": _random_bytes(2000, seed=5, low=128),
        "bad_nul.txt": b"abc\x00def" * 50,
        "bad_empty.md": b"",
        "bad_broken.pdf": _random_bytes(2000, seed=6),
        "sub/bad_broken.docx": _random_bytes(2000, seed=8),
    }
    for name, data in {**good, **bad}.items():
        _write(tmp_path / name, data)
    _make_docx(tmp_path / "d_real.docx", ["一、总体要求"], ROWS)
    # ignored without an error: hidden files, README.md, unsupported suffixes
    _write(tmp_path / ".hidden.txt", TEXT.encode("utf-8"))
    _write(tmp_path / "README.md", "# corpus".encode("utf-8"))
    _write(tmp_path / "notes.rtf", TEXT.encode("utf-8"))

    files, errors = load_folder(tmp_path)

    names = [f.name for f in files]
    expected = sorted([str(Path(n)) for n in good] + ["d_real.docx"])
    assert sorted(names) == expected
    assert all(f.text.strip() for f in files)
    for f in files:
        if f.name.endswith((".txt", ".md")):
            assert f.text == TEXT
    assert len(errors) == len(bad)
    for name in bad:
        assert sum(str(Path(name)) in e for e in errors) == 1, f"no error names {name}: {errors}"
    assert not any(".hidden" in e or "README" in e or "notes.rtf" in e for e in errors)


def test_load_folder_on_missing_folder_raises(tmp_path):
    with pytest.raises(LoadError) as info:
        load_folder(tmp_path / "nope")
    assert "nope" in str(info.value)


def test_load_folder_loads_the_real_corpus():
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    files, errors = load_folder(corpus)
    assert errors == []
    assert len(files) == 5
    assert {f.name for f in files} == {p.name for p in corpus.glob("*.txt")}


def test_docx_table_cell_with_line_breaks_stays_one_row(tmp_path):
    rows = [["指标", "2020年", "2025年"], ["规上工业亩均增加值\n（万元/亩）", "136", "180"]]
    lines = [line for line in load_file(_make_docx(tmp_path / "cells.docx", ["一、发展目标"], rows)).text.split("\n")
             if line.strip()]
    assert "规上工业亩均增加值（万元/亩）\t136\t180" in lines


def test_pdf_records_where_each_page_starts(tmp_path):
    path = _make_pdf(tmp_path / "pages.pdf", ["First page about Anhui", "Second page about Zhejiang"])
    loaded = load_file(path)
    assert len(loaded.page_starts) == 2 and loaded.page_starts[0] == 0
    assert loaded.text[loaded.page_starts[1]:].lstrip().startswith("Second page")
    assert loaded.text[loaded.page_starts[1] - 1] == "\f"
    assert loaded.ocr_pages == ()


def test_text_files_have_no_pages(tmp_path):
    loaded = load_file(_write(tmp_path / "a.txt", TEXT.encode("utf-8")))
    assert loaded.page_starts == () and loaded.ocr_lines == ()


def test_pdf_over_the_page_limit_is_refused(tmp_path):
    path = _make_pdf(tmp_path / "long.pdf", ["page one", "page two", "page three"])
    message = _load_error_kw(path, max_pdf_pages=2)
    assert "long.pdf" in message and "3 pages" in message and "limit" in message


def _load_error_kw(path: Path, **options) -> str:
    with pytest.raises(LoadError) as info:
        load_file(path, **options)
    return str(info.value)
