"""Stage 4 — chunks: the searchable units. A chunk never crosses a clause
boundary; a clause longer than `chunk_size` is split on Chinese sentence
punctuation with langchain-text-splitters. Each chunk carries its document
title and clause path as `context`, so "十四五规划 四、（五）" reaches the vector."""
from __future__ import annotations

from langchain_text_splitters import RecursiveCharacterTextSplitter

from .types import Chunk, Clause, Document

SEPARATORS = ["\n", "。", "；", ";", "！", "？", "，", ",", ""]


def _splitter(chunk_size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=chunk_size,
        chunk_overlap=overlap,
        separators=SEPARATORS,
        keep_separator="end",  # 。 stays with its sentence
        add_start_index=True,
        strip_whitespace=False,
    )


def clause_context(document: Document, clause: Clause) -> str:
    parts = [f"《{document.title}》"] + ([document.alias] if document.alias else [])
    if document.doc_number:
        parts.append(document.doc_number)
    if clause.path:
        parts.append(" › ".join(clause.path))
    if clause.fields:  # table row: name every cell by its column header
        parts.append("；".join(f"{k}：{v}" for k, v in clause.fields.items() if v))
    return " ".join(parts)


def make_chunks(document: Document, clauses: list[Clause], chunk_size: int = 300, overlap: int = 40) -> list[Chunk]:
    splitter = _splitter(chunk_size, overlap)
    chunks: list[Chunk] = []
    for clause in clauses:
        context = clause_context(document, clause)
        if len(clause.text) <= chunk_size:
            pieces = [(0, clause.text)]
        else:
            pieces = []
            for piece in splitter.create_documents([clause.text]):
                start = piece.metadata.get("start_index", -1)
                if start < 0 or clause.text[start : start + len(piece.page_content)] != piece.page_content:
                    start = clause.text.find(piece.page_content)
                pieces.append((start, piece.page_content))
        for n, (offset, text) in enumerate(pieces):
            start = clause.start + offset
            chunks.append(
                Chunk(
                    chunk_id=f"{clause.clause_id}/{n}",
                    doc_id=document.doc_id,
                    clause_id=clause.clause_id,
                    text=text,
                    start=start,
                    end=start + len(text),
                    context=context,
                )
            )
    return chunks
