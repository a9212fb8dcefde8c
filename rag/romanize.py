"""English questions name Chinese places and policy terms in pinyin: Heyang's bulletin, the
'Wan Qi Deng Yun' programme, xiao sheng gui. The corpus's own place names and quoted terms,
romanized once per index, map them back to the Chinese the documents write."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from .lexicon import places
from .scope import NOT_A_NAME

# a place the corpus names (河阳市, 望川区, 江屿省) and a term it quotes (“万企登云”)
NAMED_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(?:省|市|县|区)(?![场民长委级属域内外政直中里份])")
QUOTED_TERM = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8})[”\"]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
MAX_SYLLABLES = 8


class Romanizer:
    """Toneless pinyin (heyang, wanqidengyun) → the Chinese name or term."""

    def __init__(self, names: Iterable[str]):
        self.by_pinyin: dict[str, str] = {}
        for name in names:
            self.by_pinyin.setdefault("".join(lazy_pinyin(name)).lower(), name)

    @classmethod
    def from_corpus(cls, corpus_text: str) -> Romanizer:
        known = places()
        named = Counter(m.group(1) for m in NAMED_PLACE.finditer(corpus_text))
        # a place is named more than once, and by no character a name never has (本地市场 is no 本地市)
        found = [n for n, k in named.items() if k >= 2 and n not in known and not set(n) & NOT_A_NAME]
        found += QUOTED_TERM.findall(corpus_text)
        return cls(dict.fromkeys(found))

    def rewrite(self, text: str) -> str:
        """The question with each romanized name written in Chinese. One word counts when it is
        capitalised (Heyang, not change); several words when they are all syllables of one term."""
        words = list(LATIN_WORD.finditer(text))
        out, last, i = [], 0, 0
        while i < len(words):
            match = None
            for j in range(min(len(words), i + MAX_SYLLABLES), i, -1):
                run = words[i:j]
                if any(text[a.end(): b.start()].strip(" -") for a, b in zip(run, run[1:])):
                    continue  # the words of one name stand side by side (Wan Qi Deng Yun, xiao-sheng-gui)
                key = "".join(w.group() for w in run).lower()
                if key in self.by_pinyin and (j - i >= 2 or run[0].group()[0].isupper()):
                    match = (j, self.by_pinyin[key])
                    break
            if match is None:
                i += 1
                continue
            j, chinese = match
            out.append(text[last: words[i].start()] + chinese)
            last, i = words[j - 1].end(), j
        return "".join(out) + text[last:]
