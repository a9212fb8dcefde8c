"""OCR of scanned PDF pages, offline.

rapidocr-onnxruntime 1.4.4 ships the PP-OCRv4 Chinese detection and recognition
models inside its wheel, so nothing is downloaded at run time (the newer
`rapidocr` 3.x fetches its models and fails on an offline network). The engine
returns one box per run of text; boxes are put back into lines top to bottom,
left to right, and each line keeps its recognition confidence.

Results are cached as JSON by the page's content hash, so re-indexing a corpus
never reads the same scan twice.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ENGINE_ID = "rapidocr-onnxruntime-1.4.4/ppocr-v4/lines-2"  # part of the cache key: new engine, new cache


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float  # mean recognition confidence of its characters, 0–1


_engine = None
_engine_lock = threading.Lock()


def _get_engine():
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # the classifier for upside-down lines is not needed for upright scans and costs time;
            # one thread: onnxruntime's spinning thread pool is several times slower on a busy
            # machine (measured 4.5 s a page with one thread, 12-14 s with two, on 2 loaded cores)
            threads = int(os.environ.get("RAG_OCR_THREADS", "1"))
            _engine = RapidOCR(use_cls=False, intra_op_num_threads=threads, inter_op_num_threads=1)
        return _engine


# Recognition slips that the 公文 conventions let us undo: a 文号's year bracket read as
# a square bracket (浙政发〔2021]20号), half- and full-width parentheses mixed in one line.
_DOC_NUMBER_BRACKETS = re.compile(r"[〔［\[【]\s*((?:19|20)\d{2})\s*[〕］\]】](?=\s*\d{1,4}\s*号)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CN_DIGIT = "一二三四五六七八九十〇零"
# the zero of a year written in hanzi (二〇三五年) read as a letter O
_HANZI_ZERO = re.compile(rf"(?<=[{_CN_DIGIT}])[Oo○0](?=[{_CN_DIGIT}]*年)")
# a dash between figures (2021—2025年) read as the hanzi 一
_RANGE_DASH = re.compile(r"(?<=\d)一(?=\d)")
# the —— that opens a list item (——全国绿色制造标杆地。制造业…) read as one 一: a line that
# starts with 一, a short phrase, 。 and more text, where 一 is not a word of its own
# (一是 一批 一带一路 一体化 一季度 …)
_ONE_WORDS = "、．.是要批些般方种项年季个次期直定切体起同系部度级流线带律旦致份张条位道轮揽网站号手把产二三四五六七八九十"
_LIST_DASH = re.compile(rf"^一(?![{_ONE_WORDS}])(?=[\u4e00-\u9fff“”]{{3,14}}。\S)")


def _fix_text(text: str) -> str:
    text = _DOC_NUMBER_BRACKETS.sub(r"〔\1〕", text)
    text = _HANZI_ZERO.sub("〇", text)
    text = _RANGE_DASH.sub("—", text)
    text = _LIST_DASH.sub("——", text)
    if _CJK.search(text):  # Chinese typesetting uses full-width parentheses
        text = text.replace("(", "（").replace(")", "）")
    return text


def _is_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def boxes_to_lines(result) -> list[OcrLine]:
    """RapidOCR's [(box, text, score)] → lines in reading order.

    Boxes whose vertical extents overlap by more than half the smaller height stand on
    one line (this tolerates the slight rotation of a scan); within a line they are
    ordered left to right and joined, with a space only between two Latin words."""
    boxes = []
    for box, text, score in result or []:
        text = str(text).strip()
        if not text:
            continue
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append((min(ys), max(ys), min(xs), text, float(score)))
    boxes.sort(key=lambda b: (b[0] + b[1]) / 2)
    lines: list[list[tuple]] = []
    for b in boxes:
        if lines:
            top = min(x[0] for x in lines[-1])
            bottom = max(x[1] for x in lines[-1])
            overlap = min(bottom, b[1]) - max(top, b[0])
            if overlap > 0.5 * min(bottom - top, b[1] - b[0]):
                lines[-1].append(b)
                continue
        lines.append([b])
    out = []
    for parts in lines:
        parts.sort(key=lambda b: b[2])
        text = ""
        for p in parts:
            text += (" " if text and _is_word(text[-1]) and _is_word(p[3][0]) else "") + p[3]
        chars = sum(len(p[3]) for p in parts)
        confidence = sum(p[4] * len(p[3]) for p in parts) / chars
        out.append(OcrLine(text, round(confidence, 4)))
    return out


def corrected(lines: list[OcrLine]) -> list[OcrLine]:
    """Lines with the slips above undone. Applied after the cache, which keeps what the
    engine read: a better rule needs no new OCR."""
    return [OcrLine(_fix_text(line.text), line.confidence) for line in lines]


def ocr_image(image: np.ndarray) -> list[OcrLine]:
    """Lines of text in an RGB image (H×W×3 uint8)."""
    result, _ = _get_engine()(image)
    return boxes_to_lines(result)


def page_key(pdf_sha256: str, page_index: int, dpi: int) -> str:
    return hashlib.sha256(f"{ENGINE_ID}|{pdf_sha256}|{page_index}|{dpi}".encode()).hexdigest()[:40]


def load_cached(cache_dir: Path | None, key: str) -> list[OcrLine] | None:
    if cache_dir is None:
        return None
    path = Path(cache_dir) / f"{key}.json"
    try:
        data = json.loads(path.read_text("utf-8"))
        return [OcrLine(str(t), float(c)) for t, c in data["lines"]]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("ignoring unreadable OCR cache entry %s", path)
        return None


def store_cached(cache_dir: Path | None, key: str, lines: list[OcrLine]) -> None:
    if cache_dir is None:
        return
    cache_dir = Path(cache_dir)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps({"engine": ENGINE_ID, "lines": [[l.text, l.confidence] for l in lines]},
                                  ensure_ascii=False), "utf-8")
        tmp.replace(cache_dir / f"{key}.json")
    except OSError as exc:  # a read-only index folder costs speed, never the document
        log.warning("cannot write OCR cache in %s: %s", cache_dir, exc)
