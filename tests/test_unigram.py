"""rag/unigram.py gives exactly the ids of the model folder's tokenizer.json (run by the
`tokenizers` library with the settings the ONNX runtime used before: truncation to 512,
no added-token pass) on every chunk of both corpora, every eval question and random text."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

import rag
from rag.assistant import _embedding_text
from rag.config import Config
from rag.embed import OnnxEmbedder, resolve_model_dir
from rag.unigram import UnigramTokenizer

from _helpers import REPO

QUESTION_FILES = sorted((REPO / "evals").glob("*questions.jsonl"))


@pytest.fixture(scope="module")
def model_dir():
    return resolve_model_dir(Config())


@pytest.fixture(scope="module")
def reference(model_dir):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(512)
    tokenizer.encode_special_tokens = True
    return lambda texts: [e.ids for e in tokenizer.encode_batch(texts)]


@pytest.fixture(scope="module")
def ours(model_dir):
    return UnigramTokenizer(model_dir / "onnx" / "unigram.json", 512)


def _same(ours, reference, texts):
    expected = reference(texts)
    differ = [(t[:60], e[:12]) for t, e in zip(texts, expected) if ours.encode(t) != e]
    assert not differ, f"{len(differ)} of {len(texts)} texts differ, e.g. {differ[:3]}"


@pytest.mark.parametrize("corpus", ["corpus", "evals/dev_corpus"])
def test_every_chunk_of_both_corpora(ours, reference, corpus):
    chunks = rag.Assistant(corpus_dir=REPO / corpus)._snapshot.chunks
    assert len(chunks) > 100
    # what is embedded (prompt + heading path + text) and the bare chunk text
    texts = ["passage: " + _embedding_text(c) for c in chunks] + [c.text for c in chunks]
    _same(ours, reference, texts)


def test_every_eval_question(ours, reference):
    from evals.scoring import load_questions

    questions = [item.question for path in QUESTION_FILES for item in load_questions(path)]
    assert len(questions) > 300
    _same(ours, reference, ["query: " + q for q in questions] + questions)


def test_edge_cases(ours, reference):
    texts = ["", " ", "  a  b ", "\t\tx\n\ny", "☃☃☃abc☃", "Ａ\u0301", "e\u0301", "a\x01b", "\x01a",
             "<s>x</s>", "<unk>", "a<mask>b", "<pad>", "\u3000\u3000全角　空格", "ﬁ ½ ① ㎡ ™", "\U0001F600\U0001F600a",
             "▁a ▁▁b", "第一条……———", "2025年12月31日前"]
    # over the 512-token window, truncated the same way
    long_text = "".join(c.text for c in rag.Assistant(corpus_dir=REPO / "corpus")._snapshot.chunks[:40])
    _same(ours, reference, texts + [long_text, "passage: " + long_text])
    assert len(ours.encode(long_text)) == 512


def test_repeated_characters_break_ties_the_same_way(ours, reference):
    """Runs like "。。。。。" have several segmentations of equal score: the tie is decided by
    the order paths are tried and float64 rounding, both as in `tokenizers`."""
    chars = list("—…．.-=*_0123456789哈啊〇一二、，。！？~·abxz ′‴") + ["--", "——", "……", "ab", "12"]
    texts = [ctx.format(c * n) for c in chars for n in range(1, 25) for ctx in ("{}", "passage: 第{}条", "中{}文")]
    _same(ours, reference, texts)


def test_random_text(ours, reference, corpus_dir):
    rng = random.Random(10)
    seen = sorted(set("".join(p.read_text("utf-8") for p in sorted(Path(corpus_dir).glob("*.txt")))))
    rare = [chr(c) for c in [*range(0, 0x250), *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xFF00, 0xFFF0),
                             0x0301, 0x200B, 0xFEFF, 0xE000, 0x1F600, 0x10FFFF]]
    texts = ["".join(rng.choice(seen) if rng.random() < 0.6 else rng.choice(rare) for _ in range(rng.randint(0, 80)))
             for _ in range(5000)]
    _same(ours, reference, texts)


def test_embedder_uses_it_without_the_tokenizers_library(model_dir):
    embedder = OnnxEmbedder(model_dir, "fp32")
    assert embedder._encode.__self__.__class__ is UnigramTokenizer
