"""A small-memory tokenizer for the converted e5 model, giving the same ids as its tokenizer.json.

The `tokenizers` library builds a byte trie of the 250k-piece vocabulary with a hash map in
every node: about 290 MB in a process that otherwise needs ~250 MB. This module
runs the same pipeline in plain Python over a dict of the pieces (~67 MB). It is slower
than that library (0.64 s against 0.49 s on ~4,000 chunks and questions, where the
library used both cores), but that is about 1 % of the time the model takes on them.
The pipeline, as tokenizer.json's:

1. normalise: each code point through the model's map (e5_convert.write_unigram puts it
   in ``onnx/unigram.json`` with the pieces and scores; tokenizer.json holds the same
   map as a compiled charsmap), then runs of spaces collapsed to one;
2. pre-tokenise: spaces become "▁", "▁" is prepended unless the text starts with it,
   the text splits before each "▁", and every character that is not a piece of its
   own is isolated (it becomes one <unk>);
3. Viterbi over each piece of text, with `tokenizers`' tie-breaking and arithmetic:
   start positions in order, candidate pieces shortest first, a path replaces another
   only with a strictly higher float64 score;
4. <s> ... </s> around at most max_length - 2 ids.

tests/test_unigram.py checks ids against tokenizer.json on every chunk of both
corpora, the eval questions and random text."""
from __future__ import annotations

import json
import re
from array import array
from pathlib import Path

META = "\u2581"
_SPACES = re.compile(" {2,}")
FORMAT = 1  # e5_convert.UNIGRAM_FORMAT


class UnigramTokenizer:
    """`encode(text)` -> ids, from the model folder's ``onnx/unigram.json`` (e5_convert.write_unigram)."""

    def __init__(self, path: Path, max_length: int = 512):
        spec = json.loads(Path(path).read_text("utf-8"))
        if spec.get("format") != FORMAT:
            raise ValueError(f"{path}: unigram format {spec.get('format')!r}, expected {FORMAT}; run `make model`")
        pieces = spec["pieces"].split("\n")
        self._ids: dict[str, int] = dict(zip(pieces, range(len(pieces))))
        self._scores = array("d", spec["scores"])  # float64, exactly tokenizer.json's
        if len(self._ids) != len(pieces) or len(self._scores) != len(pieces):
            raise ValueError(f"{path}: pieces and scores do not match")
        longest: dict[str, int] = {}  # first character -> longest piece starting with it
        for piece in pieces:
            if piece and longest.get(piece[0], 0) < len(piece):
                longest[piece[0]] = len(piece)
        self._longest = longest
        self.unk_id, self.bos_id, self.eos_id = (int(spec[k]) for k in ("unk_id", "bos_id", "eos_id"))
        specials = {self.unk_id, self.bos_id, self.eos_id}
        # characters that are a piece of their own; any other one is isolated as one <unk>
        self._known = frozenset(p for p in longest if self._ids.get(p) not in (None, *specials))
        self._table = {int(cp): out for cp, out in spec["normalization"].items()}
        self.max_length = max_length

    def pre_tokenize(self, text: str) -> list[str]:
        text = _SPACES.sub(" ", text.translate(self._table)).replace(" ", META)
        if text and not text.startswith(META):
            text = META + text
        words = []
        # split before each "▁" (the first piece is "" when the text starts with it)
        parts = text.split(META)
        words = ([parts[0]] if parts[0] else []) + [META + p for p in parts[1:]]
        known = self._known
        out: list[str] = []
        for word in words:
            start = 0
            for i, ch in enumerate(word):
                if ch not in known:
                    if i > start:
                        out.append(word[start:i])
                    out.append(ch)
                    start = i + 1
            if start < len(word):
                out.append(word[start:])
        return out

    def _viterbi(self, word: str) -> list[int]:
        ids, scores, longest = self._ids, self._scores, self._longest
        n = len(word)
        best = [0.0] * (n + 1)
        came_from = [-1] * (n + 1)
        piece_id = [0] * (n + 1)
        for start in range(n):
            till_here = best[start]
            single = False
            for end in range(start + 1, min(n, start + longest.get(word[start], 0)) + 1):
                pid = ids.get(word[start:end])
                if pid is None:
                    continue
                score = scores[pid] + till_here
                if came_from[end] < 0 or score > best[end]:
                    best[end], came_from[end], piece_id[end] = score, start, pid
                if end == start + 1:
                    single = True
            if not single and came_from[start + 1] < 0:  # an isolated unknown character
                came_from[start + 1], piece_id[start + 1] = start, self.unk_id
        out = []
        end = n
        while end > 0:
            out.append(piece_id[end])
            end = came_from[end]
        out.reverse()
        return out

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        limit = self.max_length - 2
        for word in self.pre_tokenize(text):
            ids.extend(self._viterbi(word))
            if len(ids) >= limit:
                break
        return [self.bos_id, *ids[:limit], self.eos_id]
