"""Shared set-up for the robustness, crash and concurrency tests.

* One real embedder per pytest process (loading the model costs seconds), handed
  to every Assistant the tests make.
* One "golden" index of the seed corpus, built once under tests/artifacts/ (vectors
  already in index/ with the same cache key are reused, so nothing is embedded twice)
  and copied into each test's temporary folder.
* Corpus copies in temporary folders: tests never touch corpus/ or index/.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
ARTIFACTS = REPO / "tests" / "artifacts"
GOLDEN_INDEX = ARTIFACTS / "seed_index"

_lock = threading.Lock()
_embedder = None
_golden_ready = False

# Five eval questions (evals/questions.jsonl ids), one per seed document, answered correctly.
FIXED_QUESTION_IDS = ["fyp-5g-2025", "upg-cnc-rate", "mic-demo-zones", "zj-va-1to10", "yyz-innov-centers"]


def eval_items():
    from evals.scoring import load_questions

    return load_questions(REPO / "evals" / "questions.jsonl")


def fixed_questions() -> list[str]:
    by_id = {item.id: item for item in eval_items()}
    return [by_id[i].question for i in FIXED_QUESTION_IDS]


def shared_embedder():
    """The real default embedder, loaded once per process."""
    global _embedder
    with _lock:
        if _embedder is None:
            from rag.config import Config
            from rag.embed import load_embedder

            _embedder = load_embedder(Config())
        return _embedder


def make_assistant(corpus_dir, index_dir, **config_changes):
    """An Assistant over the given folders that reuses the shared embedder."""
    import rag

    config = rag.Config().with_(corpus_dir=Path(corpus_dir), index_dir=Path(index_dir), **config_changes)
    assistant = rag.Assistant(config=config)
    assistant._embedder = shared_embedder()  # same model as the lazy default, loaded once
    return assistant


def copy_corpus(dst: Path) -> Path:
    """A writable copy of corpus/ (the originals are read-only)."""
    dst = Path(dst)
    shutil.copytree(SEED_CORPUS, dst, ignore=shutil.ignore_patterns(".*"))
    for path in dst.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return dst


def golden_index() -> Path:
    """The index of the seed corpus, brought up to date once per test session."""
    global _golden_ready
    with _lock:
        ready = _golden_ready
    if ready:
        return GOLDEN_INDEX
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with open(ARTIFACTS / ".seed_index.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)  # two pytest processes must not build it at once
        (GOLDEN_INDEX / "vectors").mkdir(parents=True, exist_ok=True)
        # Vectors the repository index already holds under the same cache key (content
        # hash + model + chunking) are exactly what would be computed: reuse them.
        repo_vectors = REPO / "index" / "vectors"
        if repo_vectors.is_dir():
            for npy in repo_vectors.glob("*.npy"):
                target = GOLDEN_INDEX / "vectors" / npy.name
                if not target.exists():
                    shutil.copyfile(npy, target)
        assistant = make_assistant(SEED_CORPUS, GOLDEN_INDEX)
        assistant.build_index()
        fcntl.flock(lock_file, fcntl.LOCK_UN)
    with _lock:
        _golden_ready = True
    return GOLDEN_INDEX


def copy_index(dst: Path) -> Path:
    """A copy of the golden index (valid for any copy of the seed corpus)."""
    src = golden_index()
    dst = Path(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".*"))
    return dst


def index_state(index_dir: Path) -> dict[str, tuple[int, int, str]]:
    """Every file of an index folder: (size, mtime_ns, sha256)."""
    out = {}
    for path in sorted(Path(index_dir).rglob("*")):
        if path.is_file():
            stat = path.stat()
            out[str(path.relative_to(index_dir))] = (stat.st_size, stat.st_mtime_ns,
                                                     hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def answer_key(answer) -> dict:
    """What must not change between two runs of the same question: the text and
    every citation (scores rounded, timings left out)."""
    return {
        "text": answer.text,
        "refused": answer.refused,
        "citations": [(c.doc_id, c.clause, c.quote, c.start, c.end, round(c.score, 3)) for c in answer.citations],
    }


def answer_key_without_scores(answer) -> dict:
    key = answer_key(answer)
    key["citations"] = [c[:5] for c in key["citations"]]
    return key


def small_policy_text(tag: str, n_items: int = 3) -> str:
    """A short, well-formed policy notice (a few chunks) with content unique to `tag`."""
    items = "\n".join(
        f"（{'一二三四五六七八九十'[i]}）{tag}专项第{i + 1}项任务。支持{tag}企业开展示范应用，"
        f"到2027年培育{tag}重点项目{i + 3}个。"
        for i in range(n_items)
    )
    return (
        f"关于推进{tag}发展的实施意见\n\n"
        f"{tag}工作领导小组\n\n"
        f"为推进{tag}高质量发展，现提出如下意见。\n\n"
        f"一、主要任务\n\n{items}\n\n"
        f"二、保障措施\n\n加强{tag}工作的组织领导，落实各项政策。\n"
    )


def env_for_subprocess() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    return env


def assistant_over(tmp_path: Path, files: dict[str, str]):
    """An Assistant over a small corpus of these files (name → text), its index built."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, "utf-8")
    assistant = make_assistant(corpus, tmp_path / "index")
    assistant.build_index()
    return assistant
