"""Optional generator: a local transformers causal LM phrases the answer from
numbered clause quotes. Its text is shown only if it passes the faithfulness
guard: every number it writes is in the quotes it cites, and every [n] it cites
is one of the quotes it was given. Otherwise the extractive answer stands and
the fallback is recorded in Answer.notes.

    RAG_GENERATOR=/path/to/local/causal-lm python app.py
"""
from __future__ import annotations

import re
import threading
from dataclasses import replace
from pathlib import Path

from .answer import check_numbers, source_label
from .query import Question
from .types import Answer

MAX_NEW_TOKENS = 160


def build_prompt(q: Question, answer: Answer) -> str:
    quotes = "\n".join(f"[{n}] {c.quote}（{source_label(c)}）" for n, c in enumerate(answer.citations, 1))
    if q.language == "en":
        return (
            "Answer the question using only the numbered quotes. Copy every number exactly as the quote states it "
            "and cite quotes as [n].\n\n"
            f"Quotes:\n{quotes}\n\nQuestion: {q.text}\nAnswer:"
        )
    return (
        "只根据下列编号原文回答问题。数字必须照抄原文，不得推算；用[n]标明出处。\n\n"
        f"原文：\n{quotes}\n\n问题：{q.text}\n回答："
    )


def check_generated(text: str, answer: Answer) -> str | None:
    """Why a generated text may not be shown, or None if it is faithful."""
    text = text.strip()
    if not text:
        return "empty output"
    refs = [int(n) for n in re.findall(r"\[(\d{1,2})\]", text)]
    if not refs:
        return "cites no quote"
    if any(not 1 <= n <= len(answer.citations) for n in refs):
        return f"cites a quote it was not given: {sorted(set(refs))}"
    cited = [answer.citations[n - 1] for n in sorted(set(refs))]
    bad = check_numbers(text, cited)
    if bad:
        return "states numbers not in its cited quotes: " + ", ".join(f"{b:g}" for b in bad)
    return None


class Generator:
    """A local causal LM (any transformers folder); never fetched from a hub."""

    def __init__(self, model_dir: str | Path, max_new_tokens: int = MAX_NEW_TOKENS):
        from transformers import AutoModelForCausalLM, AutoTokenizer

        path = Path(model_dir)
        if not (path / "config.json").exists():
            raise FileNotFoundError(f"RAG_GENERATOR={path} is not a local transformers model folder (no config.json)")
        self.tokenizer = AutoTokenizer.from_pretrained(str(path), local_files_only=True)
        self.model = AutoModelForCausalLM.from_pretrained(str(path), local_files_only=True)
        self.model.eval()
        self.max_new_tokens = max_new_tokens
        self._lock = threading.Lock()

    def generate(self, prompt: str) -> str:
        import torch

        inputs = self.tokenizer(prompt, return_tensors="pt")
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else self.tokenizer.eos_token_id
        with self._lock, torch.no_grad():
            out = self.model.generate(**inputs, max_new_tokens=self.max_new_tokens, do_sample=False, pad_token_id=pad)
        return self.tokenizer.decode(out[0][inputs["input_ids"].shape[1] :], skip_special_tokens=True)


def generate_with_guard(generator, q: Question, answer: Answer) -> Answer:
    """The generator's phrasing if it is faithful, else the extractive answer with the reason noted."""
    try:
        text = generator.generate(build_prompt(q, answer))
    except Exception as exc:  # a broken local model must not break answering
        return replace(answer, notes=answer.notes + [f"generator failed ({type(exc).__name__}: {exc}); extractive answer shown"])
    problem = check_generated(text, answer)
    if problem:
        return replace(answer, notes=answer.notes + [f"generator output rejected ({problem}); extractive answer shown"])
    sources = "\n".join(f"[{n}] {source_label(c)}" for n, c in enumerate(answer.citations, 1))
    return replace(answer, text=f"{text.strip()}\n\n{sources}", notes=answer.notes + ["generator output passed the guard"])
