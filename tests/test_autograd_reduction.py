"""Gradients of the reductions, moments, softmax and sorting ops against PyTorch: first derivatives over dtypes,
layouts, dims and ties, second derivatives, the grad_fn names, and the ops whose integer or bool outputs never
require grad."""
import warnings

import numpy as np
import pytest

from oracle import LAYOUTS, check, sample

TIES = np.array([[1.0, 3.0, 3.0], [-2.0, -2.0, 0.5]])
ZEROS = np.array([[1.5, 0.0, 3.0], [0.0, 0.0, 2.0], [2.0, -1.0, 0.5]])  # one zero, three zeros, none per row
NANS = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 2.0]])

# (label, op, data): data None means sample data of shape (2, 3)
FIRST = [
    ("sum", lambda T, x: x.sum(), None),
    ("sum_dim", lambda T, x: x.sum(1), None),
    ("sum_neg_keepdim", lambda T, x: T.sum(x, -2, keepdim=True), None),
    ("sum_tuple", lambda T, x: x.sum((0, 1)), None),
    ("sum_empty_tuple", lambda T, x: x.sum(()), None),
    ("sum_none", lambda T, x: x.sum(dim=None), None),
    ("sum_axis", lambda T, x: x.sum(axis=0), None),
    ("sum_dtype", lambda T, x: x.sum(1, dtype=T.float64), None),
    ("mean", lambda T, x: x.mean(), None),
    ("mean_dim", lambda T, x: T.mean(x, (-1,), keepdim=True), None),
    ("prod", lambda T, x: x.prod(), None),
    ("prod_dim", lambda T, x: x.prod(1), None),
    ("prod_zeros", lambda T, x: x.prod(), ZEROS),
    ("prod_one_zero", lambda T, x: x[:1].prod(), ZEROS),
    ("prod_dim_zeros", lambda T, x: x.prod(1), ZEROS),
    ("prod_dim0_zeros_keepdim", lambda T, x: x.prod(0, keepdim=True), ZEROS),
    ("max", lambda T, x: x.max(), TIES),
    ("min", lambda T, x: x.min(), TIES),
    ("max_dim", lambda T, x: x.max(1), TIES),
    ("min_dim_keepdim", lambda T, x: T.min(x, 0, keepdim=True), TIES),
    ("amax", lambda T, x: x.amax(), TIES),
    ("amax_dim", lambda T, x: x.amax(1), TIES),
    ("amin_tuple", lambda T, x: T.amin(x, (0, 1), keepdim=True), TIES),
    ("aminmax", lambda T, x: T.aminmax(x), TIES),
    ("aminmax_dim", lambda T, x: x.aminmax(dim=-1, keepdim=True), TIES),
    ("nansum", lambda T, x: x.nansum(), NANS),
    ("nansum_dim", lambda T, x: T.nansum(x, 1), NANS),
    ("nanmean", lambda T, x: x.nanmean(0), NANS),
    ("std", lambda T, x: x.std(), None),
    ("std_dim", lambda T, x: x.std(1, keepdim=True), None),
    ("std_constant", lambda T, x: x.std(1), np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 4.0]])),
    ("var", lambda T, x: x.var(0, correction=0), None),
    ("var_unbiased", lambda T, x: T.var(x, (0, 1), False), None),
    ("std_mean", lambda T, x: T.std_mean(x, 1), None),
    ("var_mean", lambda T, x: T.var_mean(x), None),
    ("logsumexp", lambda T, x: x.logsumexp(1), None),
    ("logsumexp_tuple", lambda T, x: T.logsumexp(x, (0, 1), keepdim=True), None),
    ("softmax", lambda T, x: x.softmax(1), None),
    ("softmax_dim0", lambda T, x: T.softmax(x, 0), None),
    ("log_softmax", lambda T, x: x.log_softmax(-1), None),
    ("norm", lambda T, x: x.norm(), None),
    ("norm_dim", lambda T, x: x.norm(dim=1), None),
    ("norm_fro_dims", lambda T, x: T.norm(x, "fro", (0, 1)), None),
    ("norm_1", lambda T, x: x.norm(1, 1), TIES),
    ("norm_0", lambda T, x: x.norm(0), TIES),
    ("norm_inf", lambda T, x: x.norm(float("inf"), 1), TIES),
    ("norm_ninf", lambda T, x: x.norm(float("-inf")), TIES),
    ("norm_3", lambda T, x: x.norm(3, 0, keepdim=True), None),
    ("norm_1_5", lambda T, x: x.norm(1.5), ZEROS),
    ("norm_half", lambda T, x: x.norm(0.5, 1), ZEROS),
    ("norm_nuc", lambda T, x: x.norm("nuc"), None),
    ("norm_zero_rows", lambda T, x: x.norm(dim=0), np.zeros((2, 3))),
    ("sort", lambda T, x: x.sort(), TIES),
    ("sort_descending", lambda T, x: T.sort(x, 0, descending=True), None),
    ("sort_stable", lambda T, x: x.sort(stable=True), TIES),
    ("msort", lambda T, x: x.msort(), None),
    ("topk", lambda T, x: x.topk(2), TIES),
    ("topk_smallest", lambda T, x: T.topk(x, 1, 0, largest=False), None),
    ("kthvalue", lambda T, x: x.kthvalue(2), None),
    ("kthvalue_keepdim", lambda T, x: T.kthvalue(x, 1, 0, keepdim=True), None),
]


def _weights(T, y):
    """Distinct weights for each output element, so that a gradient sent to the wrong place shows."""
    return T.arange(1.0, y.numel() + 1, dtype=y.dtype).reshape(y.shape) / 4


def _gradients(op, values, dtype, layout):
    def fn(T):
        x = layout(T, values, dtype).detach().requires_grad_()
        y = op(T, x)
        first = y[0] if isinstance(y, tuple) else y
        (first * _weights(T, first)).sum().backward()
        return y, x.grad, type(first.grad_fn).__name__
    return fn


@pytest.mark.parametrize("label,op,data", FIRST, ids=[row[0] for row in FIRST])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_first_derivative(label, op, data, dtype):
    values = sample((2, 3), dtype, seed=1, low=0.5, high=3) if data is None else data.astype(dtype)
    for layout in LAYOUTS if dtype == "float64" else LAYOUTS[:1]:
        check(_gradients(op, values, dtype, layout), ulps=256)


MULTI = [  # every output of a multi-output op gets a gradient
    ("aminmax", lambda T, x: T.aminmax(x, dim=0), TIES),
    ("std_mean", lambda T, x: T.std_mean(x, 1, keepdim=True), None),
    ("var_mean", lambda T, x: T.var_mean(x, correction=0), None),
]


@pytest.mark.parametrize("label,op,data", MULTI, ids=[row[0] for row in MULTI])
def test_all_outputs(label, op, data):
    values = sample((2, 3), "float64", seed=2) if data is None else data

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        a, b = op(T, x)
        (a * _weights(T, a) + b * 3).sum().backward()
        return a, b, x.grad, type(a.grad_fn).__name__, type(b.grad_fn).__name__
    check(fn, ulps=64)


def test_one_output_of_two():
    def fn(T):
        x = T.tensor(TIES, requires_grad=True)
        T.var_mean(x, 1)[1].sum().backward()
        g1 = x.grad.clone()
        x.grad = None
        T.aminmax(x)[1].backward()
        return g1, x.grad
    check(fn)


COMPLEX = [
    ("sum", lambda T, x: x.sum(0)),
    ("mean", lambda T, x: x.mean()),
    ("prod", lambda T, x: x.prod(1)),
    ("prod_all", lambda T, x: x.prod()),
    ("var", lambda T, x: x.var(1)),
    ("std", lambda T, x: x.std()),
    ("norm", lambda T, x: x.norm(dim=1)),
    ("norm_nuc", lambda T, x: x.norm("nuc")),
]


@pytest.mark.parametrize("label,op", COMPLEX, ids=[row[0] for row in COMPLEX])
def test_complex(label, op):
    values = sample((2, 3), "complex128", seed=3, low=0.5, high=2)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = op(T, x)
        y.backward(T.ones_like(y) * 0.5)
        return y, x.grad, type(y.grad_fn).__name__
    check(fn, ulps=1024)


def test_complex_prod_with_zero():
    values = np.array([1 + 2j, 0j, 3 - 1j, 0.5j])

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        x.prod().backward(T.tensor(1 - 2j, dtype=T.complex128))
        return x.grad
    check(fn, ulps=16)


SHAPED = [  # 0-d and empty inputs
    ("sum_0d", lambda T, x: x.sum(0), ()),
    ("mean_0d", lambda T, x: x.mean(), ()),
    ("prod_0d", lambda T, x: x.prod(0), ()),
    ("max_0d", lambda T, x: x.max(0), ()),
    ("amax_0d", lambda T, x: x.amax(), ()),
    ("std_0d", lambda T, x: x.std(correction=0), ()),
    ("logsumexp_0d", lambda T, x: x.logsumexp(0), ()),
    ("softmax_0d", lambda T, x: x.softmax(0), ()),
    ("log_softmax_0d", lambda T, x: x.log_softmax(0), ()),
    ("norm_0d", lambda T, x: x.norm(), ()),
    ("sort_0d", lambda T, x: x.sort(), ()),
    ("topk_0d", lambda T, x: x.topk(1), ()),
    ("kthvalue_0d", lambda T, x: x.kthvalue(1), ()),
    ("sum_empty", lambda T, x: x.sum(1), (0, 3)),
    ("mean_empty", lambda T, x: x.mean(0), (3, 0)),
    ("prod_empty", lambda T, x: x.prod(), (0, 3)),
    ("prod_empty_dim", lambda T, x: x.prod(0), (0, 3)),
    ("amax_empty", lambda T, x: x.amax(1), (0, 3)),
    ("softmax_empty", lambda T, x: x.softmax(1), (0, 3)),
    ("logsumexp_empty", lambda T, x: x.logsumexp(0), (0, 3)),
    ("norm_empty", lambda T, x: x.norm(), (0, 3)),
    ("sort_empty", lambda T, x: x.sort(1), (0, 3)),
    ("topk_zero", lambda T, x: x.topk(0), (2, 3)),
    ("sum_3d", lambda T, x: x.sum((0, 2)), (2, 3, 4)),
    ("softmax_3d", lambda T, x: x.softmax(1), (2, 3, 4)),
    ("norm_nuc_3d", lambda T, x: T.norm(x, "nuc", (2, 0)), (2, 3, 2)),
    ("std_3d", lambda T, x: x.std((-1, 0), keepdim=True), (2, 3, 4)),
]


@pytest.mark.parametrize("label,op,shape", SHAPED, ids=[row[0] for row in SHAPED])
def test_shapes(label, op, shape):
    values = sample(shape, "float64", seed=4, low=0.5, high=3)
    check(_gradients(op, values, "float64", LAYOUTS[0]), ulps=64)


REDUCED = [
    ("sum", lambda T, x: x.sum(1)),
    ("mean", lambda T, x: x.mean()),
    ("prod", lambda T, x: x.prod(1)),
    ("max", lambda T, x: x.max(0)),
    ("amax", lambda T, x: x.amax(1)),
    ("std", lambda T, x: x.std(1)),
    ("std_mean", lambda T, x: T.std_mean(x, 0)),
    ("logsumexp", lambda T, x: x.logsumexp(1)),
    ("softmax", lambda T, x: x.softmax(-1)),
    ("norm", lambda T, x: x.norm(dim=1)),
    ("sort", lambda T, x: x.sort()),
]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
@pytest.mark.parametrize("label,op", REDUCED, ids=[row[0] for row in REDUCED])
def test_reduced_precision(label, op, dtype):
    values = sample((4, 5), dtype, seed=5, low=0.5, high=3)
    check(_gradients(op, values, dtype, LAYOUTS[0]))


def test_dtype_argument_gradient_in_input_dtype():
    def fn(T):
        x = T.tensor(sample((2, 3), "float32", seed=6), requires_grad=True)
        ys = [x.sum(dtype=T.float64), x.mean(1, dtype=T.float64), x.prod(0, dtype=T.float64),
              x.softmax(1, dtype=T.float64), x.log_softmax(0, dtype=T.float64), x.norm(dtype=T.float64)]
        sum(y.sum() for y in ys).backward()
        return [y.dtype for y in ys], [type(y.grad_fn).__name__ for y in ys], x.grad
    check(fn, ulps=64)


SECOND = [
    ("sum", lambda T, x: (x.sum(1) * x.sum(1)).sum()),
    ("sum_square", lambda T, x: (x * x).sum()),
    ("mean", lambda T, x: (x.mean(0) * x.mean(0)).sum()),
    ("prod", lambda T, x: x.prod()),
    ("prod_dim", lambda T, x: x.prod(1).sum()),
    ("softmax", lambda T, x: (x.softmax(1) * T.arange(1.0, 4.0, dtype=x.dtype)).sum()),
    ("log_softmax", lambda T, x: (x.log_softmax(0) * T.arange(1.0, 4.0, dtype=x.dtype)).sum()),
    ("logsumexp", lambda T, x: x.logsumexp(1).sum()),
    ("std", lambda T, x: x.std(1).sum()),
    ("var", lambda T, x: x.var()),
    ("norm", lambda T, x: x.norm()),
    ("norm_3", lambda T, x: x.norm(3, 1).sum()),
    ("norm_1_5", lambda T, x: x.norm(1.5)),
    ("max", lambda T, x: x.max(1).values.sum() + x.amax()),
    ("sort", lambda T, x: (x.sort(1).values * x).sum()),
]


@pytest.mark.parametrize("label,op", SECOND, ids=[row[0] for row in SECOND])
@pytest.mark.parametrize("data", ["sample", "zeros"])
def test_second_derivative(label, op, data):
    values = sample((2, 3), "float64", seed=7, low=0.5, high=2) if data == "sample" else ZEROS[:2]

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        (g,) = T.autograd.grad(op(T, x), x, create_graph=True)
        (h,) = T.autograd.grad((g * T.arange(1.0, 7.0, dtype=x.dtype).reshape(2, 3)).sum(), x)
        return g, h
    check(fn, ulps=256)


INTEGER_OUTPUTS = [
    lambda x: x.argsort(), lambda x: x.argmax(), lambda x: x.argmin(1), lambda x: x.count_nonzero(),
    lambda x: x.all(), lambda x: x.any(1), lambda x: x.nonzero(), lambda x: x.sort().indices,
    lambda x: x.max(1).indices, lambda x: x.topk(2).indices, lambda x: x.kthvalue(1).indices,
]


def test_integer_outputs_never_require_grad():
    def fn(T):
        x = T.tensor(TIES, requires_grad=True)
        return [(f(x).requires_grad, f(x).grad_fn is None) for f in INTEGER_OUTPUTS]
    check(fn)


def test_no_grad_records_nothing():
    def fn(T):
        x = T.tensor(TIES, requires_grad=True)
        with T.no_grad():
            ys = [x.sum(), x.prod(1), x.max(), x.max(0).values, x.std(), x.softmax(0), x.norm(), x.sort().values]
        return [(y.requires_grad, y.grad_fn is None) for y in ys]
    check(fn)


ERRORS = [
    lambda T, x: x.sum(dtype=T.int64),
    lambda T, x: x.prod(1, dtype=T.int32),
    lambda T, x: T.sum(x, 0, out=T.empty(3)),
    lambda T, x: T.mean(x, out=T.empty(())),
    lambda T, x: T.prod(x, 0, out=T.empty(3)),
    lambda T, x: T.amax(x, 0, out=T.empty(3)),
    lambda T, x: T.std(x, 0, out=T.empty(3)),
    lambda T, x: T.logsumexp(x, 0, out=T.empty(3)),
    lambda T, x: T.softmax(x, 0, out=T.empty(2, 3)),
    lambda T, x: T.sort(x, out=(T.empty(2, 3), T.empty(2, 3, dtype=T.long))),
    lambda T, x: T.max(x, 0, out=(T.empty(3), T.empty(3, dtype=T.long))),
    lambda T, x: T.aminmax(x, out=(T.empty(()), T.empty(()))),
    lambda T, x: T.topk(x, 1, out=(T.empty(2, 1), T.empty(2, 1, dtype=T.long))),
    lambda T, x: T.nanmean(x, out=T.empty(())),
    lambda T, x: T.norm(x, out=T.empty(())),
    lambda T, x: T.msort(x, out=T.empty(2, 3)),
]


@pytest.mark.parametrize("op", ERRORS)
def test_refused_while_recording(op):
    check(lambda T: op(T, T.tensor(TIES, requires_grad=True)), match_message=True)


def test_saved_output_modified_in_place():
    def fn(T):
        x = T.tensor(TIES, requires_grad=True)
        y = x.softmax(1)
        y.mul_(2)
        y.sum().backward()
    check(fn, match_message=True)


def test_gradient_accumulates_over_two_reductions():
    def fn(T):
        x = T.tensor(sample((3, 4), "float64", seed=8), requires_grad=True)
        (x.sum() + x.max() * 2 + x.norm(dim=0).sum() + x.logsumexp(1).mean()).backward()
        return x.grad
    check(fn, ulps=16)


def test_no_degrees_of_freedom():
    def fn(T):
        grads = []
        for values, correction in (([2.0, 1.0], 2), ([2.0, 1.0], 3), ([2.0, 2.0], 2)):
            for name in ("std", "var"):
                x = T.tensor(values, requires_grad=True)
                getattr(x, name)(correction=correction).backward()
                grads.append(x.grad)
        return grads
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degrees of freedom <= 0
        check(fn)


MSORT_OUT = [
    lambda T: T.msort(T.tensor(TIES, dtype=T.float32), out=T.empty(0)),
    lambda T: T.msort(T.tensor(TIES, dtype=T.float32).t(), out=T.empty(2, 3).t()),
    lambda T: T.msort(T.tensor(TIES), out=T.empty(2, 3)),
    lambda T: T.msort(T.tensor(TIES), out=T.empty(2, 3, dtype=T.int64)),
]


@pytest.mark.parametrize("op", MSORT_OUT)
def test_msort_out(op):
    check(op, match_message=True)


DOUBLE_BACKWARD = [
    ("softmax", lambda x: x.softmax(1)),
    ("log_softmax", lambda x: x.log_softmax(0)),
    ("sum", lambda x: x.sum(1)),
    ("mean", lambda x: x.mean(0, keepdim=True)),
    ("prod", lambda x: x.prod(1)),
    ("logsumexp", lambda x: x.logsumexp(1)),
    ("std", lambda x: x.std(1)),
    ("max", lambda x: x.max(1).values),
    ("amax", lambda x: x.amax(0)),
    ("sort", lambda x: x.sort(1).values),
    ("norm", lambda x: x.norm(dim=1)),
]


@pytest.mark.parametrize("label,op", DOUBLE_BACKWARD, ids=[row[0] for row in DOUBLE_BACKWARD])
def test_double_backward_through_the_output_gradient(label, op):
    """The first gradient as a function of both the input and the gradient sent into the op."""
    values = sample((2, 3), "float64", seed=9, low=0.5, high=2)

    def fn(T):
        x = T.tensor(values, requires_grad=True)
        y = op(x)
        v = T.arange(1.0, y.numel() + 1, dtype=x.dtype).reshape(y.shape).requires_grad_()
        (g,) = T.autograd.grad(y, x, v, create_graph=True)
        weights = T.arange(1.0, 7.0, dtype=x.dtype).reshape(2, 3)
        gx, gv = T.autograd.grad((g * weights).sum(), (x, v), allow_unused=True)
        return g, gx, gv, type(g.grad_fn).__name__
    check(fn, ulps=256)
