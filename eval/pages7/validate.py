"""Validate the pages7 library and questions against the team's own reader.
Run from the repository root:  .venv/bin/python eval/pages7/validate.py [--quiet]"""
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.argv = [sys.argv[0], str(HERE), *sys.argv[1:]]
runpy.run_path(str(HERE.parent / "validate_pages.py"), run_name="__main__")
