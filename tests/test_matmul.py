"""matmul and ``@`` in all their shapes (1-d, 2-d, batched, broadcast batch dims), dtypes and errors."""
import numpy as np
import pytest

from oracle import DTYPE_NAMES, LAYOUTS, check, sample

SHAPE_PAIRS = [
    ((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)), ((5, 2, 3), (3, 4)), ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (3,)), ((3,), (5, 3, 4)), ((5, 2, 3), (5, 3, 4)), ((5, 1, 2, 3), (4, 3, 2)), ((1, 2, 3), (6, 3, 1)),
    ((0, 3), (3, 4)), ((2, 0), (0, 4)), ((0,), (0,)), ((2, 0, 3), (3, 4)), ((1, 3), (3, 1)),
]
BAD_SHAPES = [
    ((), (3,)), ((3,), ()), ((3,), (4,)), ((2, 3), (4,)), ((4,), (2, 3)), ((2, 3), (4, 5)), ((5, 2, 3), (4, 5)),
    ((5, 2, 3), (5, 4, 5)), ((2, 2, 3), (3, 3, 4)), ((2, 3), (5, 4, 5)), ((3,), (5, 4, 5)), ((5, 2, 3), (4,)),
]


def operand(T, shape, dtype, layout=LAYOUTS[0], seed=0, real=False):
    """Small non-negative values, so that integer products do not overflow and float sums do not cancel
    (``real`` drops a complex operand's imaginary part: (a + bi)(c + di) cancels in ac - bd otherwise)."""
    values = sample(shape, dtype, seed, low=0, high=3)
    return layout(T, values.real.astype(values.dtype) if real else values, dtype)


def tolerance(dtype):
    """BLAS libraries sum products in their own order."""
    return {"float16": 8, "bfloat16": 8}.get(dtype, 16)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
def test_matmul_shapes(dtype, shapes):
    a, b = shapes
    for la in LAYOUTS:
        for lb in LAYOUTS:
            check(lambda T: T.matmul(operand(T, a, dtype, la, 1), operand(T, b, dtype, lb, 2, real=True)),
                  ulps=tolerance(dtype), match_message=True)
    check(lambda T: operand(T, a, dtype, seed=1) @ operand(T, b, dtype, seed=2, real=True), ulps=tolerance(dtype))
    check(lambda T: operand(T, a, dtype, seed=1).matmul(operand(T, b, dtype, seed=2, real=True)), ulps=tolerance(dtype))


@pytest.mark.parametrize("shapes", BAD_SHAPES, ids=str)
def test_matmul_shape_errors(shapes):
    check(lambda T: T.matmul(T.ones(shapes[0]), T.ones(shapes[1])), match_message=True)


@pytest.mark.parametrize("a_dtype", ["int64", "float32", "float64", "float16", "complex64", "bool"])
@pytest.mark.parametrize("shapes", [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 2)), ((2, 3), (3, 2)),
                                    ((2, 2, 3), (2, 3, 2)), ((2, 2, 3), (3,)), ((3,), (2, 3, 2)),
                                    ((2, 3), (2, 3, 2)), ((2, 2, 3), (3, 2))], ids=str)
def test_matmul_mixed_dtypes(a_dtype, shapes):
    """matmul does not promote: mixed dtypes raise, with the message of the kernel the shapes lead to."""
    for b_dtype in ("int64", "float32", "float64", "bool"):
        check(lambda T: T.matmul(T.ones(shapes[0], dtype=getattr(T, a_dtype)),
                                 T.ones(shapes[1], dtype=getattr(T, b_dtype))), match_message=True)


def test_matmul_foreign_operands():
    check(lambda T: T.ones(2, 2) @ [[1.0, 0.0], [0.0, 1.0]])
    check(lambda T: [[1.0, 0.0], [0.0, 1.0]] @ T.ones(2, 2))
    check(lambda T: T.ones(2, 2) @ 2)
    check(lambda T: T.matmul(T.ones(2, 2), 2))


def test_matmul_has_no_in_place_form():
    def fn(T):
        a = T.ones(2, 2)
        b = a
        a @= T.full((2, 2), 2.0)
        return a is b, a, b

    check(fn)


def test_matmul_out():
    def fn(T):
        out = T.empty(2, 4)
        r = T.matmul(T.ones(2, 3), T.ones(3, 4), out=out)
        return r is out, out

    check(fn)
    check(lambda T: T.matmul(T.ones(2, 3), T.ones(3, 4), out=T.empty(0)))
    check(lambda T: T.matmul(T.ones(2, 3), T.ones(3, 4), out=T.empty(2, 4, dtype=T.float64)), match_message=True)


def test_matmul_large_values():
    """A realistic product, float32 against float32 BLAS."""
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0, 1, (32, 64)).tolist(), rng.uniform(0, 1, (64, 16)).tolist()
    check(lambda T: T.tensor(a) @ T.tensor(b), ulps=64)
    check(lambda T: T.tensor(a, dtype=T.float64) @ T.tensor(b, dtype=T.float64), ulps=64)


# ---------------------------------------------------------------------------------------------
# mm, bmm, mv, dot, vdot

import ember.ops.linalg as _ember_linalg  # noqa: E402
import torch as _torch  # noqa: E402

PRODUCTS = {  # op: shape pairs (the last ones empty)
    "mm": [((2, 3), (3, 4)), ((1, 3), (3, 1)), ((0, 3), (3, 4)), ((2, 0), (0, 4))],
    "bmm": [((2, 2, 3), (2, 3, 4)), ((0, 2, 3), (0, 3, 4)), ((2, 2, 0), (2, 0, 3))],
    "mv": [((2, 3), (3,)), ((0, 3), (3,)), ((2, 0), (0,))],
    "dot": [((3,), (3,)), ((0,), (0,))],
    "vdot": [((3,), (3,)), ((0,), (0,))],
}


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("op", PRODUCTS)
def test_products_over_dtypes_and_layouts(op, dtype):
    for a, b in PRODUCTS[op]:
        for la, lb in zip(LAYOUTS, LAYOUTS[1:] + LAYOUTS[:1]):
            check(lambda T: getattr(T, op)(operand(T, a, dtype, la, 1), operand(T, b, dtype, lb, 2, real=True)),
                  ulps=tolerance(dtype), match_message=True)
        check(lambda T: getattr(operand(T, a, dtype, seed=1), op)(operand(T, b, dtype, seed=2, real=True)),
              ulps=tolerance(dtype), match_message=True)


def test_vdot_conjugates_first_argument():
    check(lambda T: [T.vdot(T.tensor([1 + 2j, 3j]), T.tensor([1 + 1j, 2 + 0j])),
                     T.dot(T.tensor([1 + 2j, 3j]), T.tensor([1 + 1j, 2 + 0j])),
                     T.tensor([1 + 2j, 3j], dtype=T.complex128).vdot(T.tensor([1 + 1j, 2 + 0j], dtype=T.complex128))])


def test_integer_products_wrap():
    check(lambda T: [T.dot(T.tensor([100, 100], dtype=T.uint8), T.tensor([3, 3], dtype=T.uint8)),
                     T.mm(T.tensor([[100, 100]], dtype=T.int8), T.tensor([[3], [3]], dtype=T.int8))])


PRODUCT_ERRORS = [
    lambda T: T.mm(T.ones(3), T.ones(3, 2)), lambda T: T.mm(T.ones(2, 3), T.ones(3)),
    lambda T: T.mm(T.ones(2, 3), T.ones(4, 2)), lambda T: T.mm(T.ones(2, 3), T.ones(3, 2, dtype=T.float64)),
    lambda T: T.mm(T.ones(2, 3, dtype=T.int64), T.ones(3, 2)), lambda T: T.mm(T.ones(2, 3), 2),
    lambda T: T.mm(T.ones(2, 3), T.ones(4, 2, dtype=T.float64)),
    lambda T: T.bmm(T.ones(2, 3), T.ones(3, 2)), lambda T: T.bmm(T.ones(2, 2, 3), T.ones(3, 2)),
    lambda T: T.bmm(T.ones(2, 2, 3), T.ones(3, 3, 2)), lambda T: T.bmm(T.ones(2, 2, 3), T.ones(2, 4, 2)),
    lambda T: T.bmm(T.ones(2, 2, 3), T.ones(2, 3, 2, dtype=T.float64)),
    lambda T: T.mv(T.ones(2, 3), T.ones(2)), lambda T: T.mv(T.ones(3), T.ones(3)),
    lambda T: T.mv(T.ones(2, 3), T.ones(3, 1)), lambda T: T.mv(T.ones(2, 3), T.ones(3, dtype=T.float64)),
    lambda T: T.dot(T.ones(3), T.ones(4)), lambda T: T.dot(T.ones(3), T.ones(3, 1)),
    lambda T: T.dot(T.ones(()), T.ones(())),
    lambda T: T.dot(T.ones(3), T.ones(4, dtype=T.float64)), lambda T: T.vdot(T.ones(3), T.ones(3, dtype=T.float64)),
    lambda T: T.dot(T.ones(0, dtype=T.bool), T.ones(0, dtype=T.bool)),
]


@pytest.mark.parametrize("fn", PRODUCT_ERRORS)
def test_product_errors(fn):
    check(fn, match_message=True)


OUTS = {
    "mm": (lambda T, **kw: T.mm(T.ones(2, 3), T.ones(3, 2), **kw), (2, 2)),
    "bmm": (lambda T, **kw: T.bmm(T.ones(2, 2, 3), T.ones(2, 3, 2), **kw), (2, 2, 2)),
    "mv": (lambda T, **kw: T.mv(T.ones(2, 3), T.ones(3), **kw), (2,)),
    "dot": (lambda T, **kw: T.dot(T.ones(3), T.ones(3), **kw), ()),
    "vdot": (lambda T, **kw: T.vdot(T.ones(3), T.ones(3), **kw), ()),
    "addmm": (lambda T, **kw: T.addmm(T.ones(2), T.ones(2, 3), T.ones(3, 2), **kw), (2, 2)),
    "addbmm": (lambda T, **kw: T.addbmm(T.ones(2, 2), T.ones(3, 2, 3), T.ones(3, 3, 2), **kw), (2, 2)),
    "baddbmm": (lambda T, **kw: T.baddbmm(T.ones(2, 2), T.ones(2, 2, 3), T.ones(2, 3, 2), **kw), (2, 2, 2)),
    "addmv": (lambda T, **kw: T.addmv(T.ones(()), T.ones(2, 3), T.ones(3), **kw), (2,)),
    "addr": (lambda T, **kw: T.addr(T.ones(2, 3), T.ones(2), T.ones(3), **kw), (2, 3)),
}


@pytest.mark.parametrize("op", OUTS)
def test_out(op):
    fn, shape = OUTS[op]

    def into(T, out):
        r = fn(T, out=out)
        return r is out, out

    check(lambda T: into(T, T.empty(shape)))
    check(lambda T: into(T, T.empty(0)))
    # a non-contiguous out keeps its strides
    check(lambda T: into(T, T.zeros(shape[::-1]).mT if len(shape) == 2 else T.zeros(shape)))
    check(lambda T: into(T, T.empty(shape, dtype=T.float64)), match_message=True)


# ---------------------------------------------------------------------------------------------
# addmm, addbmm, baddbmm, addmv, addr (beta * input + alpha * product)

ADD_OPS = {  # op: (input shape, operand shapes, in-place input shape)
    "addmm": ((2,), ((2, 3), (3, 2)), (2, 2)),
    "addbmm": ((2, 2), ((3, 2, 3), (3, 3, 2)), (2, 2)),
    "baddbmm": ((2, 1, 2), ((2, 2, 3), (2, 3, 2)), (2, 2, 2)),
    "addmv": ((), ((2, 3), (3,)), (2,)),
    "addr": ((2, 1), ((2,), (3,)), (2, 3)),
}
COEFFICIENTS = [{}, {"beta": 0, "alpha": 2}, {"beta": 0.5, "alpha": -1.5}, {"beta": 2, "alpha": 0}, {"beta": True}]


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("op", ADD_OPS)
def test_add_products(op, dtype):
    shape, (a, b), full = ADD_OPS[op]
    f = getattr(_torch, op)
    for i, kw in enumerate(COEFFICIENTS):
        layout = LAYOUTS[i % 3]
        check(lambda T: getattr(T, op)(operand(T, shape, dtype, seed=0), operand(T, a, dtype, layout, 1),
                                       operand(T, b, dtype, LAYOUTS[(i + 1) % 3], 2, real=True), **kw),
              ulps=tolerance(dtype), match_message=True)
    check(lambda T: getattr(operand(T, shape, dtype, seed=0), op)(operand(T, a, dtype, seed=1),
                                                                 operand(T, b, dtype, seed=2, real=True), beta=3),
          ulps=tolerance(dtype), match_message=True)
    def in_place(T):
        x = operand(T, full, dtype, LAYOUTS[1], 0)
        r = getattr(x, op + "_")(operand(T, a, dtype, seed=1), operand(T, b, dtype, seed=2, real=True), alpha=2)
        return r is x, x
    check(in_place, ulps=tolerance(dtype), match_message=True)
    assert f is not None


def test_add_product_layouts():
    """The BLAS-like ops give contiguous results whatever the input's layout; addr (a TensorIterator kernel)
    follows the input's layout."""
    check(lambda T: [T.addmm(T.ones(3, 2).t(), T.ones(2, 3), T.ones(3, 3), beta=2),
                     T.baddbmm(T.ones(3, 2, 2).transpose(0, 2), T.ones(2, 2, 3), T.ones(2, 3, 2), alpha=2),
                     T.addbmm(T.ones(3, 2).t(), T.ones(2, 2, 3), T.ones(2, 3, 3), alpha=2),
                     T.addmv(T.ones(4)[::2], T.ones(2, 3), T.ones(3), alpha=2),
                     T.addr(T.ones(3, 2).t(), T.ones(2), T.ones(3), alpha=2),
                     T.addr(T.ones(3), T.ones(4)[::2], T.ones(3)), T.addr(T.ones(2, 1), T.ones(2), T.ones(6)[::2])])


LEGACY_FORMS = [  # coefficients first (deprecated, still accepted by PyTorch)
    lambda T: T.addmm(2, T.ones(2, 2), T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addmm(2, T.ones(2, 2), 3, T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.ones(2, 2).addmm(2, T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.ones(2, 2).addmm_(2, 3, T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addmv(2, T.ones(2), T.ones(2, 3), T.ones(3)), lambda T: T.addr(2, T.ones(2, 3), T.ones(2), T.ones(3)),
    lambda T: T.baddbmm(2, T.ones(1, 2, 2), T.ones(1, 2, 3), T.ones(1, 3, 2)),
    lambda T: T.addbmm(2, T.ones(2, 2), 3, T.ones(1, 2, 3), T.ones(1, 3, 2)),
    lambda T: T.ones(2, 3).addr_(2, 3, T.ones(2), T.ones(3)), lambda T: T.ones(2).addmv_(2, 3, T.ones(2, 3), T.ones(3)),
    lambda T: T.addmm(2.5, T.ones(2, 2), T.ones(2, 3), T.ones(3, 2), out=T.ones(2, 2)),
    lambda T: T.addmm(2, T.ones(2, 2), [1], T.ones(3, 2)),
    lambda T: T.addmm(T.ones(2, 2), T.ones(2, 3), T.ones(3, 2), 2),
]


@pytest.mark.parametrize("fn", LEGACY_FORMS)
def test_add_products_legacy_forms(fn):
    check(fn)


def test_addbmm_in_place_resizes_self():
    """PyTorch computes addbmm_ through its out= path: self broadcasts to the result, then takes its shape."""
    def fn(T, x):
        r = x.addbmm_(T.ones(3, 2, 2), T.ones(3, 2, 2))
        return r is x, x

    for make in (lambda T: T.ones(2), lambda T: T.ones(2, 1).t(), lambda T: T.ones(2, 2).t(), lambda T: T.ones(3, 3),
                 lambda T: T.ones(2).expand(2, 2)):
        check(lambda T: fn(T, make(T)), match_message=True)


@pytest.mark.parametrize("op", ADD_OPS)
def test_add_products_ignore_input_when_beta_is_zero(op):
    shape, (a, b), _ = ADD_OPS[op]
    check(lambda T: getattr(T, op)(T.full(shape, float("nan")), T.ones(a), T.ones(b), beta=0))
    check(lambda T: getattr(T, op)(T.full(shape, float("nan")), T.ones(a), T.ones(b), beta=0.0, alpha=3))


def test_add_products_float16_rounding():
    """float16/bfloat16 sums accumulate in float32; addbmm rounds after each batch."""
    for dtype in ("float16", "bfloat16"):
        check(lambda T: T.addbmm(T.ones(2, 2, dtype=getattr(T, dtype)), T.full((5, 2, 3), 0.1, dtype=getattr(T, dtype)),
                                 T.full((5, 3, 2), 0.3, dtype=getattr(T, dtype)), alpha=0.7), ulps=1)
        check(lambda T: T.addmm(T.ones(2, 2, dtype=getattr(T, dtype)), T.full((2, 3), 0.1, dtype=getattr(T, dtype)),
                                T.full((3, 2), 0.3, dtype=getattr(T, dtype)), alpha=0.7), ulps=1)


ADD_ERRORS = [
    lambda T: T.addmm(T.ones(2, 2), T.ones(2, 3), T.ones(3, 2, dtype=T.float64)),
    lambda T: T.addmm(T.ones(2, 2, dtype=T.float64), T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addmm(T.ones(2, 2), T.ones(2, 3, dtype=T.float64), T.ones(3, 2)),
    lambda T: T.addmm(T.ones(3), T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addmm(T.ones(2, 2, 2), T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addmm(T.ones(3), T.ones(2, 3, 1), T.ones(3, 2)),
    lambda T: T.addmm(T.ones(3), T.ones(2, 3), T.ones(4, 2)),
    lambda T: T.addmm(T.ones(2, 2), T.ones(2, 3), T.ones(3, 2), alpha=1j),
    lambda T: T.addmm(T.ones(2, 2, dtype=T.bool), T.ones(2, 0, dtype=T.bool), T.ones(0, 2, dtype=T.bool)),
    lambda T: T.addmm(T.ones(2, 2, dtype=T.bool), T.ones(2, 0, dtype=T.bool), T.ones(0, 2, dtype=T.bool), beta=0),
    lambda T: T.ones(2).addmm_(T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.ones(2, 2, dtype=T.int64).addmm_(T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addbmm(T.ones(2, 2), T.ones(3, 2, 3), T.ones(4, 3, 2)),
    lambda T: T.addbmm(T.ones(2, 2), T.ones(3, 2, 3), T.ones(3, 4, 2)),
    lambda T: T.addbmm(T.ones(2, 2), T.ones(2, 3), T.ones(3, 2)),
    lambda T: T.addbmm(T.ones(2, 2), T.ones(3, 2, 3), T.ones(3, 3, 2, dtype=T.float64)),
    lambda T: T.addbmm(T.ones(3, 3), T.ones(3, 2, 3), T.ones(3, 3, 2)),
    lambda T: T.addbmm(T.ones(2, 2), T.ones(0, 2, 3), T.ones(0, 3, 2)),
    lambda T: T.addbmm(T.ones(2, 2, dtype=T.bool), T.ones(0, 2, 3, dtype=T.bool), T.ones(0, 3, 2, dtype=T.bool)),
    lambda T: T.baddbmm(T.ones(3, 2, 2), T.ones(3, 2, 3), T.ones(3, 3, 2, dtype=T.float64)),
    lambda T: T.baddbmm(T.ones(3, 2, 2, dtype=T.float64), T.ones(3, 2, 3), T.ones(3, 3, 2)),
    lambda T: T.baddbmm(T.ones(3, 2, 2), T.ones(3, 2, 3), T.ones(4, 3, 2)),
    lambda T: T.baddbmm(T.ones(2, 2, 2), T.ones(3, 2, 3), T.ones(3, 3, 2)),
    lambda T: T.baddbmm(T.ones(3, 2, 2), T.ones(2, 3), T.ones(3, 3, 2)),
    lambda T: T.ones(2, 2).baddbmm_(T.ones(3, 2, 3), T.ones(3, 3, 2)),
    lambda T: T.addmv(T.ones(2), T.ones(2, 3), T.ones(3, dtype=T.float64)),
    lambda T: T.addmv(T.ones(2, dtype=T.float64), T.ones(2, 3), T.ones(3)),
    lambda T: T.addmv(T.ones(3), T.ones(2, 3), T.ones(3)),
    lambda T: T.addmv(T.ones(2, 1), T.ones(2, 3), T.ones(3)),
    lambda T: T.addmv(T.ones(2), T.ones(2, 3), T.ones(3, 1)),
    lambda T: T.addmv(T.ones(1), T.ones(2, 3), T.ones(3)),
    lambda T: T.addmv_(T.ones(2), T.ones(2, 3), T.ones(3), beta=2),
    lambda T: T.addr(T.ones(2, 3), T.ones(2, 1), T.ones(3)),
    lambda T: T.addr(T.ones(3, 3), T.ones(2), T.ones(3)),
    lambda T: T.addr(T.ones(3), T.ones(2), T.ones(3, dtype=T.float64)),
    lambda T: T.addr(T.ones(2, 3, dtype=T.int64), T.ones(2), T.ones(3, dtype=T.uint8)),
    lambda T: T.addr(T.ones(2, 3, dtype=T.int64), T.ones(2, dtype=T.int8), T.ones(3, dtype=T.uint8), beta=0.5),
    lambda T: T.addr(T.ones(2, 3, dtype=T.bool), T.ones(2, dtype=T.bool), T.ones(3, dtype=T.bool), alpha=0.5),
    lambda T: T.ones(2, 3, dtype=T.int64).addr_(T.ones(2), T.ones(3)),
    lambda T: T.ones(2, 3).addr_(T.ones(2, dtype=T.int64), T.ones(3, dtype=T.int64)),
    lambda T: T.ones(2, 1).addr_(T.ones(2), T.ones(3)),
    lambda T: T.ones(3).addr_(T.ones(2), T.ones(3), beta=True),
    lambda T: T.addr(T.ones(2, 3), T.ones(2), T.ones(3), beta=True, alpha=0.5),
    lambda T: T.addr(T.ones(2, 3, dtype=T.bool), T.ones(2, dtype=T.bool), T.ones(3, dtype=T.bool), alpha=1j),
    lambda T: T.addr(T.ones(2, 3, dtype=T.float16), T.ones(2, dtype=T.float16), T.ones(3, dtype=T.float16), alpha=1e6),
    lambda T: T.addr(T.ones(2, 3, dtype=T.uint8), T.ones(2, dtype=T.uint8), T.ones(3, dtype=T.uint8), alpha=-1),
]
# With nothing to sum PyTorch scales the input by beta in place, so beta must cast to the input's dtype
EMPTY_SUMS = {
    "addmm": ((2, 2), (2, 0), (0, 2)), "addbmm": ((2, 2), (3, 2, 0), (3, 0, 2)),
    "addbmm_one": ((2, 2), (1, 2, 0), (1, 0, 2)),
    "addbmm_none": ((2, 2), (0, 2, 3), (0, 3, 2)), "baddbmm": ((2, 2, 2), (2, 2, 0), (2, 0, 2)),
    "addmv": ((2,), (2, 0), (0,)),
}


@pytest.mark.parametrize("dtype", ["bool", "uint8", "int64", "float16", "float32", "complex64"])
@pytest.mark.parametrize("op", EMPTY_SUMS)
def test_add_products_with_empty_sums(op, dtype):
    shapes = EMPTY_SUMS[op]
    for kw in ({}, {"beta": 0}, {"beta": 2, "alpha": 3}, {"beta": True, "alpha": False}, {"beta": 0.5}, {"beta": 1j}):
        check(lambda T: getattr(T, op.split("_")[0])(*[operand(T, s, dtype, seed=i) for i, s in enumerate(shapes)],
                                                     **kw),
              match_message=True)
COEFFICIENT_CONVERSIONS = [("uint8", -1), ("uint8", -1.5), ("uint8", 300), ("uint8", -300), ("int8", 200),
                           ("int16", 1e6),
                           ("int32", 1e10), ("int64", 1e30), ("int64", float("nan")), ("float16", 1e6),
                           ("bfloat16", 1e300), ("float32", 1e300), ("float32", float("inf")), ("float32", 1j),
                           ("float64", 2 + 0j), ("complex64", 1e300), ("complex64", 1j), ("int64", True),
                           ("bool", 1.5)]


@pytest.mark.parametrize("dtype, alpha", COEFFICIENT_CONVERSIONS, ids=str)
def test_coefficient_conversions(dtype, alpha):
    check(lambda T: T.addmm(T.ones(2, 2, dtype=getattr(T, dtype)), T.ones(2, 3, dtype=getattr(T, dtype)),
                            T.ones(3, 2, dtype=getattr(T, dtype)), alpha=alpha), match_message=True)
    check(lambda T: T.addmv(T.ones(2, dtype=getattr(T, dtype)), T.ones(2, 3, dtype=getattr(T, dtype)),
                            T.ones(3, dtype=getattr(T, dtype)), beta=alpha), match_message=True)


@pytest.mark.parametrize("fn", ADD_ERRORS)
def test_add_product_promotion_and_errors(fn):
    check(fn, match_message=True)


# ---------------------------------------------------------------------------------------------
# multi_dot, chain_matmul, linalg.vecdot (torch.linalg re-exports Ember's from ops.linalg)


def _linalg(T, name):
    if T is _torch:
        return getattr(T.linalg, name)
    return getattr(_ember_linalg, {"vecdot": "linalg_vecdot"}.get(name, name))


CHAINS = [[(2, 3), (3, 4)], [(3,), (3, 2)], [(2, 3), (3,)], [(3,), (3,)], [(3,), (3, 2), (2,)],
          [(2, 3), (3, 4), (4, 5), (5, 1)], [(6, 2), (2, 5), (5, 1), (1, 4)], [(2, 0), (0, 4)], [(0,), (0,)]]


@pytest.mark.parametrize("dtype", ["int64", "float16", "float32", "float64", "complex64", "bool"])
def test_multi_dot(dtype):
    for shapes in CHAINS:
        check(lambda T: _linalg(T, "multi_dot")([operand(T, s, dtype, LAYOUTS[i % 3], i, real=True)
                                                  for i, s in enumerate(shapes)]),
              ulps=tolerance(dtype), match_message=True)
    check(lambda T: T.chain_matmul(*[operand(T, s, dtype, seed=i, real=True) for i, s in enumerate(CHAINS[5])]),
          ulps=tolerance(dtype), match_message=True)


@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_multi_dot_order(dtype):
    """The cheapest order, ties from the left; each partial product rounds, so the order shows in the values."""
    for shapes in ([(2, 2), (2, 2), (2, 2)], [(3, 2), (2, 3), (3, 2)], [(2, 3), (3, 2), (2, 3)], [(4,), (4, 4), (4,)],
                   [(5,), (5, 2), (2, 6), (6, 3), (3,)], [(2, 3), (3, 4), (4, 2), (2, 5), (5, 3)]):
        check(lambda T: _linalg(T, "multi_dot")([T.tensor(sample(s, dtype, i).tolist(), dtype=getattr(T, dtype))
                                                  for i, s in enumerate(shapes)]), ulps=1)


MULTI_DOT_ERRORS = [[(3,)], [], [(2, 3), (4, 2)], [(2, 3), (3, 2, 2)], [(2, 3, 2), (3, 2)], [(2, 3), (3, 4), (5, 5)],
                    [(2, 3), (3, 2, 2), (2,)], [(2, 3), (3,), (2,)], [(), (3,)]]


@pytest.mark.parametrize("shapes", MULTI_DOT_ERRORS, ids=str)
def test_multi_dot_errors(shapes):
    check(lambda T: _linalg(T, "multi_dot")([T.ones(s) for s in shapes]), match_message=True)


def test_multi_dot_arguments():
    multi_dot = _linalg
    check(lambda T: multi_dot(T, "multi_dot")([T.ones(2, 3), T.ones(3, 2, dtype=T.float64)]), match_message=True)
    check(lambda T: multi_dot(T, "multi_dot")((T.ones(2, 3), T.ones(3, 4))))
    check(lambda T: multi_dot(T, "multi_dot")([T.ones(2, 3), 3]), match_message=True)
    check(lambda T: multi_dot(T, "multi_dot")(T.ones(2, 3)), match_message=True)
    check(lambda T: multi_dot(T, "multi_dot")([T.ones(2, 3), T.ones(3, 4)], out=T.empty(0)))
    check(lambda T: multi_dot(T, "multi_dot")([T.ones(2, 3), T.ones(3, 4)], out=T.empty(2, 4, dtype=T.float64)),
          match_message=True)
    check(lambda T: [T.chain_matmul(T.ones(2, 3).t()), T.chain_matmul(T.ones(2, 3), T.ones(3, 4))])
    for args in ([], [(3,)], [(3,), (3,)], [(2, 3), (4, 5)]):
        check(lambda T: T.chain_matmul(*[T.ones(s) for s in args]), match_message=True)


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_vecdot(dtype):
    vecdot = _linalg
    for a, b, dim in [((2, 3), (3,), -1), ((2, 3), (2, 1), 0), ((4, 3), (3,), 1), ((), (), -1), ((2, 0), (2, 0), -1),
                      ((2, 3, 4), (3, 1), -2)]:
        for layout in LAYOUTS:
            check(lambda T: vecdot(T, "vecdot")(operand(T, a, dtype, layout, 1), operand(T, b, dtype, seed=2), dim=dim),
                  ulps=tolerance(dtype), match_message=True)
    check(lambda T: vecdot(T, "vecdot")(T.tensor([1 + 2j, 3j]), T.tensor([1 + 1j, 2 + 0j])))


def test_vecdot_errors():
    vecdot = _linalg
    check(lambda T: vecdot(T, "vecdot")(T.ones(2, 3), T.ones(3, dtype=T.float64)), match_message=True)
    check(lambda T: vecdot(T, "vecdot")(T.ones(2, 3), T.ones(4)), match_message=True)
    check(lambda T: vecdot(T, "vecdot")(T.ones(2, 3), T.ones(2, 3), dim=2), match_message=True)
    check(lambda T: vecdot(T, "vecdot")(T.ones(2, 3), T.ones(2, 3), dim=0, out=T.empty(3)))
