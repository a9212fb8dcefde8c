"""Stage 1 — load: read document files into text.

Supports .txt/.md (UTF-8, UTF-8 with BOM, GB18030), .pdf (pypdf) and .docx
(python-docx). A file that cannot be read raises LoadError naming the file;
`load_folder` reports it and goes on with the others.
"""
from __future__ import annotations

import logging
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


def _read_pdf(path: Path, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as exc:
        raise LoadError(f"{name}: cannot read PDF ({exc})") from exc
    except Exception as exc:  # pypdf raises many private error types on broken files
        raise LoadError(f"{name}: cannot read PDF ({type(exc).__name__}: {exc})") from exc
    return "\n\n".join(pages)


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
            lines += ["\t".join(cell.text.strip() for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n\n".join(lines)


def load_file(path: Path, root: Path | None = None) -> SourceFile:
    path = Path(path)
    name = str(path.relative_to(root)) if root else path.name
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(f"{name}: unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        if suffix == ".pdf":
            text = _read_pdf(path, name)
        elif suffix == ".docx":
            text = _read_docx(path, name)
        else:
            text = decode_text(path.read_bytes(), name)
    except OSError as exc:
        raise LoadError(f"{name}: cannot open ({exc})") from exc
    if not text.strip():
        raise LoadError(f"{name}: no text could be extracted (empty or scanned image)")
    return SourceFile(path=path, name=name, text=text)


def load_folder(folder: Path) -> tuple[list[SourceFile], list[str]]:
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
            files.append(load_file(path, folder))
        except LoadError as exc:
            log.warning("skipped %s", exc)
            errors.append(str(exc))
    return files, errors
