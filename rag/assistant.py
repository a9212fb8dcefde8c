"""The Assistant: one object that holds a corpus, its index and the model,
and answers questions over them. Safe to call from several threads: a
question reads one immutable snapshot of the corpus; adding or removing a
document builds a new snapshot and swaps it in. Removed and replaced files go
to the trash (rag/trash.py), from where they can be restored. Before each
question the index manifest is checked (one stat): when another process
rebuilt the index (`python -m rag index`), the corpus and index are reloaded,
and questions already being answered finish on the snapshot they started with."""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .answer import GuardError, citation, guard, missing_description, refusal
from .compose import Composer
from .chunks import make_chunks
from .clauses import parse_clauses
from .clean import clean_text
from .config import Config
from .documents import make_documents
from .embed import Embedder, load_embedder
from .index import VectorIndex, release_free_memory
from .lexical import LexicalIndex
from .load import LoadError, SourceFile, load_file, load_folder
from .pdf import PageMap
from .query import Question, analyse, detect_language, resolve_follow_up
from .read import Reader
from .retrieve import Retriever
from .shapes import classify
from .store import parse_store
from .targets import extract_targets
from .trash import Trash, TrashEntry
from .types import Answer, Chunk, Citation, Clause, Document, Target

log = logging.getLogger(__name__)


def _text_key(text: str) -> str:
    return hashlib.sha256(re.sub(r"\s+", "", text).encode()).hexdigest()


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
    pages = PageMap.of(source.text, cleaned, source.page_starts, source.ocr_lines) if source.page_starts else None
    out = []
    for part in make_documents(cleaned, source.name):
        doc = part.document
        if pages is not None:  # a PDF: the page of every offset, and how sure its OCR was
            doc = dataclasses.replace(doc, **pages.for_document(part.offset, len(part.text), config.ocr_min_confidence))
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
        self._milvus = self._open_store()
        self._snapshot = self._load_corpus()
        self.index_messages: list[str] = []
        self._manifest_seen = None  # the manifest's (mtime, size, inode) when this process last synced it
        self.trash = Trash(config.trash_folder, config.trash_days)

    def _open_store(self):
        """The Milvus store, connected now so that a wrong address or token stops the start
        (StoreError); None for the default FAISS store."""
        spec = parse_store(self.config.store)
        if spec.kind != "milvus":
            return None
        from .milvus_store import MilvusStore, collection_name

        return MilvusStore(spec, collection_name(self.config.corpus_dir), self.config.milvus_token)

    def check_store(self) -> None:
        """Raise StoreError when the shared index was built for another model or chunking
        (the app calls this before it starts; `python -m rag index --rebuild` fixes it)."""
        if self._milvus is not None:
            from .embed import embedder_identity

            self._milvus.check_built_for(self._signature(embedder_identity(self.config)))

    def _signature(self, model: str) -> dict:
        """What the vectors depend on: part of every cache key and of the Milvus manifest."""
        return {"model": model, "chunk_size": self.config.chunk_size, "chunk_overlap": self.config.chunk_overlap}

    # ---- corpus ---------------------------------------------------------
    def _load_corpus(self) -> _Snapshot:
        sources, errors = load_folder(self.config.corpus_dir, **self._load_options())
        return self._snapshot_from(sources, errors)

    def _load_options(self) -> dict:
        # OCR results live beside the index: re-indexing never reads a scan twice
        return {"max_pdf_pages": self.config.max_pdf_pages, "ocr_cache": Path(self.config.index_dir) / "ocr"}

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

    def _manifest_stamp(self):
        try:
            st = (Path(self.config.index_dir) / "manifest.json").stat()
            return st.st_mtime_ns, st.st_size, st.st_ino
        except OSError:
            return None

    def build_index(self, rebuild: bool = False, progress=None, snapshot: _Snapshot | None = None):
        """Bring the index up to date with the corpus (re-embedding only what changed).

        `progress(stage, done, total)` is told "embed" with chunks done after each file,
        then "index" once the search index is written."""
        with self._lock:
            snap = snapshot or self._snapshot
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
            signature = self._signature(embedder.identity)
            on_file = None
            if progress is not None:
                total, done = sum(len(t) for _, _, t in per_file), [0]

                def on_file(rows: int) -> None:
                    done[0] += rows
                    progress("embed", done[0], total)
            lexical = LexicalIndex([_embedding_text(c) for c in snap.chunks])
            if self._milvus is None:
                # chunks are ordered file by file in the snapshot, matching per_file order
                vindex.sync(per_file, embedder.encode_passages, signature, embedder.dim, on_file=on_file)
                self._manifest_seen = self._manifest_stamp()
                store, candidates = vindex, lexical
            else:  # the local vector cache stays under index/, the search moves to Milvus
                self._milvus.sync(per_file, snap.files, snap.chunks, embedder.encode_passages, signature,
                                  embedder.dim, lexical, vindex, rebuild=rebuild)
                store, candidates = self._milvus, self._milvus.lexical
            for message in store.messages:
                log.warning(message)
            self.index_messages = list(store.messages)
            retriever = Retriever(snap.chunks, snap.documents, store, candidates, embedder, snap.targets_by_clause,
                                  self.config.dense_k, self.config.lexical_k, self.config.rrf_k)
            reader = Reader(snap.documents, snap.texts, snap.clause_by_id, snap.targets_by_clause, lexical.idf)
            self._search = (snap, retriever, reader)
            self._snapshot = snap
            release_free_memory()  # the build's temporaries, before serving
            if progress is not None:
                progress("index", 1, 1)
            return store

    def _ensure_search(self):
        search = self._search
        if search is not None and self._milvus is not None and self._milvus.changed():
            with self._lock:  # another process updated the shared index: serve its corpus too
                log.warning("the Milvus index was updated elsewhere: reloading the corpus")
                self._snapshot = self._load_corpus()
                self.build_index()
                search = self._search
        elif search is not None and search[0] is self._snapshot and self._manifest_stamp() != self._manifest_seen:
            # another process changed the index: questions asked from now on wait for the
            # reload; those already being answered finish on the snapshot they hold
            with self._lock:
                if self._manifest_stamp() != self._manifest_seen:
                    log.info("the index was changed by another process: reloading the corpus and index")
                    self.reload()
            return self._search
        if search is None or search[0] is not self._snapshot:
            with self._lock:  # several first questions at once build the index once
                search = self._search
                if search is None or search[0] is not self._snapshot:
                    self.build_index()
                    search = self._search
        return search

    # ---- documents added or removed at run time ---------------------------
    def reload(self, progress=None, build: bool = False) -> None:
        """Re-read the corpus folder (after files were added or removed) and update the index
        (if it was built, or `build`). Until the new index is ready, questions are answered
        from the previous snapshot."""
        with self._lock:
            snap = self._load_corpus()
            if self._search is not None or build:
                self.build_index(progress=progress, snapshot=snap)
            else:
                self._snapshot = snap

    def add_document(self, filename: str, data: bytes, *, replace: bool = False, user: str = "",
                     progress=None) -> list[Document]:
        """Save an uploaded file into the corpus folder and index it.

        The name is sanitised (no folders, no path traversal), the type and size are
        checked, and a file whose content is already in the corpus is refused.
        The file is parsed before it is saved, so a broken file changes nothing.
        A file of the same name is kept: the upload gets a new name (name_2.txt), or
        with `replace` it takes the name and the old file goes to the trash.
        `progress(stage, done, total)` hears "parse", "ocr" (each scanned PDF page), then "embed" and "index"."""
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
            while target.exists() and not replace:  # never overwrite another document
                target = corpus / f"{stem}_{n}{suffix}"
                n += 1
            if progress is not None:
                progress("parse", 0, 1)
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:  # parse first: a broken file is refused before it lands
                probe = Path(tmp) / target.name
                probe.write_bytes(data)
                ocr_progress = (lambda done, total: progress("ocr", done, total)) if progress is not None else None
                source = load_file(probe, Path(tmp), progress=ocr_progress, **self._load_options())
                parts = _process(source, self.config)
                if not parts or not any(chunks for _, _, _, chunks, _ in parts):
                    raise LoadError(f"{name}: no text could be indexed")
            # the same text in another encoding, with a BOM or CRLF line ends, is a duplicate too
            content = _text_key("".join(text for _, text, _, _, _ in parts))
            for existing, doc_ids in self._snapshot.files.items():
                if _text_key("".join(self._snapshot.texts[d] for d in doc_ids)) == content:
                    raise LoadError(f"{name}: the same text is already in the corpus as {existing}")
            if progress is not None:
                progress("parse", 1, 1)
            tmp_target = target.with_name(f".{target.name}.uploading")
            tmp_target.write_bytes(data)
            if target.exists():  # replace: the old version is kept in the trash
                self.trash.put(target, name=target.name, user=user, reason="replace")
            tmp_target.replace(target)
            self.reload(progress=progress)
            return [self._snapshot.documents[d] for d in self._snapshot.files.get(target.name, [])]

    def remove_document(self, doc_id_or_file: str, *, user: str = "") -> str:
        """Move a document's source file to the trash and update the index; returns the file name."""
        return self.trash_document(doc_id_or_file, user=user).name

    def trash_document(self, doc_id_or_file: str, *, user: str = "") -> TrashEntry:
        """Move a document's source file (by doc_id or file name) to the trash and update the index."""
        with self._lock:
            snap = self._snapshot
            name = doc_id_or_file if doc_id_or_file in snap.files else next(
                (f for f, ids in snap.files.items() if doc_id_or_file in ids), None)
            if name is None:
                raise KeyError(f"no document {doc_id_or_file!r}")
            path = (Path(self.config.corpus_dir) / name).resolve()
            if Path(self.config.corpus_dir).resolve() not in path.parents:
                raise KeyError(f"{name} is not inside the corpus folder")
            entry = self.trash.put(path, name=name, user=user, reason="delete")
            self.reload()
            return entry

    def restore_document(self, entry_id: str, *, user: str = "") -> TrashEntry:
        """Put a file from the trash back into the corpus and update the index. If a file of
        that name is in the corpus now (a newer upload), that one goes to the trash in its place."""
        with self._lock:
            entry = self.trash.get(entry_id)
            corpus = Path(self.config.corpus_dir).resolve()
            target = (corpus / entry.name).resolve()
            if corpus not in target.parents:
                raise KeyError(f"trash entry {entry_id!r} does not belong inside the corpus folder")
            if target.exists():
                self.trash.put(target, name=entry.name, user=user, reason="replace")
            self.trash.take(entry.entry_id, target)
            self.reload()
            return entry

    def source_file(self, doc_id: str) -> str:
        return self._snapshot.documents[self._doc(doc_id)].path

    def page_image(self, doc_id: str, page: int, dpi: int = 100) -> bytes:
        """A page of a PDF document as JPEG bytes (to show the scan a quote was read from)."""
        from .pdf import page_jpeg

        return page_jpeg(Path(self.config.corpus_dir) / self.source_file(doc_id), page, dpi)

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
        if detect_language(resolved) == "en":  # Heyang's bulletin → 河阳's bulletin: the names the documents write
            resolved = reader.romanizer.rewrite(resolved)
        q = analyse(resolved)
        q.resolved_from = base
        if base:
            q.language = detect_language(text)  # reply in the language of what was just asked
        composer = Composer(reader)
        shape = classify(composer.localize(q))

        def search(question) -> list:
            question.named_doc = retriever.named(question, strictly=True)
            found = retriever.retrieve(question, top_k=max(top_k, 30))
            if found and composer.policy.resolve_relative_years(question, found[0].chunk.doc_id):
                found = retriever.retrieve(question, top_k=max(top_k, 30))  # now with the years it means
            return found

        hits = search(q) if shape != "compare" else []
        t2 = time.perf_counter()

        def answer_part(part_text: str) -> Answer:
            part = composer.localize(analyse(part_text))
            part.language = q.language
            # 技术创新和产业结构两类分别设了哪些指标: a part may ask for a list
            part_shape = classify(part)
            return composer.compose(part, part_shape if part_shape in ("list", "goals") else "value", search(part), answer_part)

        try:
            answer = composer.compose(q, shape, hits, answer_part)
        except Exception as exc:  # a bug in reading must cost this answer only, never the session
            log.exception("answering %r failed", text)
            answer = refusal(q, missing_description(q, "text"), [])
            answer.notes.append(f"internal error while reading: {type(exc).__name__}")
        t3 = time.perf_counter()
        if not answer.refused and self.config.generator is not None:
            answer = self._generate(q, answer)
        if not answer.refused and len(answer.citations) < top_k and not answer.parts:
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
        if not answer.refused and answer.citations:
            answer.notes += self._ocr_warnings(answer.citations[0], snap)
        unique: dict[tuple[str, int, int], Citation] = {}
        for c in answer.citations:
            unique.setdefault((c.doc_id, c.start, c.end), c)
        # a list or a comparison cites every item it shows
        keep = max(top_k, 1) if not answer.parts else len(unique)  # shown items, then what frames them
        answer.citations = list(unique.values())[:keep]
        answer.timings = {
            "prepare_ms": round((t1 - t0) * 1000, 2),
            "retrieve_ms": round((t2 - t1) * 1000, 2),
            "read_ms": round((t3 - t2) * 1000, 2),
            "total_ms": round((time.perf_counter() - t0) * 1000, 2),
        }
        return answer

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
    def _ocr_warnings(c: Citation, snap: _Snapshot) -> list[str]:
        """The quote an answer rests on was read by OCR with low confidence: say so."""
        doc = snap.documents.get(c.doc_id)
        if doc is None or not any(s < c.end and e > c.start for s, e in doc.low_confidence_spans):
            return []
        zh, en = (f"第{c.page}页", f" on page {c.page}") if c.page else ("", "")
        return [f"出处{zh}为扫描件，文字识别置信度较低，请核对原件。"
                f"(The quoted line{en} was read by OCR with low confidence; check the original.)"]

    def _generate(self, q: Question, answer: Answer) -> Answer:
        from .generate import generate_with_guard

        with self._lock:
            if self._generator is None:
                from .generate import Generator

                self._generator = Generator(self.config.generator)
        return generate_with_guard(self._generator, q, answer)
