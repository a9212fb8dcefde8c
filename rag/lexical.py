"""BM25 over Chinese words (jieba) plus character bigrams, so that terms
jieba splits differently (5G基站, 小升规, 专精特新) still match, and numbers
and years survive as their own tokens.

Scores are rank-bm25's BM25Okapi (k1=1.5, b=0.75, idf floored at 0.25 × mean
idf), computed from a sparse chunk × term matrix of precomputed weights: the
same numbers (tests/test_lexical.py compares them with rank_bm25), but one
sparse product per query instead of a Python loop over every chunk, which
keeps 100 k chunks under a few milliseconds and a few MB."""
from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from array import array

import numpy as np
from scipy import sparse

from .lexicon import policy_words

_jieba_lock = threading.Lock()
_jieba = None

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
ASCII_TOKEN = re.compile(r"[A-Za-z]+[0-9]*|\d+(?:\.\d+)?[A-Za-z]*")
STOP = set("的 了 和 与 及 等 是 在 对 为 将 到 年 个 家 中 上 以 其 之 并 或 由 把 被 有 我 你 他 这 那 哪 吗 呢 么 多少 什么 哪些 几 怎么 如何 请问 计划 预计 目标 要求 提出 达到 实现 关于 单月 当月".split())  # (4月单月: the month says which; 单月 is no content)


def _get_jieba():
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            for word in policy_words():  # 算力券 is one word, not 用算 + 力券
                jieba.add_word(word, tag="n")  # (policy words name things: 智能工厂 is a noun)
            _jieba = jieba
    return _jieba


def tokenize(text: str) -> list[str]:
    jieba = _get_jieba()
    text = text.lower()
    tokens: list[str] = []
    for run in CJK_RUN.findall(text):
        tokens.extend(w for w in jieba.lcut_for_search(run) if w not in STOP)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    tokens.extend(ASCII_TOKEN.findall(text))
    return tokens


def everyday(word: str, above: int = 1000) -> bool:
    """Whether a word is common in everyday Chinese (行业, 水平, 企业) by jieba's dictionary counts,
    rather than a specific name (人形机器人, 氢能, 梯队) — a measure that does not depend on the corpus."""
    jieba = _get_jieba()
    pieces = [w for w in jieba.lcut(word) if len(w) >= 2] or [word]  # 工厂建设: 工厂 and 建设, both everyday
    return all((jieba.get_FREQ(w) or 0) >= above for w in pieces)


def words(text: str, keep_stop: bool = False) -> list[str]:
    """jieba words and Latin/number tokens, without the bigrams (for matching phrases)."""
    jieba = _get_jieba()
    text = text.lower()
    out: list[str] = []
    for run in CJK_RUN.findall(text):
        out.extend(w for w in jieba.lcut(run) if keep_stop or w not in STOP)
    out.extend(ASCII_TOKEN.findall(text))
    return out


def nouns(text: str, verbal: bool = True) -> list[str]:
    """The nouns jieba tags in `text` (n*, and unless `verbal` is False verbs used as nouns:
    投资, 补贴, 培育), in order."""
    _get_jieba()
    import jieba.posseg

    return [w for run in CJK_RUN.findall(text) for w, flag in jieba.posseg.lcut(run)
            if flag.startswith("n") or (verbal and flag in ("vn", "an"))]


@lru_cache(maxsize=4096)
def word_parts(term: str) -> tuple[str, ...]:
    """The shorter words one compound word is made of (汽车产量 → 汽车, 产量), when they spell it
    out end to end; () otherwise."""
    jieba = _get_jieba()
    parts = [w for w in jieba.lcut_for_search(term) if 2 <= len(w) < len(term)]
    out, pos = [], 0
    while pos < len(term):
        nxt = next((w for w in sorted(parts, key=len, reverse=True) if term.startswith(w, pos)), None)
        if nxt is None:
            return ()
        out.append(nxt)
        pos += len(nxt)
    return tuple(out) if len(out) >= 2 else ()


def leading_noun_phrase(text: str) -> str:
    """阶段往前推 → 阶段: the words up to the first verb, preposition, adverb or particle jieba tags."""
    _get_jieba()
    import jieba.posseg

    out = []
    for w, flag in jieba.posseg.lcut(text):
        if out and flag[:1] in ("v", "p", "d", "u", "c", "r", "f", "t") and flag != "vn":
            break
        out.append(w)
    return "".join(out)


def opens_with_verb(text: str) -> bool:
    """提高服务券补助标准, 培育本地数字化服务商: a phrase that opens with a verb (an action), not a noun."""
    _get_jieba()
    import jieba.posseg

    tagged = jieba.posseg.lcut(text)
    # (培育 and 建设 are tagged as verbal nouns; with an object after them they act)
    return len(tagged) >= 2 and (tagged[0].flag == "v" or tagged[0].flag == "vn" and tagged[1].flag[:1] in ("n", "r", "a", "b"))


def without_trailing_verb(text: str) -> str:
    """安徽亿元以上技改项目实施了 → 安徽亿元以上技改项目: a subject cut off before its asking word
    keeps its nouns, not the verb (and 了) that led to the question."""
    _get_jieba()
    import jieba.posseg

    tagged = jieba.posseg.lcut(text)
    while tagged and (tagged[-1].flag[:1] in ("v", "u", "d", "p") and tagged[-1].flag != "vn"):
        tagged.pop()
    return "".join(w for w, _ in tagged) if tagged else text


class LexicalIndex:
    K1, B, EPSILON = 1.5, 0.75, 0.25  # rank_bm25.BM25Okapi's defaults

    def __init__(self, texts: list[str]):
        self.size = len(texts)
        self.vocab: dict[str, int] = {}
        # (chunk, term, count) triples in typed arrays, 4 bytes each: Python lists of ints
        # cost ~30 bytes an entry, over 1 GB at 100 k chunks (~15 M distinct chunk-terms)
        rows, cols, tfs = array("i"), array("i"), array("i")
        doc_len = np.zeros(len(texts), dtype=np.float64)
        for i, text in enumerate(texts):
            counts: dict[int, int] = {}
            tokens = tokenize(text)
            doc_len[i] = len(tokens)
            for token in tokens:
                j = self.vocab.setdefault(token, len(self.vocab))
                counts[j] = counts.get(j, 0) + 1
            rows.extend([i] * len(counts))
            cols.extend(counts)
            tfs.extend(counts.values())
        row = np.frombuffer(rows, dtype=np.int32) if rows else np.zeros(0, np.int32)
        col = np.frombuffer(cols, dtype=np.int32) if cols else np.zeros(0, np.int32)
        tf = np.frombuffer(tfs, dtype=np.int32).astype(np.float64) if tfs else np.zeros(0)
        del tfs
        df = np.bincount(col, minlength=len(self.vocab)).astype(np.float64)
        idf = np.log(self.size - df + 0.5) - np.log(df + 0.5)
        if len(idf):
            idf[idf < 0] = self.EPSILON * idf.mean()  # as BM25Okapi: a floor for very common words
        self._idf = idf
        avgdl = doc_len.mean() if len(doc_len) else 1.0
        norm = self.K1 * (1 - self.B + self.B * doc_len / max(avgdl, 1e-9))
        # weight(chunk, term) = idf · tf·(k1+1) / (tf + k1·(1−b+b·len/avglen)), computed in place
        data = tf * (self.K1 + 1)
        tf += norm[row]
        data /= tf
        del tf
        data *= idf[col]
        self._weights = sparse.csc_matrix((data, (row, col)), shape=(len(texts), len(self.vocab)))

    def query_terms(self, query: str) -> dict[str, int]:
        """Query tokens known to the corpus and how often each occurs."""
        counts: dict[str, int] = {}
        for token in tokenize(query):  # repeated query words count again, as in rank_bm25
            if token in self.vocab:
                counts[token] = counts.get(token, 0) + 1
        return counts

    def scores(self, query: str) -> np.ndarray:
        if not self.size:
            return np.zeros(0)
        q = np.zeros(len(self.vocab))
        for token, count in self.query_terms(query).items():
            q[self.vocab[token]] = count
        if not q.any():
            return np.zeros(self.size)
        return self._weights @ q

    def top(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best-scoring chunks with a score above zero (scores, corpus positions),
        ties by corpus position as in every store."""
        lex = self.scores(query)
        if not len(lex):
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        ids = np.argsort(-lex, kind="stable")[:k]
        ids = ids[lex[ids] > 0]
        return lex[ids], ids

    def scores_of(self, query: str, ids: np.ndarray) -> np.ndarray:
        """The exact scores of some chunks (the candidates another store found): the same
        float64 sums as scores(), since a column-wise product adds the same terms in order."""
        ids = np.asarray(ids, dtype=np.int64)
        terms = self.query_terms(query)
        if not len(ids) or not terms:
            return np.zeros(len(ids))
        cols = np.array(sorted(self.vocab[t] for t in terms), dtype=np.int64)
        q = np.array([terms[self.token_of(j)] for j in cols], dtype=np.float64)
        rows = self._weights[:, cols].tocsr()[ids]
        rows.sort_indices()  # add the terms in column order, as the full product does
        return rows @ q

    def token_of(self, column: int) -> str:
        if not hasattr(self, "_tokens"):
            self._tokens = list(self.vocab)  # vocab ids are insertion order
        return self._tokens[column]

    def rows(self):
        """Each chunk's BM25 weights as {token: weight} (what the Milvus store stores)."""
        csr = self._weights.tocsr()
        for i in range(self.size):
            start, end = csr.indptr[i], csr.indptr[i + 1]
            yield {self.token_of(int(j)): float(w) for j, w in zip(csr.indices[start:end], csr.data[start:end])}

    def idf(self, token: str) -> float:
        j = self.vocab.get(token)
        if j is None:
            return float(self._idf.max()) if len(self._idf) else 0.0
        return float(self._idf[j])
