"""Weekly digests of Chinese trade-union newspaper pages: articles cut out, briefed by TextRank."""
__version__ = "0.1.0"  # first, so that modules imported below can name it

from .models import Summary  # noqa: E402
from .summarize import summarize  # noqa: E402  cheap: jieba is loaded on the first brief, not on import

__all__ = ["summarize", "Summary", "__version__"]
