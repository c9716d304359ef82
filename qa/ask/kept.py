"""Arrays gathered for a mask over the index's chunks, kept for the same mask met again.

Owns the keying (the mask's bits), the bound (rows kept in all; all dropped when a new entry
would pass it) and the lock that lets threads share it. What is gathered is the caller's.
"""
from __future__ import annotations

import threading
from typing import Callable

import numpy as np


class KeptByMask:
    def __init__(self, limit: int):
        self.limit = limit  # rows kept in all, counted by the caller's `rows`
        self._kept: dict[bytes, tuple] = {}
        self._lock = threading.Lock()

    def get(self, mask: np.ndarray, gather: Callable[[], tuple],
            rows: Callable[[tuple], int]) -> tuple:
        """What `gather` makes for the mask, made once while kept."""
        key = np.packbits(mask).tobytes()
        hit = self._kept.get(key)
        if hit is None:
            hit = gather()
            with self._lock:
                if sum(rows(h) for h in self._kept.values()) + rows(hit) > self.limit:
                    self._kept.clear()
                self._kept[key] = hit
        return hit
