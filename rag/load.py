"""Stage 1 — load: read document files into text.

Supports .txt/.md (UTF-8, UTF-8 with BOM, GB18030), .pdf (text layer, or OCR
for scanned pages: rag.pdf) and .docx (python-docx). A file that cannot be read
raises LoadError naming the file; `load_folder` reports it and goes on with the
others. A PDF's text keeps its pages apart by form feeds and records where each
page starts, so citations can name the page.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".docx")
RESERVED_NAME = "readme.md"  # a corpus folder's own notes, not a policy document
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


class LoadError(Exception):
    """A document file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str  # path relative to the corpus folder, used as the file's identity
    text: str  # raw extracted text, before cleaning
    page_starts: tuple[int, ...] = ()  # PDF: offset in `text` where page i+1 starts; () for other files
    ocr_lines: tuple[tuple[int, int, float, int], ...] = ()  # OCR'd lines: start, end, confidence, page
    ocr_pages: tuple[int, ...] = ()  # PDF pages read by OCR (1-based)


def _looks_like_text(text: str) -> bool:
    """Reject decodings that are really binary: control characters or private-use
    code points in bulk mean the guess of encoding was wrong."""
    if not text.strip():
        return True
    bad = sum(
        1
        for ch in text
        if (unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn") and ch not in "\n\r\t\f")
        or ch == "\ufffd"
    )
    return bad / len(text) < 0.01


def _common_hanzi_share(text: str) -> float:
    """Share of the Chinese characters that are common ones (GB2312 level 1). Real
    GB18030 Chinese scores near 1; other encodings read as GB18030 (Shift-JIS) near 0."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if len(cjk) < 20:
        return 1.0
    common = 0
    for ch in cjk:
        try:
            common += 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common / len(cjk)


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096]:
        raise LoadError(f"{name}: binary content (NUL bytes), not a text file")
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and _common_hanzi_share(text) < 0.6:
            continue  # decodes, but into rare characters: some other encoding
        if _looks_like_text(text):
            return text
    raise LoadError(f"{name}: unknown text encoding (tried UTF-8, UTF-8 with BOM, GB18030)")


def _read_pdf(path: Path, name: str, max_pages: int, ocr_cache: Path | None, progress) -> SourceFile:
    from .pdf import PdfError, read_pdf

    try:
        pdf = read_pdf(path.read_bytes(), max_pages, ocr_cache, progress_label=name, progress=progress)
    except PdfError as exc:
        raise LoadError(f"{name}: {exc}") from exc
    if not pdf.text.strip():
        what = "a scanned PDF in which OCR found no text" if pdf.ocr_pages else "no text could be extracted"
        raise LoadError(f"{name}: {what}")
    return SourceFile(path=path, name=name, text=pdf.text, page_starts=tuple(pdf.page_starts),
                      ocr_lines=tuple(pdf.ocr_lines), ocr_pages=tuple(pdf.ocr_pages))


def _read_docx(path: Path, name: str) -> str:
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zipfile/KeyError/ValueError variants
        raise LoadError(f"{name}: cannot read DOCX ({type(exc).__name__}: {exc})") from exc
    from docx.table import Table

    lines = []
    for block in document.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):
            # a cell's own line breaks would cut its row in two
            lines += ["\t".join(re.sub(r"\s*\n\s*", "", cell.text.strip()) for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n\n".join(lines)


def load_file(path: Path, root: Path | None = None, *, max_pdf_pages: int = 300,
              ocr_cache: Path | None = None, progress=None) -> SourceFile:
    """Read one file. PDFs over `max_pdf_pages` are refused; OCR results of scanned
    pages are cached in `ocr_cache` (None: no cache); `progress(done, total)` follows OCR."""
    path = Path(path)
    name = str(path.relative_to(root)) if root else path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{name}: unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        if suffix == ".pdf":
            return _read_pdf(path, name, max_pdf_pages, ocr_cache, progress)
        if suffix == ".docx":
            text = _read_docx(path, name)
        else:
            text = decode_text(path.read_bytes(), name)
    except OSError as exc:
        raise LoadError(f"{name}: cannot open ({exc})") from exc
    if not text.strip():
        raise LoadError(f"{name}: no text could be extracted (empty or scanned image)")
    return SourceFile(path=path, name=name, text=text)


def load_folder(folder: Path, *, max_pdf_pages: int = 300,
                ocr_cache: Path | None = None) -> tuple[list[SourceFile], list[str]]:
    """Load every supported file under `folder`; returns (files, error messages)."""
    files: list[SourceFile] = []
    errors: list[str] = []
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError(f"corpus folder not found: {folder}")
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or path.name.lower() == RESERVED_NAME:
            continue
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        try:
            files.append(load_file(path, folder, max_pdf_pages=max_pdf_pages, ocr_cache=ocr_cache))
        except LoadError as exc:
            log.warning("skipped %s", exc)
            errors.append(str(exc))
    return files, errors
