"""`python app.py`: build the index if it is missing or stale, then serve the web app.

A thin entry point; the app itself is qa.web.app (`python -m qa serve` runs the same).
"""
import sys

from qa.web.app import build_app, exposure_warning, is_local, launch, main

__all__ = ["build_app", "exposure_warning", "is_local", "launch", "main"]

if __name__ == "__main__":
    sys.exit(main())
