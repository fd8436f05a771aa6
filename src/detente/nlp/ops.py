"""thinc array ops whose matrix products go through NumPy's BLAS.

thinc's NumpyOps multiply with BLIS. On the development machine NumPy's OpenBLAS does the
same single-threaded products 3-4x faster (0.25 ms against 0.98 ms for 300x96 @ 96x288),
and matrix products are a quarter of the coder's time (tok2vec, parser, NER). Everything
else is inherited. Float32 products summed in another order can differ in the last bits;
the exports of every gold set and of 200 generated articles are identical either way.
"""

from __future__ import annotations

from typing import Any

import numpy
from thinc.api import NumpyOps, set_current_ops


class BlasOps(NumpyOps):
    name = "numpy-blas"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False, trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out


def use_blas_ops() -> None:
    """Make models created from now on (spaCy's, at load) use `BlasOps`."""
    set_current_ops(BlasOps())
