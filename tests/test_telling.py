import numpy as np
import pytest

from qa.ask.kinds import shows
from qa.ask.telling import Telling
from qa.ask.understand import understand

pytestmark = pytest.mark.slow


def test_a_forces_sentences_are_exactly_those_of_its_chunks(engine):
    """The sentences gathered for a mask of chunks are each chunk's own, in order, with their
    own stored vectors: what the search reads is the text it says it read."""
    loaded = engine.current()
    index = loaded.index
    telling = Telling(index)
    rng = np.random.default_rng(7)
    for _ in range(5):
        mask = rng.random(len(index)) < 0.4
        owner, rows, vectors = telling.of_chunks(mask)
        ptr = np.asarray(index.sentence_ptr)
        expected = [r for i in np.flatnonzero(mask) for r in range(ptr[i], ptr[i + 1])]
        assert rows.tolist() == expected
        assert owner.tolist() == [i for i in np.flatnonzero(mask)
                                  for _ in range(ptr[i], ptr[i + 1])]
        assert np.allclose(vectors, np.asarray(index.sentence_vectors[rows], dtype=np.float32))
        for i, r in zip(owner[:20], rows[:20]):
            chunk, row = index.chunk(int(i)), index.sentences[r]
            assert chunk.start <= int(row["start"]) < int(row["end"]) <= chunk.end


def test_only_a_question_naming_a_force_and_asking_a_kind_of_answer_reads_sentences(engine):
    """A question asking for no kind of answer, or naming no force, is left to the passages'
    own scores; one naming Wiltshire and asking when returns chunks about Wiltshire whose
    sentences give a date."""
    loaded = engine.current()
    index, retriever = loaded.index, loaded.retriever
    telling = Telling(index)
    plain = understand("What did Wiltshire change on domestic abuse training?")
    when = understand("When did Wiltshire Police change its domestic abuse training?")
    about = retriever.about(when.forces)
    assert not telling.chunks(plain, retriever.about(plain.forces),
                              engine.embed_query(plain.text))
    assert not telling.chunks(when, None, engine.embed_query(when.text))
    told = telling.chunks(when, about, engine.embed_query(when.text))
    assert told and all(about[i] for i in told)
    for i in told:
        chunk, ptr = index.chunk(i), index.sentence_ptr
        said = [chunk.text[int(r["start"]) - chunk.start:int(r["end"]) - chunk.start]
                for r in index.sentences[ptr[i]:ptr[i + 1]]]
        assert any(shows(s, ["time"]) for s in said), said
