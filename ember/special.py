"""The ``torch.special`` namespace: special functions, each the same function as its ``torch`` counterpart."""
from .ops.binary import entr, i0e, i1, i1e, log_ndtr, ndtr, ndtri, polygamma, round, xlog1py, xlogy
from .ops.binary import mvlgamma as multigammaln
from .ops.moments import log_softmax, logsumexp, softmax
from .ops.unary import digamma, erf, erfc, erfinv, exp2, expm1, i0, log1p, logit, sinc
from .ops.unary import digamma as psi
from .ops.unary import lgamma as gammaln
from .ops.unary import sigmoid as expit

__all__ = ["digamma", "entr", "erf", "erfc", "erfinv", "exp2", "expit", "expm1", "gammaln", "i0", "i0e", "i1", "i1e",
           "log1p", "log_ndtr", "log_softmax", "logit", "logsumexp", "multigammaln", "ndtr", "ndtri", "polygamma",
           "psi", "round", "sinc", "softmax", "xlog1py", "xlogy"]
