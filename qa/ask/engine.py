"""The engine: one loaded index, the embedder and the retriever, answering questions.

Owns: opening the index named by Settings, noticing when an ingest publishes a new generation
and switching to it between questions, cleaning questions, and running the answering stage:
understand (once) -> focus -> retrieve -> compose. Shared by the CLI, batch and the web app;
safe to use from many threads.
"""
from __future__ import annotations

import re
import sys
import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from qa.ask import decline, genres
from qa.ask.compose import build_answer
from qa.ask.retrieve import Retriever
from qa.ask.rules import DEFAULT, Rules
from qa.ask.understand import focus, understand, unclip
from qa.config import Settings
from qa.errors import QAError, QuestionError
from qa.index import store
from qa.index.embedding import Embedder
from qa.index.keywords import idf_table
from qa.index.spelling import Speller
from qa.recommend import chat as tracker_chat
from qa.types import Answer, Document, Filters, Passage

_RELOAD_CHECK_SECONDS = 1.0


@dataclass(frozen=True)
class _Loaded:
    generation: str
    index: store.IndexData
    retriever: Retriever
    idf: dict
    speller: Speller


def _absent_source(question: str, retriever: Retriever, forces: tuple[str, ...]) -> str:
    """Why nothing indexed can answer a question that names a later visit or a thematic report
    of the forces asked about, when no chunk about any of them is of that kind or names it
    ('' when one does, or no force is asked about)."""
    for kind in genres.named_sources(question) if forces else ():
        of_kind = retriever.masks.naming(kind)
        if not any((retriever.about((f,)) & of_kind).any() for f in forces):
            return f"No indexed {genres.NAMED_AS[kind]} is about {' or '.join(forces)}."
    return ""


def clean_question(question: str, limit: int = 1000) -> str:
    """Printable text on one line, at most `limit` characters (Settings.max_question_chars: the
    front doors cut longer questions first, with a notice); QuestionError if nothing is left."""
    text = (question or "").encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> ?
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("the question is empty: type a question about the documents")
    return text[:limit]


class Engine:
    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 rules: Rules = DEFAULT):
        self.settings = settings
        self.rules = rules
        self.decline_model = decline.load_model()  # None until a calibration is written
        self.embedder = embedder or Embedder(settings.embed_backend)
        self._lock = threading.Lock()
        self._embed_lock = threading.Lock()
        self._loaded: _Loaded | None = None
        self._checked = 0.0

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder | None = None,
             rules: Rules = DEFAULT) -> "Engine":
        engine = cls(settings, embedder, rules)
        engine.current()  # fail now, with a clear message, if there is no usable index
        return engine

    def with_rules(self, rules: Rules, decline_model=None) -> "Engine":
        """An engine answering from the index already loaded here, under other rules (and the
        given decline model): what ablation and calibration compare, without loading the index
        again for each."""
        other = Engine(self.settings, self.embedder, rules)
        other.decline_model = decline_model
        loaded = self.current()
        other._loaded = replace(loaded, retriever=Retriever(loaded.index, self.embedder, rules))
        other._checked = self._checked
        return other

    def current(self) -> _Loaded:
        """The live index, reloaded if an ingest has published a new generation since."""
        now = time.monotonic()
        loaded = self._loaded
        if loaded is not None and now - self._checked < _RELOAD_CHECK_SECONDS:
            return loaded
        with self._lock:
            self._checked = now
            gen = store.current_generation(self.settings.index)
            name = gen.name if gen else ""
            if self._loaded is None or self._loaded.generation != name:
                try:
                    index = store.load_index(self.settings.index, self.embedder.name,
                                             self.embedder.dimension)
                except QAError as exc:
                    if self._loaded is None:
                        raise
                    # Keep answering from the index already in memory; say why once a second.
                    print(f"warning: keeping the loaded index: {exc}", file=sys.stderr)
                    return self._loaded
                idf = idf_table(index.bm25)
                self._loaded = _Loaded(index.folder.name, index,
                                       Retriever(index, self.embedder, self.rules), idf,
                                       Speller(idf))
            return self._loaded

    def refresh(self) -> _Loaded:
        """Switch to the newest published index now (after an ingest this process ran)."""
        self._checked = 0.0
        return self.current()

    def chunk_counts(self) -> dict[str, int]:
        """Chunks per document file in the live index."""
        index = self.current().index
        counts = np.bincount(np.asarray(index.chunks["doc"]), minlength=len(index.documents))
        return {d.file: int(n) for d, n in zip(index.documents, counts)}

    def matches(self, filters: Filters) -> bool:
        """True when at least one indexed chunk passes the filters."""
        mask = self.current().retriever.allowed(filters)
        return len(self.current().index) > 0 if mask is None else bool(mask.any())

    def documents(self) -> list[Document]:
        return self.current().index.documents

    def forces(self) -> list[str]:
        return self.current().retriever.indexed_forces()

    def doc_types(self) -> list[str]:
        return sorted({d.meta.doc_type for d in self.documents() if d.meta.doc_type})

    def _asks_after_tracked(self, q, history: tuple[str, ...]) -> bool:
        """A follow-up pointing back to a question about what was recommended (one the tracker
        may answer) with little topic of its own: how far it got ("did they manage it?", "was it
        achieved at the re-inspection?"), how the force responded ("how did they respond?",
        "what has the force said it did about it?")."""
        return bool(history) and self.rules.tracked_follow_ups and q.borrowed \
            and tracker_chat.may_ask(unclip(history[-1], self.rules), self.rules.demanded)

    def _spelled(self, q, loaded: _Loaded):
        """The query with its misspelt terms read as the library's (rules.spelling)."""
        if not self.rules.spelling:
            return q
        text = " ".join([q.text, *(part.text for part in q.parts)])
        return replace(q, spelled=loaded.speller.corrections(text))

    def _whole_vector(self, q, mode: str):
        """The query's vector, unless the search will not use it (bm25 mode, or a multi-part
        question, searched part by part)."""
        if mode == "bm25" or (q.parts and self.rules.multi_part):
            return None
        return self.embed_query(q.text)

    def embed_query(self, text: str):
        with self._embed_lock:
            return self.embedder.encode_query(text)

    def search(self, query: str, filters: Filters = Filters(), k: int | None = None,
               mode: str = "hybrid") -> list[Passage]:
        """Passages for a topic (the trainers' excerpt search), focused on named forces."""
        loaded = self.current()
        q = self._spelled(understand(unclip(clean_question(query, self.settings.max_question_chars),
                                            self.rules), rules=self.rules), loaded)
        where = focus(q, filters, loaded.retriever.indexed_forces())
        if where.missing and not where.forces:
            return []
        return loaded.retriever.search(q, filters, k or self.settings.top_k, mode,
                                       self._whole_vector(q, mode), where.forces,
                                       self.embed_query)

    def ask(self, question: str, filters: Filters = Filters(), k: int | None = None,
            history: tuple[str, ...] | list[str] = (), mode: str = "hybrid",
            qid: str = "", said: tuple[str, ...] | list[str] = ()) -> Answer:
        """A cited answer, or a refusal that shows the closest passages. `said`: the quotes
        earlier answers in the conversation gave (a follow-up prefers new ones)."""
        question = clean_question(question, self.settings.max_question_chars)
        history = tuple(h for h in (history or ()) if h and h.strip())
        loaded = self.current()
        read = unclip(question, self.rules)  # what understanding, the tracker and checks see
        q = self._spelled(understand(read, tuple(unclip(h, self.rules) for h in history),
                                     self.rules), loaded)
        where = focus(q, filters, loaded.retriever.indexed_forces())
        refusal = ""
        if where.missing and not where.forces:
            refusal = (f"No indexed document is about {' or '.join(where.missing)}; the library "
                       f"covers {', '.join(loaded.retriever.indexed_forces()) or 'no force yet'}.")
        if not refusal and self.rules.absent_source:
            refusal = _absent_source(q.question, loaded.retriever, where.forces)
        # The one dispatch to the recommendations tracker: a question about what was
        # recommended to a force it has records for is answered from them, cited.
        def track(text: str) -> Answer | None:
            return tracker_chat.answer(text, q.text, where.forces, loaded.index.folder,
                                       loaded.index.documents, self.embed_query, q.forces,
                                       self.rules.demanded)

        tracked = None if refusal else track(read)
        if tracked is None and not refusal and self._asks_after_tracked(q, history):
            # "...and was it achieved?" after a question the tracker answered: its record again,
            # with the force's response and the later inspection's grade
            tracked = track(f"{unclip(history[-1], self.rules)} {read}")
        if tracked is not None:
            return replace(tracked, question=question, id=qid)
        passages = loaded.retriever.search(q, filters, k or self.settings.top_k, mode,
                                           self._whole_vector(q, mode), where.forces,
                                           self.embed_query)
        # the model weighs cosines, which keyword-only search has none of: thresholds decide
        model = self.decline_model if mode != "bm25" else None
        answer = build_answer(q, passages, loaded.idf, len(loaded.index), where.forces, refusal,
                              qid, self.rules, model,
                              frozenset(said) if history and history[-1] != question
                              else frozenset())  # "Ask again" may repeat itself
        answer = replace(answer, question=question)  # as asked, clipped words and all
        outside = [f for f in q.forces if filters.forces and f not in filters.forces
                   and f not in where.missing and not q.from_conversation]
        if outside:  # the filter holds, answered or declined; the reader is told and can clear it
            said = (f"You asked about {' and '.join(outside)}, but the Forces filter is set to "
                    f"{', '.join(filters.forces)}: only those forces' documents were searched. "
                    f"Clear the filter to search {' and '.join(outside)}.")
            answer = replace(answer, notice=" ".join([said, answer.notice]).strip())
        notes = []
        if where.missing and where.forces:
            notes.append(f"No indexed document is about {' or '.join(where.missing)}.")
        if q.from_conversation and not filters.forces:
            notes.append(f"Still about {', '.join(answer.forces)} from earlier in this "
                         "conversation; name another force to change.")
        if notes and not answer.refused:
            answer = replace(answer, notice=" ".join([*notes, answer.notice]).strip())
        unlabelled = loaded.retriever.unlabelled(filters)
        if unlabelled:  # a filter on a field some documents lack leaves them out unseen
            some = "; ".join(f"{n} document{'s' if n > 1 else ''} with no {name}"
                             for name, n in unlabelled.items())
            said = (f"Left out by the filters for lacking what they select on: {some} (the "
                    f"Library tab or catalog.csv can give them one).")
            # shown with the answer, or with the refusal, which shows no notice
            answer = replace(answer, notice=" ".join([answer.notice, said]).strip()) \
                if not answer.refused else replace(answer, text=f"{answer.text} {said}")
        return answer
