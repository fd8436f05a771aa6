"""detente: international-relations news in, dated and sourced PLOVER events out."""

import os

# Work is spread over processes (extract --workers N, Dask workers), and the matrices are
# small: OpenBLAS threads in every process would fight over the same cores and spin.
# NumPy reads this when it is first imported; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
