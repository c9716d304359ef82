"""`python -m qa`: see qa/cli.py."""
import sys

from .cli import main

sys.exit(main())
