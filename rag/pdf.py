"""PDF pages to text lines, page by page.

A page with a usable text layer is read with pdfplumber (lines top to bottom;
ruled tables become tab-separated rows with their header row, as the TSV
indicator tables of the corpus). A page without one (a scan) is rendered with
pypdfium2 at OCR_DPI and read by OCR (rag.ocr). A mixed PDF works page by page.

Then the layout the document repeats is removed (rag.clean.layout_lines: page
numbers, running headers/footers), a title set on two lines is joined, and the
pages are put together into one raw text with the offset where each page starts
and, for OCR'd lines, where each line stands and how sure the OCR was.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .clean import continues_title, layout_lines

log = logging.getLogger(__name__)

OCR_DPI = 200
MIN_TEXT_CHARS = 20  # fewer letters/digits/hanzi than this on a page with an image: treat it as a scan
_CONTENT_CHAR = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")


class PdfError(Exception):
    """A PDF that cannot be read; rag.load turns it into a LoadError naming the file."""


@dataclass(frozen=True)
class PageLine:
    text: str
    confidence: float | None = None  # OCR recognition confidence; None for a text-layer line


@dataclass
class PdfText:
    text: str  # pages joined by a form feed, lines by newlines
    page_starts: list[int] = field(default_factory=list)  # offset of each page (index i = page i+1)
    ocr_lines: list[tuple[int, int, float, int]] = field(default_factory=list)  # start, end, confidence, page
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR


def _table_row(row: list) -> str:
    return "\t".join(re.sub(r"\s*\n\s*", "", cell or "").strip() for cell in row)


def _text_layer(page) -> tuple[list[PageLine], bool]:
    """Lines of a pdfplumber page, tables as tab-joined rows in their place; and whether
    the text layer is usable (not a scan with a stray text line or garbled glyph codes)."""
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 and len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in tables]

    def in_table(line: dict) -> bool:
        cx, cy = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
        return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    items = [(line["top"], line["text"]) for line in page.extract_text_lines(strip=True, return_chars=False)
             if not in_table(line)]
    for table, (_, top, _, _) in zip(tables, boxes):
        rows = [_table_row(row) for row in table.extract()]
        items.append((top, "\n".join(r for r in rows if r.replace("\t", "").strip())))
    items.sort(key=lambda item: item[0])
    text = "\n".join(t for _, t in items)
    content = len(_CONTENT_CHAR.findall(text))
    garbled = text.count("(cid:") * 5 > max(content, 1)
    usable = content > 0 and not garbled and (content >= MIN_TEXT_CHARS or not page.images)
    lines = [PageLine(line) for _, t in items for line in t.split("\n")]
    return lines, usable


def _ocr_page(document, index: int, pdf_sha: str, cache_dir: Path | None) -> list[PageLine]:
    from . import ocr

    key = ocr.page_key(pdf_sha, index, OCR_DPI)
    cached = ocr.load_cached(cache_dir, key)
    if cached is None:
        import numpy as np

        image = np.array(document[index].render(scale=OCR_DPI / 72).to_pil().convert("RGB"))
        cached = ocr.ocr_image(image)
        ocr.store_cached(cache_dir, key, cached)
    return [PageLine(line.text, line.confidence) for line in ocr.corrected(cached)]


def _why_unreadable(data: bytes, exc: Exception) -> str:
    """PDFium's error code is process-wide state (a stale "incorrect password" from another
    file, "success" for a PDF without pages): ask pypdf what is wrong."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return "encrypted PDF (needs a password); save an unprotected copy and add that"
        if len(reader.pages) == 0:
            return "the PDF has no pages"
    except Exception:  # pypdf cannot read it either: report PDFium's failure
        pass
    return f"cannot read PDF ({exc})"


def read_pdf(data: bytes, max_pages: int, ocr_cache: Path | None = None, progress_label: str = "",
             progress=None) -> PdfText:
    """Pages of a PDF as text. `progress(done, total)` is called after each page read by OCR
    (the app's upload bar); a terminal also gets a tqdm bar."""
    import pdfplumber
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PdfError(_why_unreadable(data, exc)) from exc
    try:
        n_pages = len(document)
        if n_pages == 0:
            raise PdfError("the PDF has no pages")
        if n_pages > max_pages:
            raise PdfError(f"{n_pages} pages is over the limit of {max_pages} pages (Config.max_pdf_pages)")
        try:
            with pdfplumber.open(io.BytesIO(data)) as plumber:
                layers = []
                for page in plumber.pages:
                    layers.append(_text_layer(page))
                    page.close()  # drop the page's parsed objects: 300 pages stay small
        except Exception as exc:  # pdfminer raises many private types on damaged files
            log.warning("no text layer read (%s: %s); reading every page by OCR", type(exc).__name__, exc)
            layers = [([], False)] * n_pages
        layers = (layers + [([], False)] * n_pages)[:n_pages]  # the two readers may count a damaged file apart
        pages: list[list[PageLine]] = [lines if usable else [] for lines, usable in layers]
        scans = [i for i, (_, usable) in enumerate(layers) if not usable]
        if scans:
            from tqdm import tqdm

            sha = hashlib.sha256(data).hexdigest()
            # a bar in a terminal (the CLI's index command); silent in tests, logs and the app
            bar = tqdm(scans, desc=f"OCR {progress_label}".strip(), unit="page", disable=None, leave=False)
            for done, i in enumerate(bar, start=1):
                pages[i] = _ocr_page(document, i, sha, ocr_cache)
                if progress is not None:
                    progress(done, len(scans))
    finally:
        document.close()
    return _assemble(pages, [i + 1 for i in scans])


def _wrapped_figure(previous: tuple[PageLine, bool], line: PageLine) -> bool:
    """A figure cut by the line's end: the previous line fills the width and ends with a
    digit, this one starts with one (not table rows, whose cells end and start anywhere)."""
    before, filled = previous
    return (filled and before.text[-1:].isdigit() and line.text[:1].isdigit()
            and "\t" not in before.text and "\t" not in line.text)


def _assemble(pages: list[list[PageLine]], ocr_pages: list[int]) -> PdfText:
    drop = layout_lines([[line.text for line in lines] for lines in pages])
    kept = [[line for i, line in enumerate(lines) if i not in drop[n] and line.text.strip()]
            for n, lines in enumerate(pages)]
    if kept and kept[0]:  # a title set on two lines within the first page's head
        head = kept[0]
        for i in range(min(len(head) - 1, 8)):
            if continues_title(head[i].text, head[i + 1].text):
                a, b = head[i], head[i + 1]
                confidence = None if a.confidence is None else min(a.confidence, b.confidence or a.confidence)
                head[i: i + 2] = [PageLine(a.text.strip() + b.text.strip(), confidence)]
                break
    out = PdfText(text="", ocr_pages=ocr_pages)
    parts: list[str] = []
    pos = 0
    previous: tuple[PageLine, bool] | None = None  # the last line and whether it fills its page's width
    for number, lines in enumerate(kept, start=1):
        widths = sorted(len(line.text) for line in lines)
        full = 0.85 * widths[int(0.9 * (len(widths) - 1))] if len(widths) >= 3 else float("inf")
        for j, line in enumerate(lines):
            if j == 0 or previous is None:
                pass
            elif _wrapped_figure(previous, line):
                pass  # 13 / 6万元/亩: no break, or cleaning would put a space inside the figure
            else:
                parts.append("\n")
                pos += 1
            if j == 0:
                if number > 1 and not (previous is not None and _wrapped_figure(previous, line)):
                    parts.append("\f")
                    pos += 1
                out.page_starts.append(pos)
            previous = (line, len(line.text) >= full)
            if line.confidence is not None:
                out.ocr_lines.append((pos, pos + len(line.text), line.confidence, number))
            parts.append(line.text)
            pos += len(line.text)
        if not lines:  # a blank page keeps its place
            if number > 1:
                parts.append("\f")
                pos += 1
            out.page_starts.append(pos)
    out.text = "".join(parts)
    return out


@dataclass(frozen=True)
class PageMap:
    """Pages and OCR lines of one PDF, in offsets of its cleaned text."""

    page_starts: list[int]  # cleaned offset where page i+1 starts
    ocr_lines: list[tuple[int, int, float, int]]  # cleaned start, end, confidence, page

    @classmethod
    def of(cls, raw: str, cleaned: str, page_starts, ocr_lines) -> "PageMap":
        from .clean import carry_offsets

        starts = carry_offsets(raw, cleaned, list(page_starts))
        line_starts = carry_offsets(raw, cleaned, [s for s, _, _, _ in ocr_lines])
        line_ends = carry_offsets(raw, cleaned, [e for _, e, _, _ in ocr_lines], ends=True)
        lines = [(s, e, c, p) for s, e, (_, _, c, p) in zip(line_starts, line_ends, ocr_lines) if e > s]
        return cls(starts, lines)

    def for_document(self, offset: int, length: int, min_confidence: float) -> dict:
        """Document fields for the part of the text at [offset, offset+length)."""
        end = offset + length
        pages: list[tuple[int, int]] = []
        for number, start in enumerate(self.page_starts, start=1):
            if start >= end:
                break
            local = max(0, start - offset)
            if pages and pages[-1][0] == local:
                pages[-1] = (local, number)  # an earlier page ends before this document starts
            else:
                pages.append((local, number))
        fields: dict = {"pages": tuple(pages)}
        lines = [(s, e, c, p) for s, e, c, p in self.ocr_lines if s < end and e > offset]
        if lines:
            chars = sum(e - s for s, e, _, _ in lines)
            fields["ocr_confidence"] = round(sum(c * (e - s) for s, e, c, _ in lines) / chars, 4)
            by_page: dict[int, list[tuple[int, float]]] = {}
            for s, e, c, p in lines:
                by_page.setdefault(p, []).append((e - s, c))
            fields["low_confidence_pages"] = tuple(
                p for p, items in sorted(by_page.items())
                if sum(n * c for n, c in items) / sum(n for n, _ in items) < min_confidence)
            fields["low_confidence_spans"] = tuple(
                (max(s, offset) - offset, min(e, end) - offset) for s, e, c, _ in lines if c < min_confidence)
        return fields


def page_jpeg(path: Path, page: int, dpi: int = 100) -> bytes:
    """One page of a PDF as a JPEG image (1-based page), to show a scan beside its text."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(document):
            raise ValueError(f"{path.name} has no page {page}")
        image = document[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
