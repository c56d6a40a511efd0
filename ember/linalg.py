"""``torch.linalg``: decompositions, solvers, inverses and norms (the kernels live in ``ember.ops``)."""
from .ops.decompositions import (LinAlgError, cholesky, cholesky_ex, det, eig, eigh, eigvals, eigvalsh,
                                 householder_product, ldl_factor, ldl_factor_ex, lu, lu_factor, lu_factor_ex, qr,
                                 slogdet, svd, svdvals)
from .ops.linalg import linalg_vecdot as vecdot, matmul, multi_dot
from .ops.norms import cond, matrix_norm, norm, vector_norm
from .ops.products import linalg_cross as cross
from .ops.solvers import (diagonal, inv, inv_ex, ldl_solve, lstsq, lu_solve, matrix_exp, matrix_power, matrix_rank,
                          pinv, solve, solve_ex, solve_triangular, tensorinv, tensorsolve, vander)
