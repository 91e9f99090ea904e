"""fazhi core: read → outline → tokens → align/compare → areas → session → aggregate.

A plain library: nothing here imports Textual, so the command line and tests stay fast.
"""
from fazhi.core.errors import FazhiError

__version__ = "0.1.0"
__all__ = ["FazhiError", "__version__"]
