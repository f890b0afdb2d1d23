"""Weekly digests of Chinese trade-union newspaper pages: articles cut out, briefed by TextRank."""
from .models import Summary
from .summarize import summarize  # cheap: jieba is loaded on the first brief, not on import

__version__ = "0.1.0"
__all__ = ["summarize", "Summary", "__version__"]
