"""Progress bars on stderr (tqdm) for the CLI: one bar per ingest stage, one for batch.

Owns only presentation; the library reports progress through plain callbacks.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager


class StageBars:
    """A callback (stage, done, total) that keeps one tqdm bar per stage."""

    def __init__(self):
        self.bars = {}

    def __enter__(self):
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm
        bar = self.bars.get(stage)
        if bar is None:
            for other in self.bars.values():
                other.close()
            bar = self.bars[stage] = tqdm(total=total, desc=f"{stage:<9}", unit="",
                                          file=sys.stderr, leave=False, dynamic_ncols=True)
        bar.total = total
        bar.n = done
        bar.refresh()

    def __exit__(self, *exc):
        for bar in self.bars.values():
            bar.close()


@contextmanager
def bar(desc: str, unit: str):
    """A tqdm bar and a (done, total) callback that moves it."""
    from tqdm import tqdm
    with tqdm(desc=desc, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True) as t:
        def tick(done: int, total: int) -> None:
            t.total = total
            t.n = done
            t.refresh()
        yield tick
