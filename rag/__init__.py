"""Policy question answering over Chinese manufacturing-policy documents.

    import rag
    a = rag.answer("到2025年浙江计划建成多少个5G基站？")
    print(a.text); print(a.citations[0].quote)

The module-level functions use one cached Assistant over corpus/ and index/;
`rag.Assistant(corpus_dir=..., index_dir=...)` works over any folder.
"""
from __future__ import annotations

import threading

from .assistant import Assistant, QuestionError
from .config import Config
from .load import LoadError
from .types import Answer, Chunk, Citation, Clause, Document, Hit, Part, Target

__all__ = [
    "Answer", "Assistant", "Chunk", "Citation", "Clause", "Config", "Document", "Hit", "LoadError",
    "Part", "QuestionError", "Target", "answer", "clauses", "default_assistant", "document_text", "documents", "targets",
]

_default: Assistant | None = None
_default_lock = threading.Lock()


def default_assistant() -> Assistant:
    """The cached assistant over the configured corpus/ and index/ (created on first use)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Assistant()
        return _default


def answer(question: str, *, history=None, top_k: int = 5) -> Answer:
    return default_assistant().answer(question, history=history, top_k=top_k)


def documents() -> list[Document]:
    return default_assistant().documents()


def document_text(doc_id: str) -> str:
    return default_assistant().document_text(doc_id)


def clauses(doc_id: str) -> list[Clause]:
    return default_assistant().clauses(doc_id)


def targets() -> list[Target]:
    return default_assistant().targets()
