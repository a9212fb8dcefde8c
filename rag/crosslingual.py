"""English questions onto the corpus's own words. The documents are Chinese, so an
English question shares no word with them; the multilingual embedding model is
cross-lingual, so each English phrase of the question is matched to the nearest
words of the corpus's headings and indicator names (以旧换新, 可穿戴设备, 算力规模).
Those words then steer lexical search and the reader as if the question had used
them. The small general lexicon (rag/data/glossary_en.tsv) is tried first."""
from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Callable

import numpy as np

from .types import Clause, Target

# words that frame an English question rather than name what it asks about
EN_FRAME = set("""
a an the of in on at for to by from with and or as is are was were be been being do does did what which who whom whose
how many much when where why that this these those it its their there here than then each per both either any all
plan plans planned aim aims aimed set sets target targets goal goals say says said according document documents policy
measure measures notice report government work action implementation china chinese country national province provincial
city municipal year years end by-the-end number amount total main key major new will would should can could may might must
give gives given propose proposes proposed build building make makes become under over into about up out
""".split())
MIN_SIMILARITY = 0.84  # e5 cosine between an English phrase and a Chinese term (calibrated on the eval questions)


def corpus_terms(clauses: list[Clause], targets: list[Target]) -> list[str]:
    """The corpus's own vocabulary for what questions ask about: words of headings and
    indicator names (jieba words of two or more characters, and short headings whole)."""
    import jieba

    seen: dict[str, None] = {}
    def add(text: str) -> None:
        text = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]|^[一二三四五六七八九十]+是", "", text).strip("“”\"《》 ")
        if 2 <= len(text) <= 10 and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9+“”\"]+", text):
            seen.setdefault(text)
        for w in jieba.lcut(text):
            if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w):
                seen.setdefault(w)
    for c in clauses:
        for p in c.path[-2:]:
            add(p)
    for t in targets:
        add(t.indicator)
    return list(seen)


def english_phrases(text: str) -> list[str]:
    """Runs of content words between frame words and punctuation: "new energy vehicles",
    "birth rate", "computing power supermarket"."""
    phrases = []
    words = re.findall(r"[A-Za-z][A-Za-z'\-+]*|\d+(?:\.\d+)?", text)
    run: list[str] = []
    for w in words + ["."]:
        lower = w.lower().strip("'")
        if lower in EN_FRAME or lower == "." or re.fullmatch(r"\d+(?:\.\d+)?|(?:19|20)\d{2}", lower) or lower.endswith("'s"):
            if lower.endswith("'s") and lower[:-2] not in EN_FRAME:
                run.append(lower[:-2])
            if run:
                phrases.append(" ".join(run))
            run = []
        else:
            run.append(lower)
    out = []
    for p in phrases:
        out.append(p)
        parts = p.split()
        if len(parts) >= 3:  # "one-off living allowance" also as its head pairs
            out += [" ".join(parts[i:i + 2]) for i in range(len(parts) - 1)]
    return list(dict.fromkeys(o for o in out if len(o) >= 3))


class TermMapper:
    """Nearest corpus terms for English phrases, by the embedding model; the term
    vectors are computed once per corpus and kept beside the index."""

    def __init__(self, terms: list[str], encode_terms: Callable[[list[str]], np.ndarray],
                 encode_phrase: Callable[[str], np.ndarray], cache_dir: Path | None = None, model_id: str = ""):
        self.terms = terms
        self._encode_terms = encode_terms
        self._encode_phrase = encode_phrase
        key = hashlib.sha256(("\x1e".join(terms) + model_id).encode()).hexdigest()[:16]
        self._cache = Path(cache_dir) / f"terms-{key}.npy" if cache_dir else None
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def vectors(self) -> np.ndarray:
        with self._lock:
            if self._vectors is None:
                if self._cache is not None and self._cache.exists():
                    try:
                        v = np.load(self._cache)
                        if v.shape[0] == len(self.terms):
                            self._vectors = v
                    except (OSError, ValueError):
                        pass  # a damaged cache is rebuilt below
                if self._vectors is None:
                    self._vectors = self._encode_terms(self.terms) if self.terms else np.zeros((0, 1), np.float32)
                    if self._cache is not None:
                        try:
                            self._cache.parent.mkdir(parents=True, exist_ok=True)
                            tmp = self._cache.with_suffix(".tmp.npy")
                            np.save(tmp, self._vectors)
                            tmp.replace(self._cache)
                        except OSError:
                            pass  # a read-only index folder: keep the vectors in memory
            return self._vectors

    def map(self, question: str, per_phrase: int = 2) -> list[str]:
        phrases = english_phrases(question)
        if not phrases or not self.terms:
            return []
        vectors = self.vectors()
        out: list[str] = []
        for phrase in phrases:
            sims = vectors @ self._encode_phrase(phrase)
            for i in np.argsort(-sims)[:per_phrase]:
                if sims[i] >= MIN_SIMILARITY and self.terms[i] not in out:
                    out.append(self.terms[i])
        return out
