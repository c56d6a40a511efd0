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
            check(lambda T: T.matmul(operand(T, a, dtype, la, 1), operand(T, b, dtype, lb, 2, real=True)), ulps=tolerance(dtype),
                  match_message=True)
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
