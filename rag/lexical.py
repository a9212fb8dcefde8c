"""BM25 over Chinese words (jieba) plus character bigrams, so that terms
jieba splits differently (5G基站, 小升规, 专精特新) still match, and numbers
and years survive as their own tokens."""
from __future__ import annotations

import logging
import re
import threading

from rank_bm25 import BM25Okapi

_jieba_lock = threading.Lock()
_jieba = None

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
ASCII_TOKEN = re.compile(r"[A-Za-z]+[0-9]*|\d+(?:\.\d+)?[A-Za-z]*")
STOP = set("的 了 和 与 及 等 是 在 对 为 将 到 年 个 家 中 上 以 其 之 并 或 由 把 被 有 我 你 他 这 那 哪 吗 呢 么 多少 什么 哪些 几 怎么 如何 请问 计划 预计 目标 要求 提出 达到 实现 关于".split())


def _get_jieba():
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
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


def words(text: str, keep_stop: bool = False) -> list[str]:
    """jieba words and Latin/number tokens, without the bigrams (for matching phrases)."""
    jieba = _get_jieba()
    text = text.lower()
    out: list[str] = []
    for run in CJK_RUN.findall(text):
        out.extend(w for w in jieba.lcut(run) if keep_stop or w not in STOP)
    out.extend(ASCII_TOKEN.findall(text))
    return out


class LexicalIndex:
    def __init__(self, texts: list[str]):
        self._tokens = [tokenize(t) for t in texts]
        self._bm25 = BM25Okapi(self._tokens) if texts else None

    def scores(self, query: str):
        import numpy as np

        if self._bm25 is None:
            return np.zeros(0)
        q = tokenize(query)
        if not q:
            return np.zeros(len(self._tokens))
        return self._bm25.get_scores(q)

    def idf(self, token: str) -> float:
        if self._bm25 is None:
            return 0.0
        return float(self._bm25.idf.get(token, max(self._bm25.idf.values(), default=1.0)))
