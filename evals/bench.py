"""Speed and memory benchmark: python -m evals.bench [--sizes 1000,10000,100000] [--json OUT]

A benchmark, not a test: it prints a table beside the targets and writes
evals/report/bench.json. Every figure comes from its own fresh process, so the
cold numbers include interpreter start, imports and model load, and each peak
RSS belongs to one job only.

Embedding runtimes, seed corpus: a cold build and a cold start with warm answers for
each runtime (onnx-fp32, onnx-int8, openvino-bf16 where the CPU has native bf16, and
sentence-transformers, the runtime before ONNX), each in its own process and index
folder; the library's default is "ours" below.

Seed corpus (corpus/), ours and the naive baseline (evals/baseline.py):
  * index build, cold: a new process, a fresh temporary index folder, real embedding;
  * cold start: a new process with the index already built → first answer;
  * warm answer latency p50/p95 over all eval questions (evals/questions.jsonl);
  * peak RSS of the process (getrusage ru_maxrss).
  The baseline keeps no index on disk: its cold start embeds the corpus again.

Scale, synthetic corpora of ~1k, 10k and 100k chunks made from the seed documents
(each copy: sentences shuffled inside paragraphs, years shifted, figures scaled,
province and city names swapped), run through the real pipeline (load, clean,
clauses, chunks, VectorIndex.sync, FAISS, BM25, Retriever, Reader):
  * embedding throughput is measured for real on a sample of the synthetic chunks
    (and on the whole seed build); the vectors of the synthetic corpora themselves are
    perturbed copies of real e5 vectors (a seed-corpus vector chosen by a hash of the
    chunk text, plus Gaussian noise, re-normalised), so the full build time with real
    embedding is an estimate: chunks / real rate + the measured rest of the build;
  * answer latency is the whole Assistant.answer() (query embedding, FAISS, BM25,
    fusion and rerank, reader); dense search and BM25 scoring are also timed alone;
  * flat search latency at every size, HNSW latency and recall@10 against flat;
  * index size on disk and peak RSS.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
QUESTIONS = REPO / "evals" / "questions.jsonl"
DEFAULT_JSON = REPO / "evals" / "report" / "bench.json"

TARGETS = {
    "cold_start_s": 2.5,
    "query_embedding_p50_ms": 12.0,
    "serving_rss_mb": 600.0,  # seed corpus
    "build_speedup": 2.0,  # embedding chunks/s against the sentence-transformers runtime
    "warm_p50_ms": 100.0,
    "warm_p95_ms": 250.0,
    "scale_p95_ms": 300.0,  # at 100k chunks
    "scale_rss_mb": 1200.0,  # serving at 100k chunks
    "scale_build_peak_mb": 1500.0,  # building at 100k chunks
}
NOISE_SIGMA = 0.02  # per dimension; a perturbed vector keeps cos ≈ 0.93 with its real source


# --------------------------------------------------------------------------- small helpers


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summary_ms(seconds: list[float]) -> dict:
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50": round(pct(ms, 0.5), 1), "p95": round(pct(ms, 0.95), 1),
            "max": round(max(ms), 1) if ms else None, "mean": round(statistics.fmean(ms), 1) if ms else None}


class StageTimer:
    """Times the stages of Assistant.answer() from outside: query embedding, FAISS search
    and BM25 scoring (wrapped on the live objects); the rest is fusion, rerank and reader."""

    STAGES = ("encode_query", "dense_search", "bm25_scores")

    def __init__(self, assistant):
        _, retriever, _ = assistant._search
        self.current = dict.fromkeys(self.STAGES, 0.0)
        self.samples = {k: [] for k in self.STAGES + ("rest", "total", "cpu")}
        self._wrap(retriever.embedder, "encode_query")
        self._wrap(retriever.vectors, "search", "dense_search")
        self._wrap(retriever.lexical, "scores", "bm25_scores")

    def _wrap(self, obj, method, stage=None):
        stage = stage or method
        real = getattr(obj, method)

        def timed(*a, **kw):
            t0 = time.perf_counter()
            try:
                return real(*a, **kw)
            finally:
                self.current[stage] += time.perf_counter() - t0

        setattr(obj, method, timed)

    def run(self, fn):
        self.current = dict.fromkeys(self.STAGES, 0.0)
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
        for k in self.STAGES:
            self.samples[k].append(self.current[k])
        self.samples["rest"].append(total - sum(self.current.values()))
        self.samples["total"].append(total)
        self.samples["cpu"].append(cpu)
        return result

    def summary(self) -> dict:
        return {k: summary_ms(v) for k, v in self.samples.items()}


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6


def quiet() -> None:
    import logging
    import warnings

    logging.basicConfig(level=logging.ERROR)
    logging.getLogger().setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def eval_questions():
    from evals.scoring import load_questions

    return load_questions(QUESTIONS)


# --------------------------------------------------------------------------- synthetic corpora

PROVINCES = ["浙江", "江苏", "广东", "福建", "山东", "湖北", "四川", "河南", "湖南", "安徽", "江西", "河北"]
CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "义乌",
          "苏州", "无锡", "常州", "南京", "合肥", "芜湖", "厦门", "泉州", "青岛", "济南", "武汉", "成都"]
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")
SENTENCE = re.compile(r"[^。；！？]*[。；！？]|[^。；！？]+$")


def _swap_names(text: str, names: list[str], rng: random.Random) -> str:
    shuffled = names[:]
    rng.shuffle(shuffled)
    mapping = dict(zip(names, shuffled))
    pattern = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _scale_number(m: re.Match, rng: random.Random) -> str:
    raw = m.group(1)
    value = float(raw)
    follows = m.string[m.end() : m.end() + 2].lstrip()
    if value < 10 or YEAR.fullmatch(raw) or follows[:1] in ("月", "日", "号"):  # labels, years, dates stay
        return raw
    new = value * rng.uniform(0.6, 1.6)
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    return f"{new:.{decimals}f}" if decimals else str(max(10, int(round(new))))


def perturb(text: str, rng: random.Random) -> str:
    """A varied copy of a policy document: different places, years, figures and sentence order."""
    text = _swap_names(text, PROVINCES, rng)
    text = _swap_names(text, CITIES, rng)
    text = NUMBER.sub(lambda m: _scale_number(m, rng), text)
    shift = rng.choice([-3, -2, -1, 1, 2, 3])
    text = YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    lines = []
    for line in text.split("\n"):
        sentences = SENTENCE.findall(line)
        if len(sentences) >= 3 and rng.random() < 0.7:
            rest = sentences[1:]
            rng.shuffle(rest)
            line = sentences[0] + "".join(rest)
        lines.append(line)
    return "\n".join(lines)


def make_synthetic_corpus(dst: Path, target_chunks: int, chunks_per_file: dict[str, int], seed: int) -> dict:
    """Write perturbed copies of the seed documents until about `target_chunks` chunks."""
    dst.mkdir(parents=True, exist_ok=True)
    seeds = sorted(chunks_per_file)
    texts = {name: (REPO / "corpus" / name).read_text("utf-8") for name in seeds}
    rng = random.Random(seed)
    expected, n = 0, 0
    while expected < target_chunks:
        name = seeds[n % len(seeds)]
        (dst / f"syn{n:05d}_{Path(name).stem}.txt").write_text(perturb(texts[name], rng), "utf-8")
        expected += chunks_per_file[name]
        n += 1
    return {"files": n, "expected_chunks": expected}


class PerturbedVectors:
    """Stands in for the embedder when building big synthetic indexes: each passage gets a
    real e5 vector of a seed-corpus chunk, mixed with a second one at weight 0–0.6 (both
    chosen by a hash of its text) plus Gaussian noise, re-normalised: as spread out as
    real vectors, not tight clusters of copies. Queries are embedded for real."""

    def __init__(self, real, pool, sigma: float = NOISE_SIGMA):
        import numpy as np

        self.real = real
        self.pool = np.asarray(pool, dtype=np.float32)
        self.sigma = sigma
        self.dim = real.dim
        self.identity = f"{real.identity}+bench-perturbed"
        self.seconds = 0.0

    def encode_passages(self, texts):
        import numpy as np

        t0 = time.perf_counter()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            h = zlib.crc32(text.encode("utf-8"))
            rng = np.random.default_rng(h)
            a, b = rng.integers(0, len(self.pool), 2)
            out[i] = self.pool[a] + rng.uniform(0.0, 0.6) * self.pool[b] + rng.normal(0.0, self.sigma, self.dim)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        self.seconds += time.perf_counter() - t0
        return out

    def encode_query(self, text):
        return self.real.encode_query(text)


# --------------------------------------------------------------------------- jobs (each in its own process)


def default_runtime() -> str:
    """The runtime the library's default precision actually runs on this machine."""
    from rag.config import Config
    from rag.embed import DEFAULT_ONNX_PRECISION, _usable_precision, resolve_model_dir, runtime_of

    precision = _usable_precision(resolve_model_dir(Config()), DEFAULT_ONNX_PRECISION)
    return f"{runtime_of(precision)}-{precision}"


def available_runtimes() -> list[str]:
    from rag.embed import cpu_has_bf16

    return ["onnx-fp32", "onnx-int8", *(["openvino-bf16"] if cpu_has_bf16() else []), "sentence-transformers"]


def load_runtime(runtime: str, config):
    """The embedder of one runtime over the configured model: "onnx-fp32", "onnx-int8",
    "openvino-bf16", or "sentence-transformers" (the runtime before ONNX, torch and
    sentence-transformers)."""
    from rag.embed import SentenceTransformerEmbedder, load_embedder, resolve_model_dir, runtime_of

    if runtime == "sentence-transformers":
        return SentenceTransformerEmbedder(resolve_model_dir(config), config.embed_batch_size)
    kind, _, precision = runtime.partition("-")
    if kind not in ("onnx", "openvino") or runtime_of(precision) != kind:
        raise ValueError(f"unknown runtime {runtime!r}")
    embedder = load_embedder(config.with_(embed_precision=precision))
    if embedder.precision != precision:
        raise RuntimeError(f"{runtime} is not available here (it fell back to {embedder.precision})")
    return embedder


def job_ours_build(args) -> dict:
    """Cold index build: new process, fresh index folder, model load and real embedding."""
    t_spawn = args.t0
    quiet()
    t = time.perf_counter()
    import rag

    t_import = time.perf_counter() - t
    embed_seconds = [0.0, 0]
    t = time.perf_counter()
    assistant = rag.Assistant(corpus_dir=REPO / "corpus", index_dir=args.index)
    t_corpus = time.perf_counter() - t
    t = time.perf_counter()
    embedder = assistant._embedder = load_runtime(args.runtime, assistant.config)
    t_model = time.perf_counter() - t
    real_encode = embedder.encode_passages

    def timed_encode(texts):
        t0 = time.perf_counter()
        out = real_encode(texts)
        embed_seconds[0] += time.perf_counter() - t0
        embed_seconds[1] += len(texts)
        return out

    embedder.encode_passages = timed_encode
    t = time.perf_counter()
    vindex = assistant.build_index()
    t_build = time.perf_counter() - t
    wall = time.time() - t_spawn
    chunks = len(assistant._snapshot.chunks)
    return {
        "runtime": args.runtime,
        "build_cold_s": round(wall, 2),
        "breakdown_s": {"imports": round(t_import, 2), "corpus_processing": round(t_corpus, 2),
                        "model_load": round(t_model, 2), "build_index": round(t_build, 2),
                        "embedding": round(embed_seconds[0], 2)},
        "chunks": chunks,
        "documents": len(assistant.documents()),
        "embedded_chunks": embed_seconds[1],
        "embed_chunks_per_s": round(embed_seconds[1] / embed_seconds[0], 2) if embed_seconds[0] else None,
        "index_mb": round(dir_size_mb(args.index), 2),
        "files_embedded": vindex.embedded_files,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def job_ours_serve(args) -> dict:
    """Cold start (index built) → first answer, then warm latency over the eval questions."""
    t_spawn = args.t0
    quiet()
    steps = {}
    t = time.perf_counter()
    import rag

    steps["imports"] = time.perf_counter() - t
    items = eval_questions()
    t = time.perf_counter()
    assistant = rag.Assistant(corpus_dir=REPO / "corpus", index_dir=args.index)
    steps["corpus_processing"] = time.perf_counter() - t
    # what the first answer() does lazily, one step at a time
    t = time.perf_counter()
    assistant._embedder = load_runtime(args.runtime, assistant.config)
    steps["model_load"] = time.perf_counter() - t
    t = time.perf_counter()
    vindex = assistant.build_index()
    steps["index_load_and_bm25"] = time.perf_counter() - t
    t = time.perf_counter()
    first = assistant.answer(items[0].question, history=items[0].history or None)
    steps["first_answer"] = time.perf_counter() - t
    cold = time.time() - t_spawn
    assert not vindex.messages and vindex.embedded_files == 0, vindex.messages
    rss_after_first = current_rss_mb()
    timer = StageTimer(assistant)
    for item in items[: args.queries]:  # serving for a while: steady-state memory
        timer.run(lambda: assistant.answer(item.question, history=item.history or None))
    stages = timer.summary()
    return {
        "runtime": args.runtime,
        "heavy_modules_loaded": [m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules],
        "cold_start_s": round(cold, 2),
        "cold_breakdown_s": {k: round(v, 2) for k, v in steps.items()},
        "python_start_s": round(cold - sum(steps.values()), 2),
        "first_answer_timings_ms": first.timings,
        "warm": stages.pop("total"),
        "warm_cpu": stages.pop("cpu"),
        "warm_stages": stages,
        "rss_after_first_answer_mb": round(rss_after_first, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def job_baseline(args) -> dict:
    """The naive recipe: build (model load + embedding; it keeps no index), first answer.
    Then warm latency of ours and the baseline, interleaved question by question in this
    one process, so that both meet the same machine load."""
    t_spawn = args.t0
    quiet()
    from rag.config import Config

    from .baseline import NaiveBaseline

    items = eval_questions()
    config = Config()
    t = time.perf_counter()
    embedder = load_runtime(args.runtime, config)
    t_model = time.perf_counter() - t
    baseline = NaiveBaseline(REPO / "corpus", embedder)
    build_wall = time.time() - t_spawn
    baseline.answer(items[0].question)
    cold = time.time() - t_spawn
    for item in items[:20]:  # warm
        baseline.answer(item.question)
    baseline_rss = peak_rss_mb()  # before ours is loaded into this process

    import rag

    ours = rag.Assistant(corpus_dir=REPO / "corpus", index_dir=args.index)
    ours._embedder = embedder  # the same model object: only the pipelines differ
    ours.answer(items[0].question)
    timer = StageTimer(ours)
    base_s, base_cpu = [], []
    for n, item in enumerate(items):
        def run_baseline():
            c0, t0 = time.process_time(), time.perf_counter()
            baseline.answer(item.question)
            base_s.append(time.perf_counter() - t0)
            base_cpu.append(time.process_time() - c0)

        if n % 2:
            run_baseline()
        timer.run(lambda: ours.answer(item.question, history=item.history or None))
        if not n % 2:
            run_baseline()
    stages = timer.summary()
    return {
        "build_cold_s": round(build_wall, 2),
        "cold_start_s": round(cold, 2),
        "breakdown_s": {"model_load": round(t_model, 2), "embedding": round(baseline.build_seconds, 2)},
        "chunks": len(baseline.chunks),
        "embed_chunks_per_s": round(len(baseline.chunks) / baseline.build_seconds, 2),
        "warm": summary_ms(base_s),
        "warm_cpu": summary_ms(base_cpu),
        "peak_rss_mb": round(baseline_rss, 1),
        "ours_interleaved": {"warm": stages.pop("total"), "warm_cpu": stages.pop("cpu"), "warm_stages": stages},
    }


def job_scale(args) -> dict:
    """One synthetic corpus size through the real pipeline (see the module docstring)."""
    quiet()
    import faiss
    import numpy as np

    import rag
    import rag.assistant
    import rag.index
    from rag.assistant import _embedding_text
    from rag.index import HNSW_THRESHOLD, build_faiss
    from rag.query import analyse

    work = Path(args.work)
    items = eval_questions()
    out: dict = {"target_chunks": args.size}

    # chunks per seed file, for sizing the synthetic corpus
    seed = rag.Assistant(corpus_dir=REPO / "corpus", index_dir=work / "unused")
    per_file = {name: sum(1 for c in seed._snapshot.chunks if c.doc_id in ids) for name, ids in seed._snapshot.files.items()}
    embedder = seed._embedder = load_runtime(args.runtime, seed.config)  # the real model
    rss_model = current_rss_mb()
    pool = np.vstack([np.load(p) for p in sorted((Path(args.index) / "vectors").glob("*.npy"))])

    corpus = work / "corpus"
    t = time.perf_counter()
    out.update(make_synthetic_corpus(corpus, args.size, per_file, seed=args.size))
    out["generate_s"] = round(time.perf_counter() - t, 2)

    # time the parts of build_index
    parts = {"bm25_s": 0.0, "faiss_s": 0.0}
    real_lexical, real_build_faiss = rag.assistant.LexicalIndex, rag.index.build_faiss_from_blocks

    class TimedLexicalIndex(real_lexical):
        def __init__(self, texts):
            t0 = time.perf_counter()
            super().__init__(texts)
            parts["bm25_s"] += time.perf_counter() - t0

    def timed_build_faiss(vectors, *a, **kw):
        t0 = time.perf_counter()
        index = real_build_faiss(vectors, *a, **kw)
        parts["faiss_s"] += time.perf_counter() - t0
        return index

    rag.assistant.LexicalIndex = TimedLexicalIndex
    rag.index.build_faiss_from_blocks = timed_build_faiss

    t = time.perf_counter()
    assistant = rag.Assistant(corpus_dir=corpus, index_dir=work / "index")
    t_corpus = time.perf_counter() - t
    chunks = assistant._snapshot.chunks
    out["chunks"] = len(chunks)
    out["documents"] = len(assistant.documents())

    if args.embed_sample:  # real embedding throughput on synthetic chunks
        sample = [_embedding_text(c) for c in random.Random(0).sample(chunks, min(args.embed_sample, len(chunks)))]
        t = time.perf_counter()
        embedder.encode_passages(sample)
        out["real_embed_sample"] = len(sample)
        out["real_embed_chunks_per_s"] = round(len(sample) / (time.perf_counter() - t), 2)

    fake = PerturbedVectors(embedder, pool)
    assistant._embedder = fake
    t = time.perf_counter()
    vindex = assistant.build_index()
    t_build = time.perf_counter() - t
    rag.assistant.LexicalIndex, rag.index.build_faiss_from_blocks = real_lexical, real_build_faiss
    other = t_build - parts["bm25_s"] - parts["faiss_s"] - fake.seconds
    out["build_s"] = {"corpus_processing": round(t_corpus, 2), "vectors_perturbed": round(fake.seconds, 2),
                      "bm25": round(parts["bm25_s"], 2), "faiss": round(parts["faiss_s"], 2),
                      "files_and_hashes": round(other, 2)}
    non_embed = t_corpus + t_build - fake.seconds
    out["build_excl_embedding_s"] = round(non_embed, 2)
    out["build_chunks_per_s_excl_embedding"] = round(len(chunks) / non_embed, 1)
    out["index_type"] = type(vindex.index).__name__
    out["index_mb"] = round(dir_size_mb(work / "index"), 1)
    out["rss_after_build_mb"] = round(current_rss_mb(), 1)
    out["rss_model_only_mb"] = round(rss_model, 1)

    # queries: the whole answer, its stages timed on the live objects
    questions = [it for it in items if not it.history][: args.queries]
    assistant.answer(questions[0].question)  # warm-up
    timer = StageTimer(assistant)
    for it in questions:
        timer.run(lambda: assistant.answer(it.question))
    stages = timer.summary()
    out["answer_ms"] = stages.pop("total")
    out["answer_cpu_ms"] = stages.pop("cpu")
    out["stages_ms"] = stages
    out["dense_search_ms"] = stages["dense_search"]
    out["bm25_scores_ms"] = stages["bm25_scores"]
    out["peak_rss_library_mb"] = round(peak_rss_mb(), 1)  # before the bench's own flat/HNSW comparison
    out["rss_serving_mb"] = round(current_rss_mb(), 1)
    qvecs = np.vstack([embedder.encode_query(analyse(it.question).text) for it in questions]).astype(np.float32)

    # flat against HNSW on the same vectors
    manifest = json.loads((work / "index" / "manifest.json").read_text())
    vectors = np.vstack([np.load(work / "index" / "vectors" / f"{f['key']}.npy") for f in manifest["files"]])
    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    if isinstance(vindex.index, faiss.IndexHNSWFlat):
        hnsw, hnsw_build = vindex.index, parts["faiss_s"]
    else:
        t = time.perf_counter()
        hnsw = build_faiss(vectors, hnsw_threshold=0)
        hnsw_build = time.perf_counter() - t
    flat_s = []
    flat_ids = []
    for qv in qvecs:
        t0 = time.perf_counter()
        _, ids = flat.search(qv.reshape(1, -1), 40)
        flat_s.append(time.perf_counter() - t0)
        flat_ids.append(ids[0])
    out["flat_search_ms"] = summary_ms(flat_s)
    library_ef = hnsw.hnsw.efSearch
    sweep = {}
    for ef in sorted({library_ef, 256, 512}):
        hnsw.hnsw.efSearch = ef
        hnsw_s, recall10, recall40 = [], [], []
        for qv, f_ids in zip(qvecs, flat_ids):
            t0 = time.perf_counter()
            _, h_ids = hnsw.search(qv.reshape(1, -1), 40)
            hnsw_s.append(time.perf_counter() - t0)
            recall10.append(len(set(f_ids[:10]) & set(h_ids[0][:10])) / 10)
            recall40.append(len(set(f_ids) & set(h_ids[0])) / 40)
        sweep[ef] = {"search_ms": summary_ms(hnsw_s), "recall_at_10": round(statistics.fmean(recall10), 4),
                     "recall_at_40": round(statistics.fmean(recall40), 4)}
    hnsw.hnsw.efSearch = library_ef
    out["hnsw"] = {"used_by_library": isinstance(vindex.index, faiss.IndexHNSWFlat), "threshold": HNSW_THRESHOLD,
                   "build_s": round(hnsw_build, 2), "efSearch": library_ef, **sweep[library_ef],
                   "efSearch_sweep": {str(k): v for k, v in sweep.items()}}
    out["queries"] = len(questions)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


OCR_PAGES = 3  # scanned pages the OCR row reads (about 1.5–5 s each on 2 cores)


def job_ocr(args) -> dict:
    """OCR of a scanned PDF: pages of a corpus document drawn at 200 dpi as images (no text
    layer), read by rag.load without a cache. Seconds per page and the memory OCR takes."""
    quiet()
    import numpy as np
    import pylopdf_fonts_zh_cn
    from PIL import Image, ImageDraw, ImageFont

    from rag.clean import clean_text
    from rag.load import load_file

    text = "".join(clean_text((REPO / "corpus" / "zj_advanced_manufacturing_base_14th_fyp_2021.txt").read_text("utf-8")).split())
    font = ImageFont.truetype(str(pylopdf_fonts_zh_cn.serif_path()), 36)
    rng = np.random.default_rng(1)
    images, pos = [], 0
    for _ in range(OCR_PAGES):  # 30 lines of 36 characters a page, like a printed 公文 page
        image = Image.new("L", (1654, 2339), 255)
        draw = ImageDraw.Draw(image)
        for line in range(30):
            draw.text((170, 200 + 62 * line), text[pos: pos + 36], font=font, fill=0)
            pos += 36
        noisy = np.asarray(image.rotate(0.3, fillcolor=255), dtype=np.float32) + rng.normal(0, 14, (2339, 1654))
        images.append(Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)))
    work = Path(tempfile.mkdtemp(prefix="rag-bench-ocr-"))
    try:
        path = work / "scan.pdf"
        images[0].save(path, "PDF", resolution=200.0, save_all=True, append_images=images[1:], quality=85)
        del images
        rss_before = current_rss_mb()
        t = time.perf_counter()
        from rag import ocr

        ocr._get_engine()
        t_engine = time.perf_counter() - t
        t = time.perf_counter()
        source = load_file(path)  # no cache: every page is read
        seconds = time.perf_counter() - t
    finally:
        shutil.rmtree(work, ignore_errors=True)
    confidences = [c for _, _, c, _ in source.ocr_lines]
    return {
        "pages": OCR_PAGES,
        "engine_load_s": round(t_engine, 2),
        "seconds_per_page": round(seconds / OCR_PAGES, 2),
        "characters": len("".join(source.text.split())),
        "mean_confidence": round(sum(confidences) / len(confidences), 4) if confidences else None,
        "rss_before_ocr_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "ocr_memory_mb": round(peak_rss_mb() - rss_before, 1),
        "threads": int(os.environ.get("RAG_OCR_THREADS", "1")),
    }


def ocr_report_lines(o: dict) -> list[str]:
    return _table([
        ("OCR of a scanned PDF", "value"),
        (f"  seconds per page ({o['pages']} pages, 200 dpi, {o['threads']} thread)", _fmt(o["seconds_per_page"], 2)),
        ("  engine load (s)", _fmt(o["engine_load_s"], 2)),
        ("  memory OCR adds (MB, peak RSS − RSS before)", _fmt(o["ocr_memory_mb"], 0)),
        ("  peak RSS (MB)", _fmt(o["peak_rss_mb"], 0)),
        ("  mean recognition confidence", _fmt(o["mean_confidence"], 3)),
    ])


JOBS = {"ours-build": job_ours_build, "ours-serve": job_ours_serve, "baseline": job_baseline, "scale": job_scale,
        "ocr": job_ocr}


def job_stores(args) -> dict:
    """One synthetic corpus size on each store (RAG_STORE=faiss and Milvus Lite), in one process
    over one vector cache (so both hold the same vectors): build, one added document, answer
    latency with the store's two searches timed alone, and whether the answers are the same."""
    quiet()
    import numpy as np

    import rag

    work = Path(args.work)
    seed = rag.Assistant(corpus_dir=REPO / "corpus", index_dir=work / "unused")
    per_file = {name: sum(1 for c in seed._snapshot.chunks if c.doc_id in ids) for name, ids in seed._snapshot.files.items()}
    pool = np.vstack([np.load(p) for p in sorted((Path(args.index) / "vectors").glob("*.npy"))])
    corpus = work / "corpus"
    out: dict = {"target_chunks": args.size, **make_synthetic_corpus(corpus, args.size, per_file, seed=args.size)}
    questions = [it.question for it in eval_questions() if not it.history][: args.queries]
    added = sorted(corpus.glob("*.txt"))[0]
    answers = {}
    for name, store in (("faiss", "faiss"), ("milvus-lite", f"milvus:{work / 'milvus.db'}")):
        added_copy = corpus / f"zz-added-{added.name}"
        added_copy.unlink(missing_ok=True)
        assistant = rag.Assistant(config=rag.Config().with_(corpus_dir=corpus, index_dir=work / "index", store=store))
        fake = PerturbedVectors(seed.embedder, pool)
        assistant._embedder = fake
        t = time.perf_counter()
        assistant.build_index()
        build_s = time.perf_counter() - t - fake.seconds
        out["chunks"] = len(assistant._snapshot.chunks)
        added_copy.write_text(perturb(added.read_text("utf-8"), random.Random(1)), "utf-8")
        before = fake.seconds
        t = time.perf_counter()
        assistant.reload()  # one document more: FAISS rebuilds its index, Milvus upserts every row's weights
        update_s = time.perf_counter() - t - (fake.seconds - before)
        _, retriever, _ = assistant._search
        timed = {"dense": [], "lexical": []}
        current = {}
        for stage, obj, method in (("dense", retriever.vectors, "search"), ("lexical", retriever.lexical, "top")):
            def wrap(real, stage=stage):
                def call(*a, **kw):
                    t0 = time.perf_counter()
                    try:
                        return real(*a, **kw)
                    finally:
                        current[stage] = current.get(stage, 0.0) + time.perf_counter() - t0
                return call
            setattr(obj, method, wrap(getattr(obj, method)))
        assistant.answer(questions[0])  # warm-up
        totals, answers[name] = [], []
        for q in questions:
            current.clear()
            t = time.perf_counter()
            a = assistant.answer(q)
            totals.append(time.perf_counter() - t)
            for stage in timed:
                timed[stage].append(current.get(stage, 0.0))
            answers[name].append((a.text, [c.to_dict() for c in a.citations]))
        out[name] = {"build_excl_embedding_s": round(build_s, 2), "update_one_document_s": round(update_s, 2),
                     "answer_ms": summary_ms(totals), "dense_search_ms": summary_ms(timed["dense"]),
                     "bm25_candidates_ms": summary_ms(timed["lexical"])}
        if hasattr(assistant, "_milvus") and assistant._milvus is not None:
            assistant._milvus.close()
        added_copy.unlink()
    out["queries"] = len(questions)
    out["same_answers"] = sum(a == b for a, b in zip(answers["faiss"], answers["milvus-lite"]))
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out


JOBS["stores"] = job_stores


def store_comparison(tmp: Path, seed_index: Path, sizes: list[int], queries: int, log) -> list[dict]:
    """The store column: each size in a fresh process (`job_stores`)."""
    rows = []
    for size in sizes:
        log(f"stores: FAISS and Milvus Lite at ~{size} chunks")
        work = tmp / f"stores_{size}"
        rows.append(run_job("stores", tmp, ["--index", str(seed_index), "--work", str(work),
                                            "--queries", str(queries), "--size", str(size)], log))
        shutil.rmtree(work, ignore_errors=True)
    return rows


def format_stores(rows: list[dict]) -> str:
    table = [("store (RAG_STORE)", "chunks", "build s", "+1 doc s", "answer p50", "p95", "dense p50", "p95",
              "bm25 p50", "p95", "same answers")]
    for r in rows:
        for name in ("faiss", "milvus-lite"):
            s = r[name]
            table.append((name, _fmt(r["chunks"]), _fmt(s["build_excl_embedding_s"], 2), _fmt(s["update_one_document_s"], 2),
                          _fmt(s["answer_ms"]["p50"]), _fmt(s["answer_ms"]["p95"]),
                          _fmt(s["dense_search_ms"]["p50"]), _fmt(s["dense_search_ms"]["p95"]),
                          _fmt(s["bm25_candidates_ms"]["p50"]), _fmt(s["bm25_candidates_ms"]["p95"]),
                          f"{r['same_answers']}/{r['queries']}" if name != "faiss" else ""))
    return "\n".join(["stores (ms unless marked; build and update without embedding, same vectors in both)"]
                     + _table(table))


# --------------------------------------------------------------------------- driver


def run_job(name: str, out_dir: Path, extra: list[str], log) -> dict:
    out = out_dir / f"{name}-{len(list(out_dir.glob('*.json')))}.json"
    err = out.with_suffix(".log")
    load_before = os.getloadavg()[0]
    cmd = [sys.executable, "-m", "evals.bench", "--job", name, "--out", str(out), "--t0", repr(time.time())] + extra
    t = time.perf_counter()
    with open(err, "w") as stderr:
        proc = subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=stderr)
    seconds = time.perf_counter() - t
    if proc.returncode != 0 or not out.exists():
        tail = err.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"bench job {name} failed (exit {proc.returncode}):\n{tail}")
    result = json.loads(out.read_text())
    result["job_wall_s"] = round(seconds, 1)
    result["loadavg_1min"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]  # before, after
    log(f"  {name} {' '.join(extra[-2:]) if name == 'scale' else ''} done in {seconds:.0f} s")
    return result


def _fmt(v, digits=1) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}" if isinstance(v, int) else str(v)


def _check(value, limit) -> str:
    if value is None:
        return ""
    return "ok" if value <= limit else "MISSED"


def format_report(r: dict) -> str:
    ours, srv, base = r["ours"]["build"], r["ours"]["serve"], r["baseline"]
    lines = []
    load = r["machine"]
    lines.append(f"machine: {load['cores']} cores, Python {load['python']}, load average "
                 f"{load['loadavg_start']} at start, {load['loadavg_end']} at end"
                 + ("  (other processes were busy: figures are pessimistic)" if load["busy"] else ""))
    lines.append("")
    rows = [("seed corpus", "ours", "baseline", "ours/base", "target", "")]

    def row(label, a, b, target=None, limit=None, digits=1):
        ratio = (a / b) if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None
        rows.append((label, _fmt(a, digits), _fmt(b, digits), _fmt(ratio, 2) if ratio else "-",
                     target or "", _check(a, limit) if limit is not None else ""))

    rows.append((f"  chunks", _fmt(ours["chunks"]), _fmt(base["chunks"]), "", "", ""))
    row("index build, cold (s)", ours["build_cold_s"], base["build_cold_s"])
    row("  of which embedding (s)", ours["breakdown_s"]["embedding"], base["breakdown_s"]["embedding"])
    row("  embedding throughput (chunks/s)", ours["embed_chunks_per_s"], base["embed_chunks_per_s"])
    row("cold start → first answer (s)", srv["cold_start_s"], base["cold_start_s"], "≤ 2.5 s", TARGETS["cold_start_s"], 2)
    cb = srv["cold_breakdown_s"]
    row("  python start + imports (s)", srv["python_start_s"] + cb["imports"], None, digits=2)
    row("  model load (s)", cb["model_load"], base["breakdown_s"]["model_load"], digits=2)
    row("  index load + BM25 build (s)", cb["index_load_and_bm25"], None, digits=2)
    row("  first answer (s)", cb["first_answer"], None, digits=2)
    warm = base["ours_interleaved"]
    row("warm answer p50 (ms)", warm["warm"]["p50"], base["warm"]["p50"], "≤ 100 ms", TARGETS["warm_p50_ms"])
    row("warm answer p95 (ms)", warm["warm"]["p95"], base["warm"]["p95"], "≤ 250 ms", TARGETS["warm_p95_ms"])
    row("  CPU time per answer p50 (ms)", warm["warm_cpu"]["p50"], base["warm_cpu"]["p50"])
    st = warm["warm_stages"]
    row("  p50 query embedding (ms)", st["encode_query"]["p50"], None, "≤ 12 ms", TARGETS["query_embedding_p50_ms"])
    row("  p50 BM25 scoring (ms)", st["bm25_scores"]["p50"], None)
    row("  p50 FAISS search (ms)", st["dense_search"]["p50"], None, digits=2)
    row("  p50 fusion, rerank, reader (ms)", st["rest"]["p50"], None)
    row("  p95 fusion, rerank, reader (ms)", st["rest"]["p95"], None)
    row("peak RSS, serving (MB)", srv["peak_rss_mb"], base["peak_rss_mb"], "≤ 600 MB", TARGETS["serving_rss_mb"], digits=0)
    row("  RSS after first answer (MB)", srv["rss_after_first_answer_mb"], None, digits=0)
    row("peak RSS, building (MB)", ours["peak_rss_mb"], base["peak_rss_mb"], digits=0)
    row("index on disk (MB)", ours["index_mb"], None, digits=2)
    lines.insert(1, f"ours = embedding runtime {r['ours']['runtime']} (the library's default)")
    lines += _table(rows)
    lines.append(f"(warm latency over {warm['warm']['n']} eval questions, ours and baseline interleaved in one process; "
                 "the baseline keeps no index on disk, so its build and cold start both embed the corpus; "
                 "1-min load average during the jobs: " + ", ".join(
                     f"{k} {r['ours'][k]['loadavg_1min'][1] if k in r['ours'] else ''}" for k in ("build", "serve"))
                 + f", baseline+warm {base['loadavg_1min'][1]})")

    runtimes = r.get("runtimes") or {}
    if len(runtimes) > 1:
        lines.append("")
        names = list(runtimes)
        rrows = [tuple(["embedding runtime (seed corpus)"] + names + ["target"])]

        def rrow(label, get, target="", digits=1):
            values = []
            for name in names:
                try:
                    values.append(_fmt(get(runtimes[name]), digits))
                except (KeyError, TypeError):
                    values.append("-")
            rrows.append(tuple([label] + values + [target]))

        rrow("cold start → first answer (s)", lambda x: x["serve"]["cold_start_s"], "≤ 2.5 s", 2)
        rrow("  imports (s)", lambda x: x["serve"]["python_start_s"] + x["serve"]["cold_breakdown_s"]["imports"], digits=2)
        rrow("  model load (s)", lambda x: x["serve"]["cold_breakdown_s"]["model_load"], digits=2)
        rrow("query embedding p50 (ms)", lambda x: x["serve"]["warm_stages"]["encode_query"]["p50"], "≤ 12 ms")
        rrow("query embedding p95 (ms)", lambda x: x["serve"]["warm_stages"]["encode_query"]["p95"])
        rrow("warm answer p50 (ms)", lambda x: x["serve"]["warm"]["p50"])
        rrow("peak RSS, serving (MB)", lambda x: x["serve"]["peak_rss_mb"], "≤ 600 MB", 0)
        rrow("index build: embedding (chunks/s)", lambda x: x["build"]["embed_chunks_per_s"], "≥ 2× previous")
        rrow("index build, cold (s)", lambda x: x["build"]["build_cold_s"])
        rrow("peak RSS, building (MB)", lambda x: x["build"]["peak_rss_mb"], digits=0)
        rrow("torch imported when serving", lambda x: "yes" if "torch" in x["serve"]["heavy_modules_loaded"] else "no")
        lines += _table(rrows)
        if "build_speedup_vs_sentence_transformers" in r:
            lines.append(f"(embedding throughput of {r['ours']['runtime']} / sentence-transformers: "
                         f"{r['build_speedup_vs_sentence_transformers']:.2f}×; each figure from its own fresh process)")

    scale = r.get("scale") or []
    if scale:
        lines.append("")
        head = ["scale (synthetic)"] + [f"~{s['target_chunks'] // 1000}k" for s in scale] + ["target"]
        srows = [tuple(head)]

        def srow(label, values, target="", digits=1):
            srows.append(tuple([label] + [_fmt(v, digits) for v in values] + [target]))

        srow("chunks", [s["chunks"] for s in scale])
        srow("documents", [s["documents"] for s in scale])
        srow("build excl. embedding (s)", [s["build_excl_embedding_s"] for s in scale])
        srow("  corpus processing (s)", [s["build_s"]["corpus_processing"] for s in scale])
        srow("  BM25 index (s)", [s["build_s"]["bm25"] for s in scale])
        srow("  FAISS index (s)", [s["build_s"]["faiss"] for s in scale])
        srow("  vector files, hashes (s)", [s["build_s"]["files_and_hashes"] for s in scale])
        srow("build throughput excl. embedding (chunks/s)", [s["build_chunks_per_s_excl_embedding"] for s in scale])
        rate = r["real_embed_chunks_per_s"]
        srow(f"est. build with real embedding (s) @ {rate:.1f}/s", [s["estimated_build_with_embedding_s"] for s in scale], digits=0)
        srow("index type", [s["index_type"].replace("Index", "") for s in scale])
        srow("index on disk (MB)", [s["index_mb"] for s in scale])
        srow("answer p50 (ms)", [s["answer_ms"]["p50"] for s in scale])
        srow("answer p95 (ms)", [s["answer_ms"]["p95"] for s in scale], "≤ 300 ms @100k")
        srow("  query embedding p95 (ms)", [s["stages_ms"]["encode_query"]["p95"] for s in scale])
        srow("  FAISS search p95 (ms)", [s["dense_search_ms"]["p95"] for s in scale], digits=2)
        srow("  BM25 scoring p95 (ms)", [s["bm25_scores_ms"]["p95"] for s in scale])
        srow("  fusion, rerank, reader p95 (ms)", [s["stages_ms"]["rest"]["p95"] for s in scale])
        srow("answer CPU time p50 (ms)", [s["answer_cpu_ms"]["p50"] for s in scale])
        srow("flat search k=40 p95 (ms)", [s["flat_search_ms"]["p95"] for s in scale], digits=2)
        srow("HNSW search k=40 p95 (ms)", [s["hnsw"]["search_ms"]["p95"] for s in scale], digits=2)
        srow(f"HNSW recall@10 vs flat (efSearch {scale[0]['hnsw']['efSearch']})",
             [s["hnsw"]["recall_at_10"] for s in scale], digits=3)
        for ef in ("256", "512"):
            srow(f"  efSearch {ef}: recall@10 / p95 ms", [
                f"{s['hnsw']['efSearch_sweep'][ef]['recall_at_10']:.3f} / {s['hnsw']['efSearch_sweep'][ef]['search_ms']['p95']:.1f}"
                for s in scale])
        srow("peak RSS, library (MB)", [s["peak_rss_library_mb"] for s in scale], "≤ 1500 MB @100k", digits=0)
        srow("  RSS while serving (MB)", [s["rss_serving_mb"] for s in scale], "≤ 1200 MB @100k", digits=0)
        srow("  RSS with model only (MB)", [s["rss_model_only_mb"] for s in scale], digits=0)
        lines += _table(srows)
        lines.append(f"(queries per size: {', '.join(str(s['queries']) for s in scale)} eval questions; "
                     "answer = the whole Assistant.answer(); "
                     "vectors of the synthetic chunks are perturbed real e5 vectors, see bench.json notes)")
    verdicts = r.get("verdicts", {})
    if verdicts:
        lines.append("")
        lines.append("targets: " + "; ".join(f"{k} {'ok' if v else 'MISSED'}" for k, v in verdicts.items()))
    lines.append(f"total bench time: {r['total_s']:.0f} s")
    return "\n".join(lines)


def _table(rows) -> list[str]:
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        cells = [str(c).ljust(widths[0]) if i == 0 else str(c).rjust(widths[i]) for i, c in enumerate(r)]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("-" * len(out[0]))
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.split("\n")[0])
    p.add_argument("--json", default=str(DEFAULT_JSON), help="where to write the JSON report")
    p.add_argument("--sizes", default="1000,10000,100000", help="synthetic corpus sizes in chunks ('' = none)")
    p.add_argument("--queries", type=int, default=60, help="eval questions per synthetic size")
    p.add_argument("--queries-100k", type=int, default=30, help="eval questions at sizes of 50k chunks and more")
    p.add_argument("--embed-sample", type=int, default=128, help="synthetic chunks embedded for real (first size)")
    p.add_argument("--runtimes", default=None,
                   help="embedding runtimes to compare on the seed corpus, the default first "
                        "(default: onnx-fp32,onnx-int8,openvino-bf16 where the CPU has bf16,sentence-transformers, "
                        "the library's default first)")
    p.add_argument("--store-sizes", default="1000,10000", help="sizes for FAISS beside Milvus Lite ('' = none)")
    # internal: one job in a fresh process
    p.add_argument("--job", choices=sorted(JOBS), help=argparse.SUPPRESS)
    p.add_argument("--out", help=argparse.SUPPRESS)
    p.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    p.add_argument("--index", help=argparse.SUPPRESS)
    p.add_argument("--work", help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--runtime", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.job:
        args.runtime = args.runtime or default_runtime()
        result = JOBS[args.job](args)
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1))
        return 0

    log = lambda msg: print(msg, file=sys.stderr, flush=True)
    t_start = time.perf_counter()
    load_start = os.getloadavg()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    ours_runtime = default_runtime()
    runtimes = [r.strip() for r in (args.runtimes or "").split(",") if r.strip()] or [
        ours_runtime, *[r for r in available_runtimes() if r != ours_runtime]]
    if ours_runtime not in runtimes:
        runtimes.insert(0, ours_runtime)
    tmp = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    try:
        by_runtime = {}
        for runtime in runtimes:  # each its own index: the runtime is part of the vectors' cache key
            index = tmp / f"seed_index_{runtime}"
            log(f"seed corpus, {runtime}: cold build")
            rbuild = run_job("ours-build", tmp, ["--index", str(index), "--runtime", runtime], log)
            log(f"seed corpus, {runtime}: cold start and warm answers")
            rserve = run_job("ours-serve", tmp, ["--index", str(index), "--queries", "60", "--runtime", runtime], log)
            by_runtime[runtime] = {"build": rbuild, "serve": rserve}
        build, serve = by_runtime[ours_runtime]["build"], by_runtime[ours_runtime]["serve"]
        seed_index = tmp / f"seed_index_{ours_runtime}"
        log("seed corpus: naive baseline, then warm answers of both, interleaved")
        base = run_job("baseline", tmp, ["--index", str(seed_index)], log)
        scale = []
        for n, size in enumerate(sizes):
            log(f"scale: ~{size} chunks")
            work = tmp / f"scale_{size}"
            queries = args.queries if size < 50_000 else args.queries_100k
            extra = ["--index", str(seed_index), "--work", str(work), "--queries", str(queries),
                     "--embed-sample", str(args.embed_sample if n == 0 else 0), "--size", str(size)]
            scale.append(run_job("scale", tmp, extra, log))
            shutil.rmtree(work, ignore_errors=True)
        store_sizes = [int(x) for x in args.store_sizes.split(",") if x.strip()]
        stores = store_comparison(tmp, seed_index, store_sizes, min(args.queries, 30), log)
        log("OCR: a scanned PDF")
        ocr_result = run_job("ocr", tmp, [], log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    # one real embedding rate for the estimates: the synthetic sample if measured, else the seed build
    rates = [s["real_embed_chunks_per_s"] for s in scale if s.get("real_embed_chunks_per_s")]
    real_rate = rates[0] if rates else build["embed_chunks_per_s"]
    for s in scale:
        s["estimated_build_with_embedding_s"] = round(s["build_excl_embedding_s"] + s["chunks"] / real_rate, 1)
    load_end = os.getloadavg()
    cores = os.cpu_count() or 1
    report = {
        "machine": {"cores": cores, "python": platform.python_version(),
                    "loadavg_start": [round(x, 2) for x in load_start], "loadavg_end": [round(x, 2) for x in load_end],
                    "busy": max(load_start[0], load_end[0]) > cores * 0.75 + 0.5},
        "targets": TARGETS,
        "ours": {"runtime": ours_runtime, "build": build, "serve": serve},
        "runtimes": by_runtime,
        "baseline": base,
        "ratio_ours_to_baseline": {
            "build_cold": round(build["build_cold_s"] / base["build_cold_s"], 2),
            "cold_start": round(serve["cold_start_s"] / base["cold_start_s"], 2),
            "warm_p50": round(base["ours_interleaved"]["warm"]["p50"] / base["warm"]["p50"], 2),
            "warm_p95": round(base["ours_interleaved"]["warm"]["p95"] / base["warm"]["p95"], 2),
            "peak_rss_serving": round(serve["peak_rss_mb"] / base["peak_rss_mb"], 2),
        },
        "real_embed_chunks_per_s": real_rate,
        "scale": scale,
        "notes": [
            "Each figure comes from a fresh process; cold figures include interpreter start, imports and model load.",
            "The baseline keeps no index on disk: its cold start re-embeds the corpus.",
            f"Synthetic corpora: perturbed copies of the seed documents (sentence order, years, figures, places). "
            f"Their vectors are a real e5 vector of a seed chunk + 0–0.6 × another one + N(0, {NOISE_SIGMA}) noise "
            "per dimension, re-normalised, chosen by a hash of the chunk text: latency, size, memory and HNSW recall "
            "are measured on them, answer quality is not (HNSW recall on real vectors may differ).",
            "Warm latency of ours and the baseline is measured interleaved, question by question, in one process "
            "(same model object, same machine load); cold start and peak RSS come from separate processes.",
            "Real embedding throughput is measured on the seed build and on a sample of synthetic chunks; "
            "'estimated build with real embedding' = measured build without embedding + chunks / that rate.",
            "answer_ms is the whole Assistant.answer(); its stages (query embedding, FAISS search, BM25 scoring, "
            "the rest = fusion, rerank and reader) are timed by wrapping those methods on the live objects.",
            "CPU time per answer (process_time, all threads) is given beside wall time: it is less sensitive to "
            "other processes on the machine.",
        ],
    }
    warm = base["ours_interleaved"]["warm"]
    verdicts = {
        "warm p50 ≤ 100 ms": warm["p50"] <= TARGETS["warm_p50_ms"],
        "warm p95 ≤ 250 ms": warm["p95"] <= TARGETS["warm_p95_ms"],
        "cold start ≤ 2.5 s": serve["cold_start_s"] <= TARGETS["cold_start_s"],
        "query embedding p50 ≤ 12 ms": serve["warm_stages"]["encode_query"]["p50"] <= TARGETS["query_embedding_p50_ms"],
        "serving RSS ≤ 600 MB": serve["peak_rss_mb"] <= TARGETS["serving_rss_mb"],
    }
    previous = by_runtime.get("sentence-transformers")
    if previous and previous["build"]["embed_chunks_per_s"] and build["embed_chunks_per_s"]:
        speedup = build["embed_chunks_per_s"] / previous["build"]["embed_chunks_per_s"]
        report["build_speedup_vs_sentence_transformers"] = round(speedup, 2)
        verdicts["index build ≥ 2× chunks/s"] = speedup >= TARGETS["build_speedup"]
    big = [s for s in scale if s["target_chunks"] >= 100_000]
    if big:
        verdicts["100k p95 ≤ 300 ms"] = big[0]["answer_ms"]["p95"] <= TARGETS["scale_p95_ms"]
        verdicts["100k serving RSS ≤ 1.2 GB"] = big[0]["rss_serving_mb"] <= TARGETS["scale_rss_mb"]
        verdicts["100k build peak ≤ 1.5 GB"] = big[0]["peak_rss_library_mb"] <= TARGETS["scale_build_peak_mb"]
    report["verdicts"] = verdicts
    report["total_s"] = round(time.perf_counter() - t_start, 1)
    report["stores"] = stores
    report["ocr"] = ocr_result
    table = format_report(report) + ("\n\n" + format_stores(stores) if stores else "") + "\n\n" + "\n".join(ocr_report_lines(ocr_result))
    report["table"] = table
    print(table)
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
