"""English questions name the corpus's places and quoted terms in pinyin (Heyang's bulletin, the
'Wan Qi Deng Yun' programme, xiao sheng gui) or translate its numbered slogans ('four lists' for
“四清单”, the 'ten methods for anti-epidemic production' for “抗疫生产十法”). The corpus's own
names and quoted terms, read once per index, map them back to the Chinese the documents write."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pypinyin import lazy_pinyin

from .lexicon import english_terms, places
from .scope import NOT_A_NAME

# a place the corpus names (河阳市, 望川区, 江屿省) and a term it quotes (“万企登云”)
NAMED_PLACE = re.compile(r"([\u4e00-\u9fff]{2})(?:省|市|县|区)(?![场民长委级属域内外政直中里份])")
QUOTED_TERM = re.compile(r"[“\"]([\u4e00-\u9fff]{2,8})[”\"]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
MAX_SYLLABLES = 8
NUMBER_WORDS = {"two": "两二", "three": "三", "four": "四", "five": "五", "six": "六", "seven": "七", "eight": "八",
                "nine": "九", "ten": "十", "hundred": "百", "thousand": "千"}
QUOTED_ENGLISH = re.compile(r"(?<![A-Za-z])['‘\"“]([A-Za-z][^'’\"”]{2,60})['’\"”]")


class Romanizer:
    """Toneless pinyin (heyang, wanqidengyun) → the Chinese name or term; and the numbered quoted
    terms (四清单) an English phrase may translate."""

    def __init__(self, names: Iterable[str], slogans: Iterable[str] = ()):
        self.by_pinyin: dict[str, str] = {}
        for name in names:
            self.by_pinyin.setdefault("".join(lazy_pinyin(name)).lower(), name)
        # quoted terms that count (三情叠加, 抗疫生产十法, 四清单): what a numbered English phrase may translate
        self.slogans = [t for t in dict.fromkeys(slogans) if re.search(r"[一二两三四五六七八九十百千]", t)]

    @classmethod
    def from_corpus(cls, corpus_text: str) -> Romanizer:
        known = places()
        named = Counter(m.group(1) for m in NAMED_PLACE.finditer(corpus_text))
        # a place is named more than once, and by no character a name never has (本地市场 is no 本地市)
        found = [n for n, k in named.items() if k >= 2 and n not in known and not set(n) & NOT_A_NAME]
        quoted = QUOTED_TERM.findall(corpus_text)
        return cls(dict.fromkeys(found + quoted), quoted)

    def slogan(self, phrase: str) -> str | None:
        """The quoted term a numbered English phrase translates: its number and most of its
        content words' glossary terms stand in it ('four lists' → 四清单)."""
        lower = phrase.lower()
        numbers = [zh for en, zh in NUMBER_WORDS.items() if re.search(rf"\b{en}\b", lower)]
        if len(numbers) != 1:
            return None
        words = [alts.split() for alts in english_terms(lower)]
        if not words:
            return None
        best, best_hits = None, 0
        for term in self.slogans:
            if not any(ch in term for ch in numbers[0]):
                continue
            hits = sum(any(w in term for w in alts) for alts in words)
            if hits > best_hits or (hits == best_hits and best is not None and len(term) < len(best)):
                best, best_hits = term, hits
        return best if best_hits >= max(1, (len(words) + 1) // 2) else None

    def rewrite(self, text: str) -> str:
        """The question with each romanized name and each translated slogan written in Chinese."""
        text = QUOTED_ENGLISH.sub(lambda m: m.group().replace(m.group(1), self.slogan(m.group(1)) or m.group(1)), text)
        return self._pinyin(text)

    def _pinyin(self, text: str) -> str:
        """One word counts when it is capitalised (Heyang, not change); several words when they
        are all syllables of one term."""
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
