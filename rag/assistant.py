"""The Assistant: one object that holds a corpus, its index and the model,
and answers questions over them. Safe to call from several threads: a
question reads one immutable snapshot of the corpus; adding or removing a
document builds a new snapshot and swaps it in."""
from __future__ import annotations

import hashlib
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .answer import MIN_COVERAGE, GuardError, citation, compose, guard, missing_description, refusal
from .chunks import make_chunks
from .clauses import parse_clauses
from .clean import clean_text
from .config import Config
from .documents import make_documents
from .embed import Embedder, load_embedder
from .index import VectorIndex
from .lexical import LexicalIndex
from .load import LoadError, SourceFile, load_file, load_folder
from .query import Question, analyse, detect_language, resolve_follow_up
from .read import Reader, Reading
from .retrieve import Retriever
from .targets import extract_targets
from .types import Answer, Chunk, Citation, Clause, Document, Target

log = logging.getLogger(__name__)


def _text_key(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", "", text).encode()).hexdigest()


def _unit_kind(unit: str) -> str:
    """money | percent | count | other — to tell 多少亿元 from a share in %."""
    if re.search(r"元", unit):
        return "money"
    if re.search(r"%|％|百分点|比重|占比|率", unit):
        return "percent"
    if re.search(r"[个家项台套件人名户座条所款种批次辆张组部县]", unit):
        return "count"
    return "other"


def safe_filename(filename: str) -> str:
    """Keep only the base name, with no control or path characters."""
    name = Path(str(filename).replace("\\", "/")).name
    # control and format characters (DEL, zero-width, bidi overrides) could spoof a name
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = re.sub(r"[<>:\"/\\|?*]", "_", name).strip(" .")
    if not name or name.startswith("."):
        name = f"upload{Path(name).suffix or ''}"
    suffix = Path(name).suffix[:10]
    stem = name[: len(name) - len(suffix)] if suffix else name
    while len((stem + suffix).encode()) > 200:  # file systems allow 255 bytes; keep room for _2
        stem = stem[:-1]
    return stem + suffix


class QuestionError(ValueError):
    """The question cannot be processed (empty, too long)."""


@dataclass(frozen=True)
class _Snapshot:
    documents: dict[str, Document]
    texts: dict[str, str]
    clauses: dict[str, list[Clause]]
    clause_by_id: dict[str, Clause]
    chunks: list[Chunk]
    targets: list[Target]
    targets_by_clause: dict[str, list[Target]]
    files: dict[str, list[str]]  # source file → its doc_ids
    load_errors: list[str]


def _embedding_text(chunk: Chunk) -> str:
    return f"{chunk.context}\n{chunk.text}"


def _date_report_figures(targets: list[Target], clauses: list[Clause]) -> list[Target]:
    """A work report states this year's figures without a year ("今年以来…1—10月"): they
    belong to the year of its first dated heading (2020年工作成效)."""
    import dataclasses

    dated = next(((c, int(m.group(1))) for c in clauses if c.kind == "heading"
                  for m in [re.search(r"((?:19|20)\d{2})\s*年", c.text)] if m), None)
    if dated is None:
        return targets
    heading, year = dated
    by_id = {c.clause_id: c for c in clauses}
    # only the opening (before that heading) and the section under it; a later section
    # whose heading the source lost is left undated
    in_scope = lambda c: c.start < heading.start or heading.text.strip() in c.path
    return [dataclasses.replace(t, deadline=year) if t.deadline is None and not t.is_target and in_scope(by_id[t.clause_id])
            else t for t in targets]


def _process(source: SourceFile, config: Config):
    cleaned = clean_text(source.text)
    out = []
    for part in make_documents(cleaned, source.name):
        doc = part.document
        clauses = parse_clauses(part.text, doc.doc_id)
        chunks = make_chunks(doc, clauses, config.chunk_size, config.chunk_overlap)
        targets = [t for c in clauses for t in extract_targets(c, part.text)]
        if doc.kind == "report":
            targets = _date_report_figures(targets, clauses)
        out.append((doc, part.text, clauses, chunks, targets))
    return out


class Assistant:
    def __init__(self, corpus_dir: str | Path | None = None, index_dir: str | Path | None = None,
                 config: Config | None = None):
        config = config or Config()
        if corpus_dir is not None:
            config = config.with_(corpus_dir=Path(corpus_dir))
        if index_dir is not None:
            config = config.with_(index_dir=Path(index_dir))
        self.config = config
        self._lock = threading.RLock()
        self._embedder: Embedder | None = None
        self._generator = None
        self._search = None  # (snapshot, retriever, reader), built lazily
        self._snapshot = self._load_corpus()
        self.index_messages: list[str] = []

    # ---- corpus ---------------------------------------------------------
    def _load_corpus(self) -> _Snapshot:
        sources, errors = load_folder(self.config.corpus_dir)
        return self._snapshot_from(sources, errors)

    def _snapshot_from(self, sources: list[SourceFile], errors: list[str]) -> _Snapshot:
        documents, texts, clauses, chunks, targets, files = {}, {}, {}, [], [], {}
        for source in sources:
            try:
                parts = _process(source, self.config)
            except Exception as exc:  # a parser bug on one file must not take the corpus down
                log.exception("cannot process %s", source.name)
                errors.append(f"{source.name}: cannot be processed ({type(exc).__name__}: {exc})")
                continue
            files[source.name] = []
            for doc, text, doc_clauses, doc_chunks, doc_targets in parts:
                documents[doc.doc_id] = doc
                texts[doc.doc_id] = text
                clauses[doc.doc_id] = doc_clauses
                chunks.extend(doc_chunks)
                targets.extend(doc_targets)
                files[source.name].append(doc.doc_id)
        by_clause: dict[str, list[Target]] = {}
        for t in targets:
            by_clause.setdefault(t.clause_id, []).append(t)
        return _Snapshot(documents, texts, clauses, {c.clause_id: c for cs in clauses.values() for c in cs},
                         chunks, targets, by_clause, files, errors)

    @property
    def load_errors(self) -> list[str]:
        return list(self._snapshot.load_errors)

    def documents(self) -> list[Document]:
        return list(self._snapshot.documents.values())

    def _doc(self, doc_id: str) -> str:
        if doc_id not in self._snapshot.texts:
            raise KeyError(f"no document with id {doc_id!r}; known: {', '.join(self._snapshot.texts)}")
        return doc_id

    def document_text(self, doc_id: str) -> str:
        return self._snapshot.texts[self._doc(doc_id)]

    def clauses(self, doc_id: str) -> list[Clause]:
        return list(self._snapshot.clauses[self._doc(doc_id)])

    def clause(self, clause_id: str) -> Clause:
        return self._snapshot.clause_by_id[clause_id]

    def targets(self) -> list[Target]:
        return list(self._snapshot.targets)

    # ---- model and index --------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder(self.config)
            return self._embedder

    def build_index(self, rebuild: bool = False):
        """Bring the index up to date with the corpus (re-embedding only what changed)."""
        with self._lock:
            snap = self._snapshot
            embedder = self.embedder
            vindex = VectorIndex(self.config.index_dir)
            if rebuild and vindex.index_dir.exists():
                for p in list(vindex.vectors_dir.glob("*.npy")) + [vindex.manifest_path, vindex.faiss_path]:
                    p.unlink(missing_ok=True)
            per_file = []
            for name, doc_ids in snap.files.items():
                texts = [_embedding_text(c) for c in snap.chunks if c.doc_id in doc_ids]
                digest = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()
                per_file.append((name, digest, texts))
            signature = {"model": embedder.identity, "chunk_size": self.config.chunk_size,
                         "chunk_overlap": self.config.chunk_overlap}
            # chunks are ordered file by file in the snapshot, matching per_file order
            vindex.sync(per_file, embedder.encode_passages, signature, embedder.dim)
            for message in vindex.messages:
                log.warning(message)
            self.index_messages = list(vindex.messages)
            lexical = LexicalIndex([_embedding_text(c) for c in snap.chunks])
            retriever = Retriever(snap.chunks, snap.documents, vindex, lexical, embedder, snap.targets_by_clause,
                                  self.config.dense_k, self.config.lexical_k, self.config.rrf_k)
            reader = Reader(snap.documents, snap.texts, snap.clause_by_id, snap.targets_by_clause, lexical.idf)
            self._search = (snap, retriever, reader)
            return vindex

    def _ensure_search(self):
        search = self._search
        if search is None or search[0] is not self._snapshot:
            with self._lock:  # several first questions at once build the index once
                search = self._search
                if search is None or search[0] is not self._snapshot:
                    self.build_index()
                    search = self._search
        return search

    # ---- documents added or removed at run time ---------------------------
    def reload(self) -> None:
        """Re-read the corpus folder (after files were added or removed) and update the index."""
        with self._lock:
            self._snapshot = self._load_corpus()
            if self._search is not None:
                self.build_index()

    def add_document(self, filename: str, data: bytes) -> list[Document]:
        """Save an uploaded file into the corpus folder and index it.

        The name is sanitised (no folders, no path traversal), the type and size are
        checked, and a file whose content is already in the corpus is refused.
        The file is parsed before it is saved, so a broken file changes nothing."""
        from .load import RESERVED_NAME, SUPPORTED_SUFFIXES

        name = safe_filename(filename)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise LoadError(f"{name}: unsupported file type; use {', '.join(SUPPORTED_SUFFIXES)}")
        if name.lower() == RESERVED_NAME:
            raise LoadError(f"{name}: this name is kept for the corpus folder's own notes; rename the file")
        if not data:
            raise LoadError(f"{name}: the file is empty")
        if len(data) > self.config.max_upload_bytes:
            raise LoadError(f"{name}: {len(data) / 1e6:.1f} MB is over the {self.config.max_upload_bytes / 1e6:.0f} MB limit")
        with self._lock:
            corpus = Path(self.config.corpus_dir)
            digest = hashlib.sha256(data).hexdigest()
            for existing in corpus.rglob("*"):
                if existing.is_file() and existing.stat().st_size == len(data) and hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
                    raise LoadError(f"{name}: the same content is already in the corpus as {existing.name}")
            target = corpus / name
            stem, n = target.stem, 2
            while target.exists():  # never overwrite another document
                target = corpus / f"{stem}_{n}{suffix}"
                n += 1
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:  # parse first: a broken file is refused before it lands
                probe = Path(tmp) / target.name
                probe.write_bytes(data)
                source = load_file(probe, Path(tmp))
                parts = _process(source, self.config)
                if not parts or not any(chunks for _, _, _, chunks, _ in parts):
                    raise LoadError(f"{name}: no text could be indexed")
            # the same text in another encoding, with a BOM or CRLF line ends, is a duplicate too
            content = _text_key("".join(text for _, text, _, _, _ in parts))
            for existing, doc_ids in self._snapshot.files.items():
                if _text_key("".join(self._snapshot.texts[d] for d in doc_ids)) == content:
                    raise LoadError(f"{name}: the same text is already in the corpus as {existing}")
            tmp_target = target.with_name(f".{target.name}.uploading")
            tmp_target.write_bytes(data)
            tmp_target.replace(target)
            self.reload()
            return [self._snapshot.documents[d] for d in self._snapshot.files.get(target.name, [])]

    def remove_document(self, doc_id_or_file: str) -> str:
        """Delete a document's source file from the corpus and update the index."""
        with self._lock:
            snap = self._snapshot
            name = doc_id_or_file if doc_id_or_file in snap.files else next(
                (f for f, ids in snap.files.items() if doc_id_or_file in ids), None)
            if name is None:
                raise KeyError(f"no document {doc_id_or_file!r}")
            path = (Path(self.config.corpus_dir) / name).resolve()
            if Path(self.config.corpus_dir).resolve() not in path.parents:
                raise KeyError(f"{name} is not inside the corpus folder")
            path.unlink()
            self.reload()
            return name

    def source_file(self, doc_id: str) -> str:
        return self._snapshot.documents[self._doc(doc_id)].path

    # ---- answering ---------------------------------------------------------
    def _clean_question(self, question) -> str:
        if not isinstance(question, str):
            raise QuestionError(f"question must be text, not {type(question).__name__}")
        text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in question)
        text = re.sub(r"\s+", " ", text).strip()
        if not text:
            raise QuestionError("问题为空，请输入一个问题。(The question is empty.)")
        if len(text) > self.config.max_question_chars:
            raise QuestionError(
                f"问题过长（{len(text)} 字），请精简到 {self.config.max_question_chars} 字以内。"
                f"(The question is too long: {len(text)} characters; the limit is {self.config.max_question_chars}.)"
            )
        return text

    def answer(self, question: str, *, history=None, top_k: int = 5) -> Answer:
        t0 = time.perf_counter()
        text = self._clean_question(question)
        snap, retriever, reader = self._ensure_search()
        t1 = time.perf_counter()
        resolved, base = resolve_follow_up(text, history)
        if len(resolved) > self.config.max_question_chars:
            resolved, base = text, None  # a follow-up never grows past the question limit
        q = analyse(resolved)
        q.resolved_from = base
        if base:
            q.language = detect_language(text)  # reply in the language of what was just asked
        hits = retriever.retrieve(q, top_k=max(top_k, 30))
        t2 = time.perf_counter()
        reading = reader.read(q, hits)
        answer = self._decide(q, reading, snap)
        t3 = time.perf_counter()
        if not answer.refused and self.config.generator is not None:
            answer = self._generate(q, answer)
        if not answer.refused and len(answer.citations) < top_k:
            figures_only = q.kind in ("number", "deadline")
            answer.citations += self._context_citations(hits, answer.citations, top_k, snap, figures_only)
        try:
            guard(answer, text)
        except GuardError as exc:  # never show a number the sources do not state
            log.error("guard rejected an extractive answer to %r: %s", text, exc)
            answer = refusal(q, missing_description(q, "text"), [])
            answer.notes.append(str(exc))
        if base:
            answer.notes.append(f"follow-up resolved as: {resolved}")
        unique: dict[tuple[str, int, int], Citation] = {}
        for c in answer.citations:
            unique.setdefault((c.doc_id, c.start, c.end), c)
        answer.citations = list(unique.values())[: max(top_k, 1)]
        answer.timings = {
            "prepare_ms": round((t1 - t0) * 1000, 2),
            "retrieve_ms": round((t2 - t1) * 1000, 2),
            "read_ms": round((t3 - t2) * 1000, 2),
            "total_ms": round((time.perf_counter() - t0) * 1000, 2),
        }
        return answer

    def _related(self, q: Question, reading: Reading, snap: _Snapshot, include_reading: bool) -> list[tuple[Citation, str]]:
        out = []
        targets = ([reading.target] if include_reading and reading.target else []) + list(reading.related)
        seen = set()
        for t in targets:
            if t is None or (t.clause_id, t.value_start) in seen:
                continue
            seen.add((t.clause_id, t.value_start))
            clause = snap.clause_by_id[t.clause_id]
            doc = snap.documents[t.doc_id]
            c = citation(doc, clause, snap.texts[t.doc_id], t.start, t.end, 0.0)
            quote = c.quote if len(c.quote) <= 90 else c.quote[:90] + "…"
            out.append((c, quote))
            if len(out) >= 2:
                break
        return out

    def _decide(self, q: Question, reading: Reading | None, snap: _Snapshot) -> Answer:
        if reading is None:
            return refusal(q, missing_description(q, "text"), [])
        doc = reading.document
        quote = snap.texts[doc.doc_id][reading.quote_start : reading.quote_end]
        if q.regions and doc.region and doc.region not in q.regions and not any(r in quote for r in q.regions):
            return refusal(q, missing_description(q, "region"), self._related(q, reading, snap, True))
        if q.years and reading.kind in ("value", "deadline"):
            years_here = {reading.deadline} | {int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", quote)}
            t = reading.target
            if t is not None and t.deadline is None:
                # a work report's plan with no year written (力争全年…) is for the report's
                # year or the next one
                ref = self._report_year(snap, doc.doc_id)
                if ref:
                    years_here |= {ref, ref + 1}
            if not years_here & set(q.years):
                return refusal(q, missing_description(q, "year"), self._related(q, reading, snap, True))
        if reading.kind == "value" and reading.target is not None and q.unit and _unit_kind(q.unit) != "count":
            if _unit_kind(q.unit) != _unit_kind(reading.target.unit or reading.target.indicator):
                # 多少亿元 answered by a share in %: a different indicator, not an answer
                return refusal(q, missing_description(q, "unit"), self._related(q, reading, snap, True))
        floor = MIN_COVERAGE if reading.kind in ("value", "deadline") else 0.3
        weak = reading.coverage < floor or not reading.key_covered
        if weak and reading.kind != "metadata" and not (q.kind == "period" and reading.value) and not reading.heading_match:
            return refusal(q, missing_description(q, "text"), self._related(q, reading, snap, True))
        related = [c for c, _ in self._related(q, reading, snap, False)]
        return compose(q, reading, snap.texts[doc.doc_id], related)

    @staticmethod
    def _context_citations(hits, have: list[Citation], top_k: int, snap: _Snapshot, figures_only: bool) -> list[Citation]:
        """Further retrieved clauses, after the ones the answer rests on (for "see also");
        for a question about a figure, only clauses that state figures."""
        out: list[Citation] = []
        seen = {c.clause_id for c in have}
        for h in hits:
            if len(have) + len(out) >= top_k:
                break
            clause = snap.clause_by_id[h.chunk.clause_id]
            if clause.clause_id in seen or clause.kind in ("heading", "table_header"):
                continue
            if figures_only and not snap.targets_by_clause.get(clause.clause_id):
                continue
            seen.add(clause.clause_id)
            doc = snap.documents[h.chunk.doc_id]
            out.append(citation(doc, clause, snap.texts[doc.doc_id], h.chunk.start, h.chunk.end, h.score))
        return out

    @staticmethod
    def _report_year(snap: _Snapshot, doc_id: str) -> int | None:
        """The year a report is about: the latest year its headings name (2020年工作成效)."""
        years = [int(y) for c in snap.clauses[doc_id] if c.kind == "heading"
                 for y in re.findall(r"((?:19|20)\d{2})\s*年", c.text)]
        return max(years) if years else None

    def _generate(self, q: Question, answer: Answer) -> Answer:
        from .generate import generate_with_guard

        with self._lock:
            if self._generator is None:
                from .generate import Generator

                self._generator = Generator(self.config.generator)
        return generate_with_guard(self._generator, q, answer)
