"""Weekly digests of Chinese trade-union newspaper pages: articles cut out, briefed by TextRank."""
import os

__version__ = "0.1.0"  # first, so that modules imported below can name it

# One thread for numpy's linear algebra, set before numpy loads (unless the user set it): the
# digest runs pages in parallel processes, and BLAS threads of their own in each, spinning while
# they wait, took the cores from one another. 50 People's Daily pages on 2 cores: 1.9 s with
# them, 1.2 s without; one process alone is no faster with them either (1.74 s against 1.70 s).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from .models import Summary  # noqa: E402
from .summarize import summarize  # noqa: E402  cheap: jieba is loaded on the first brief, not on import

__all__ = ["summarize", "Summary", "__version__"]
