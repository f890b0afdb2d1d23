"""Weekly digests of Chinese trade-union newspaper pages: articles cut out, briefed by TextRank."""
from .models import Summary

__version__ = "0.1.0"
__all__ = ["summarize", "Summary", "__version__"]


def __getattr__(name):
    # The summarizer pulls in jieba; load it only when it is asked for.
    if name == "summarize":
        from .summarize import summarize
        return summarize
    raise AttributeError(name)
