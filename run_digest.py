#!/usr/bin/env python3
"""Make a digest of newspaper pages: ``python run_digest.py --help``."""
import sys

from digest.cli import main

if __name__ == "__main__":
    sys.exit(main())
