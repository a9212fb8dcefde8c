"""The naive recipe, for comparison: RecursiveCharacterTextSplitter 500/50 over
the raw document text, the same embedding model, FAISS top 4, and the top
chunk shown as the answer. It never refuses."""
from __future__ import annotations

import time
from dataclasses import dataclass

import faiss
import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter

from rag.load import load_folder


@dataclass
class BaselineAnswer:
    text: str
    chunks: list[tuple[str, str]]  # (file name, chunk text), best first
    seconds: float


class NaiveBaseline:
    def __init__(self, corpus_dir, embedder):
        files, _ = load_folder(corpus_dir)
        splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
        self.chunks: list[tuple[str, str]] = []
        for f in files:
            self.chunks += [(f.name, piece) for piece in splitter.split_text(f.text)]
        self.embedder = embedder
        t0 = time.perf_counter()
        vectors = embedder.encode_passages([c for _, c in self.chunks])
        self.build_seconds = time.perf_counter() - t0
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(vectors)

    def answer(self, question: str, k: int = 4) -> BaselineAnswer:
        t0 = time.perf_counter()
        q = self.embedder.encode_query(question)
        _, ids = self.index.search(np.asarray([q], dtype=np.float32), k)
        top = [self.chunks[i] for i in ids[0] if i >= 0]
        return BaselineAnswer(text=top[0][1] if top else "", chunks=top, seconds=time.perf_counter() - t0)
