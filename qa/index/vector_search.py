"""Which FAISS index a set of chunk vectors gets: exact inner-product search up to a limit, an
IVF index with float16 lists above it, and how many lists it has and scans. Saving and loading
it is store's; searching with it is retrieve's.
"""
from __future__ import annotations

import numpy as np

IVF_TRAIN_PER_LIST = 40  # k-means training points per list (faiss asks for 39 or more)
IVF_MIN_PROBES = 192  # lists scanned per query: recall@10 >= 0.97, see docs/performance.md
IVF_PROBE_SHARE = 32  # with more than 6144 lists, scan 1/32 of them


def build_faiss(vectors: np.ndarray, exact_limit: int):
    """Exact inner-product search up to `exact_limit` vectors, an IVF index above it.

    IVF rather than HNSW: at a million chunks it builds in about two minutes on two cores
    where HNSW takes a quarter of an hour, and it keeps working under a filter bitmap. Its
    lists hold float16 copies of the vectors (half the memory of float32, and faster to scan);
    recall@10 against exact search is measured in docs/performance.md and the tests.
    """
    import faiss
    dim = vectors.shape[1]
    if len(vectors) <= exact_limit:
        index = faiss.IndexFlatIP(dim)
    else:
        nlist = ivf_lists(len(vectors))
        index = faiss.index_factory(dim, f"IVF{nlist},SQfp16", faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(0)
        take = min(len(vectors), IVF_TRAIN_PER_LIST * nlist)
        sample = np.sort(rng.choice(len(vectors), take, replace=False))
        index.train(np.ascontiguousarray(vectors[sample], dtype=np.float32))
        index.nprobe = ivf_probes(nlist)  # saved with the index
    for start in range(0, len(vectors), 200_000):  # in slices: no full float32 copy at once
        index.add(np.ascontiguousarray(vectors[start:start + 200_000], dtype=np.float32))
    return index


def ivf_lists(n: int) -> int:
    """About 4 * sqrt(n) inverted lists, as a power of two (1024 at 100k, 4096 at 1M)."""
    return int(2 ** round(np.log2(max(64.0, 4 * np.sqrt(n)))))


def ivf_probes(nlist: int) -> int:
    """Lists scanned per query: IVF_MIN_PROBES, or 1/IVF_PROBE_SHARE of very many lists."""
    return min(nlist, max(IVF_MIN_PROBES, nlist // IVF_PROBE_SHARE))


def index_kind(index) -> str:
    """"flat", "ivf" or "hnsw": the kind of FAISS index, as the manifest records it."""
    name = type(index).__name__
    return "hnsw" if "HNSW" in name else "ivf" if "IVF" in name else "flat"
