"""Every function the op-library issue names exists in Ember wherever PyTorch has it, and a test exercises it.

The count of all PyTorch functions Ember implements is printed at the end of the test run (see conftest.py).
"""
import pathlib
import re

import pytest
import torch

import ember
from coverage import coverage, summary

POINTWISE = """abs absolute neg negative positive sign sgn signbit exp exp2 expm1 log log2 log10 log1p sqrt rsqrt
square reciprocal sin cos tan asin acos atan sinh cosh tanh asinh acosh atanh arcsin arccos arctan arcsinh arccosh
arctanh sigmoid logit relu erf erfc erfinv lgamma digamma polygamma mvlgamma i0 sinc deg2rad rad2deg ceil floor
round trunc fix frac clamp clip clamp_min clamp_max atan2 arctan2 hypot maximum minimum fmax fmin lerp addcmul
addcdiv logaddexp logaddexp2 xlogy copysign float_power nextafter ldexp gcd lcm heaviside isnan isinf isposinf
isneginf isfinite isreal isclose allclose nan_to_num logical_and logical_or logical_xor logical_not bitwise_and
bitwise_or bitwise_xor bitwise_not bitwise_left_shift bitwise_right_shift real imag conj angle view_as_real
view_as_complex where masked_fill"""
REDUCTIONS = """sum nansum mean nanmean prod std var std_mean var_mean max min amax amin aminmax argmax argmin all any
count_nonzero norm logsumexp median nanmedian mode kthvalue quantile nanquantile cumsum cumprod cummax cummin
logcumsumexp diff trace sort argsort msort topk unique unique_consecutive searchsorted bucketize histc histogram
bincount nonzero argwhere"""
INDEXING = """index_select gather take take_along_dim scatter scatter_add scatter_reduce index_add index_copy
index_fill index_put masked_select masked_scatter flip fliplr flipud roll rot90 repeat_interleave tile
broadcast_tensors broadcast_shapes tensordot einsum outer inner kron cross cdist tril triu combinations vander"""
LINALG_TOP = """mm bmm mv dot vdot addmm addbmm baddbmm addmv addr chain_matmul inverse det logdet slogdet
cholesky_solve triangular_solve"""
TENSOR_ONLY = "repeat scatter_ scatter_add_ scatter_reduce_ index_add_ index_copy_ index_fill_ index_put_ " \
              "masked_scatter_ masked_fill_ put_"
LINALG = """norm vector_norm matrix_norm inv inv_ex det slogdet solve solve_triangular lstsq cholesky cholesky_ex
qr svd svdvals eig eigvals eigh eigvalsh pinv matrix_rank matrix_power matrix_exp cond cross vecdot multi_dot
householder_product lu_factor lu lu_solve"""
SPECIAL = """expit logit erf erfc erfinv gammaln digamma xlogy xlog1py log_softmax softmax logsumexp entr sinc i0
ndtr ndtri log_ndtr round exp2 expm1"""
FFT = """fft ifft rfft irfft fft2 ifft2 rfft2 irfft2 fftn ifftn rfftn irfftn hfft ihfft fftfreq rfftfreq fftshift
ifftshift"""

TORCH_NAMES = sorted(set((POINTWISE + " " + REDUCTIONS + " " + INDEXING + " " + LINALG_TOP).split()))
NAMESPACES = [("linalg", LINALG), ("special", SPECIAL), ("fft", FFT), ("nn.functional", "pad")]
_TESTS = "\n".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py")
                   if p.name != "test_coverage.py")


def _resolve(module, dotted):
    for part in dotted.split("."):
        module = getattr(module, part, None)
    return module


def _tested(name):
    """Whether some oracle test mentions ``name`` as an identifier or a string."""
    return re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", _TESTS) is not None


@pytest.mark.parametrize("name", TORCH_NAMES)
def test_torch_function(name):
    assert hasattr(torch, name), f"torch.{name} does not exist: fix the list"
    assert hasattr(ember, name), f"ember.{name} is missing"
    assert _tested(name), f"no test mentions {name}"


@pytest.mark.parametrize("name", [n for n in TORCH_NAMES if hasattr(torch.Tensor, n)] + TENSOR_ONLY.split())
def test_tensor_method(name):
    assert hasattr(torch.Tensor, name), f"torch.Tensor.{name} does not exist: fix the list"
    assert hasattr(ember.Tensor, name), f"ember.Tensor.{name} is missing"
    if hasattr(torch.Tensor, name + "_"):
        assert hasattr(ember.Tensor, name + "_"), f"ember.Tensor.{name}_ is missing"


@pytest.mark.parametrize("namespace, name", [(ns, n) for ns, names in NAMESPACES for n in names.split()])
def test_namespace_function(namespace, name):
    assert _resolve(torch, f"{namespace}.{name}") is not None, f"torch.{namespace}.{name} does not exist"
    assert _resolve(ember, f"{namespace}.{name}") is not None, f"ember.{namespace}.{name} is missing"
    assert _tested(name), f"no test mentions {name}"


def test_coverage_report_counts_the_issue_functions():
    report = coverage()
    have, missing = report["torch"]
    listed = have | missing
    assert len(listed) > 400, "PyTorch's overridable list was not read"
    assert not {n for n in TORCH_NAMES if hasattr(ember, n)} & missing, "an implemented function counted as missing"
    assert summary(report).startswith(f"Ember implements {sum(len(h) for h, _ in report.values())} of")
