"""``python -m digest``: the ``digest`` command."""
import sys

from .cli import main

sys.exit(main())
