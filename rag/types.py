"""Typed records passed between the pipeline stages.

load → clean → clauses → chunks → embed → index → retrieve → read → answer
Each stage takes and returns these plain dataclasses, so any stage can be
tested, replaced or inspected on its own.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """One policy document (or one report inside a file that holds several)."""

    doc_id: str
    title: str
    doc_number: str | None  # 文号, normalised to 〔〕 brackets, e.g. 浙政发〔2021〕20号
    issuer: str | None
    date: str | None  # 落款 date, ISO yyyy-mm-dd
    path: str  # source file, relative to the corpus folder
    printed_date: str | None = None  # 印发 date, ISO
    region: str | None = None  # province named by the issuer/title (浙江, 安徽, …)
    target_years: tuple[int, int] | None = None  # span of 到20XX年 deadlines in the text
    kind: str = "notice"  # notice (红头文件) | report
    level: str | None = None  # scope: 国家 | 省 | 市 | 区县 | 园区 (rag/scope.py)
    place: str | None = None  # the most specific place it speaks for: 杭州, 浙江
    period: tuple[int, int] | None = None  # the years it covers (规划期, report year)
    # an untitled file named in English (shenzhen-2025-ai-terminal-…): the Chinese its name says,
    # for matching questions to it; shown nowhere
    alias: str = ""
    # PDF only: (offset in the document text, 1-based page) where each of its pages starts
    pages: tuple[tuple[int, int], ...] = ()
    ocr_confidence: float | None = None  # scanned pages: mean OCR recognition confidence (0–1)
    low_confidence_pages: tuple[int, ...] = ()  # pages whose mean is below Config.ocr_min_confidence
    low_confidence_spans: tuple[tuple[int, int], ...] = ()  # OCR'd lines below it (document offsets)

    @property
    def match_title(self) -> str:
        """The title, and for an untitled file the Chinese its file name says."""
        return f"{self.title} {self.alias}" if self.alias else self.title

    def page_at(self, offset: int) -> int | None:
        """The PDF page the character at `offset` of the document text stands on (None: not a PDF)."""
        page = None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page if page is not None or not self.pages else self.pages[0][1]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Clause:
    """A numbered or paragraph unit of a document with its heading path.

    `document_text(doc_id)[start:end] == text` always holds.
    """

    clause_id: str
    doc_id: str
    path: list[str]  # heading strings from the top, ending with this clause's own heading
    label: str  # own number: 一、 （五） 1. （1） 第三条 一是 …; "" for a plain paragraph
    text: str
    start: int
    end: int
    kind: str = "paragraph"  # heading | paragraph | item | table_row | note
    fields: dict[str, str] = field(default_factory=dict)  # table rows: column header → cell

    @property
    def path_text(self) -> str:
        return " › ".join(self.path)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """The unit that is embedded and searched; never crosses a clause boundary."""

    chunk_id: str
    doc_id: str
    clause_id: str
    text: str  # exact document text, = document_text[start:end]
    start: int
    end: int
    context: str  # title and clause path, prepended when embedding / BM25


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its scores."""

    chunk: Chunk
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    rank_dense: int | None = None
    rank_lexical: int | None = None


@dataclass(frozen=True)
class Target:
    """One quantitative target or reported figure found in a clause (指标库 row)."""

    doc_id: str
    clause_id: str
    deadline: int | None  # year the target is due (到2025年) or the figure refers to
    indicator: str  # what is measured, as the text words it
    value_text: str  # exact source span: 20万个以上
    number: float | None  # 200000.0
    unit: str  # 个, %, 亿元, 家 …
    qualifier: str  # 以上 | 左右 | 突破 | 不低于 | 力争 | 达到 | "" …
    quote: str  # the sentence it stands in (exact document text)
    start: int  # offsets of `quote` in the document text
    end: int
    is_target: bool = True  # False for a reported (achieved) figure
    value_start: int = -1  # offsets of value_text in the document text
    value_end: int = -1
    deadline_start: int = -1  # offsets of the 到20XX年 phrase the deadline comes from
    deadline_end: int = -1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Reading:
    """What the reader (read.py, metadata.py) selected from the evidence, for the policy and the answer."""

    kind: str  # value | deadline | date | metadata | sentence
    document: Document
    clause: Clause
    quote_start: int
    quote_end: int
    score: float
    coverage: float  # share of the question's weighted words found in the evidence
    value: str | None = None
    deadline: int | None = None
    target: Target | None = None
    detail: str = ""  # e.g. a table footnote meaning or 2020 base value
    related: list[Target] = field(default_factory=list)
    support: list[tuple[Clause, int, int]] = field(default_factory=list)  # further spans the answer states
    key_covered: bool = True  # the question's quoted focus phrase occurs in the evidence
    heading_match: bool = False  # the quoted focus is the cited clause's own heading (1.双核)


@dataclass(frozen=True)
class Citation:
    doc_id: str
    title: str
    doc_number: str | None
    clause: str  # clause path as one string
    quote: str
    start: int
    end: int
    score: float
    clause_id: str = ""
    page: int | None = None  # 1-based PDF page where the quote starts; None for .txt/.md/.docx

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Part:
    """One item of a list or one side of a comparison, with its own citations."""

    label: str  # the item (a span of the document) or the compared side (浙江, 2025年)
    value: str | None = None  # the figure or text span that answers this part
    deadline: int | None = None
    refused: bool = False  # the documents do not state this part (未找到)
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "value": self.value, "deadline": self.deadline, "refused": self.refused,
                "citations": [c.to_dict() for c in self.citations]}


SHAPES = ("value", "list", "compare", "goals", "definition", "metadata", "sentence")


@dataclass
class Answer:
    text: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage → milliseconds
    value: str | None = None  # the value span the answer leads with
    deadline: int | None = None
    language: str = "zh"
    notes: list[str] = field(default_factory=list)  # e.g. generator fallback reasons
    shape: str = "value"  # one of SHAPES: how the question was read and the answer composed
    parts: list[Part] = field(default_factory=list)  # items of a list, sides of a comparison

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "refused": self.refused,
            "value": self.value,
            "deadline": self.deadline,
            "language": self.language,
            "citations": [c.to_dict() for c in self.citations],
            "targets": [t.to_dict() for t in self.targets],
            "timings": dict(self.timings),
            "notes": list(self.notes),
            "shape": self.shape,
            "parts": [p.to_dict() for p in self.parts],
        }
