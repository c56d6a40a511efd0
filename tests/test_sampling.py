"""Samplers (bernoulli, multinomial, poisson, normal overloads, in-place distributions) against PyTorch: the same
seed must give the same samples bit for bit, leave the generator in the same state, and fail the same way."""
import math

import pytest

from oracle import check

SEEDS = [0, 1, 42, 2**32 + 7]
FLOATS = ["float32", "float64", "float16", "bfloat16"]
INPLACE = {  # name: (arguments, dtypes PyTorch samples into)
    "exponential_": ((1.5,), FLOATS),
    "geometric_": ((0.3,), FLOATS + ["int64", "int8", "uint8"]),
    "log_normal_": ((0.5, 0.75), FLOATS),
    "cauchy_": ((1.0, 2.0), FLOATS),
    "bernoulli_": ((0.3,), FLOATS + ["int64", "uint8", "bool"]),
}


def seeded(seed, draw):
    """A case: seed the default generator, draw, then a few uniforms to show where the stream stands."""
    def case(T):
        T.manual_seed(seed)
        result = draw(T)
        return result, T.rand(3, dtype=T.float64)
    return case


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", INPLACE)
def test_inplace_distributions(seed, name):
    args, dtypes = INPLACE[name]
    for dtype in dtypes:
        for size in (1, 7, 16, 17, 40):
            check(seeded(seed, lambda T: getattr(T.empty(size, dtype=getattr(T, dtype)), name)(*args)), ulps=0)


@pytest.mark.parametrize("name", INPLACE)
def test_inplace_layouts_and_generator(name):
    args = INPLACE[name][0]
    check(seeded(3, lambda T: getattr(T.empty(4, 5).t(), name)(*args)), ulps=0)
    check(seeded(3, lambda T: getattr(T.empty(6, 4)[::2, 1:], name)(*args)), ulps=0)
    check(seeded(3, lambda T: getattr(T.empty(2, 0, 3), name)(*args)), ulps=0)
    check(seeded(3, lambda T: getattr(T.empty(()), name)(*args)), ulps=0)
    # an explicit generator leaves the default stream alone
    check(seeded(3, lambda T: getattr(T.empty(9), name)(*args, generator=T.Generator().manual_seed(5))), ulps=0)


def test_log_normal_uses_the_cached_normal():
    """The scalar Box-Muller keeps its spare sample across calls, including into log_normal_."""
    check(seeded(0, lambda T: (T.randn(3), T.empty(5).log_normal_(), T.randn(1), T.empty(4).log_normal_(0, 1))),
          ulps=0)


INPLACE_ERRORS = [
    ("exponential_", (0,), "float32"), ("exponential_", (-1.5,), "float32"), ("exponential_", (1.0,), "int64"),
    ("exponential_", (1.0,), "complex64"), ("exponential_", (math.inf,), "float32"),
    ("geometric_", (0,), "float32"), ("geometric_", (1,), "float32"), ("geometric_", (0.5,), "bool"),
    ("geometric_", (0.5,), "complex64"),
    ("log_normal_", (0, 0), "float32"), ("log_normal_", (0, -1), "float32"), ("log_normal_", (), "int64"),
    ("cauchy_", (0, 0), "float32"), ("cauchy_", (0, -2), "float64"), ("cauchy_", (), "int64"),
    ("bernoulli_", (1.5,), "float32"), ("bernoulli_", (-0.1,), "float32"), ("bernoulli_", (0.5,), "complex64"),
]


@pytest.mark.parametrize("name, args, dtype", INPLACE_ERRORS)
def test_inplace_errors(name, args, dtype):
    check(lambda T: getattr(T.ones(3, dtype=getattr(T, dtype)), name)(*args), match_message=True)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("p_dtype", ["float32", "float64", "float16", "bfloat16"])
def test_bernoulli_tensor_probabilities(seed, p_dtype):
    def probs(T, shape=(5, 8)):
        return T.linspace(0, 1, math.prod(shape)).reshape(shape).to(getattr(T, p_dtype))
    check(seeded(seed, lambda T: T.bernoulli(probs(T))), ulps=0)
    check(seeded(seed, lambda T: probs(T).t().bernoulli()), ulps=0)
    check(seeded(seed, lambda T: T.empty(5, 8, dtype=T.int64).bernoulli_(probs(T))), ulps=0)
    check(seeded(seed, lambda T: T.empty(3, 5, 8, dtype=T.bool).bernoulli_(probs(T))), ulps=0)  # p broadcast
    check(seeded(seed, lambda T: T.bernoulli(probs(T), out=T.empty(2, dtype=T.int64))), ulps=0)


def test_bernoulli_scalar_probability():
    check(seeded(0, lambda T: (T.bernoulli(T.ones(4, 5), 0.25), T.ones(3, dtype=T.int32).bernoulli(0.5),
                               T.bernoulli(T.zeros(3), p=0.7))), ulps=0)


@pytest.mark.parametrize("call", [
    lambda T: T.bernoulli(T.tensor([0, 1, 1])),
    lambda T: T.bernoulli(T.tensor([0.5, 2.0])),
    lambda T: T.ones(3).bernoulli_(T.tensor([0.5, -0.5, 0.2])),
    lambda T: T.ones(3, dtype=T.complex64).bernoulli_(T.tensor([0.5, 0.5, 0.2])),
    lambda T: T.ones(3).bernoulli_(T.tensor([1, 0, 1])),
])
def test_bernoulli_errors(call):
    check(call, match_message=True)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", FLOATS)
def test_multinomial(seed, dtype):
    weights = [[0.1, 0.0, 2.0, 0.7, 0.2], [1.0, 1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 3.0, 0.0, 0.5]]

    def probs(T):
        return T.tensor(weights, dtype=getattr(T, dtype))
    check(seeded(seed, lambda T: T.multinomial(probs(T), 7, replacement=True)), ulps=0)
    check(seeded(seed, lambda T: T.multinomial(probs(T)[0], 40, True)), ulps=0)
    check(seeded(seed, lambda T: T.multinomial(probs(T), 1)), ulps=0)
    check(seeded(seed, lambda T: T.multinomial(probs(T), 1, True)), ulps=0)
    check(seeded(seed, lambda T: probs(T)[1].multinomial(4)), ulps=0)
    check(seeded(seed, lambda T: T.multinomial(probs(T)[:2], 2, generator=T.Generator().manual_seed(9))), ulps=0)
    check(seeded(seed, lambda T: T.multinomial(probs(T)[0], 3, out=T.empty(0, dtype=T.int64))), ulps=0)


@pytest.mark.parametrize("call", [
    lambda T: T.multinomial(T.tensor([1, 2]), 1),
    lambda T: T.multinomial(T.tensor([1.0, 2.0]), 0),
    lambda T: T.multinomial(T.tensor([1.0, 2.0]), 3),
    lambda T: T.multinomial(T.tensor([1.0, -2.0]), 1),
    lambda T: T.multinomial(T.tensor([0.0, 0.0]), 1),
    lambda T: T.multinomial(T.tensor([[1.0, 1.0], [0.0, 0.0]]), 2),
    lambda T: T.multinomial(T.tensor([0.0, 0.0]), 2, True),
    lambda T: T.multinomial(T.tensor([1.0, -2.0]), 2, True),
    lambda T: T.multinomial(T.tensor([1.0, math.inf]), 2, True),
    lambda T: T.multinomial(T.tensor([1.0, math.nan]), 2, True),
    lambda T: T.multinomial(T.ones(2, 2, 2), 1),
    lambda T: T.multinomial(T.tensor(1.0), 1),
    lambda T: T.multinomial(T.ones(0, 3), 2),
    lambda T: T.multinomial(T.ones(3), 2, out=T.empty(0)),
])
def test_multinomial_errors_and_empty(call):
    check(call, match_message=True)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", FLOATS)
def test_poisson(seed, dtype):
    rates = [0.0, 0.5, 3.0, 9.99, 10.0, 12.5, 100.0, 1e4]
    check(seeded(seed, lambda T: T.poisson(T.tensor(rates * 3, dtype=getattr(T, dtype)).reshape(3, 8).t())), ulps=0)
    check(seeded(seed, lambda T: T.poisson(T.full((2, 3), 4.0, dtype=getattr(T, dtype)),
                                           generator=T.Generator().manual_seed(1))), ulps=0)


@pytest.mark.parametrize("rates", [[1, 2], [-1.0, 2.0], [1.0, math.nan]])
def test_poisson_errors(rates):
    check(lambda T: T.poisson(T.tensor(rates)), match_message=True)


NORMAL_CALLS = [
    lambda T: T.normal(T.zeros(3), T.ones(3)),
    lambda T: T.normal(T.arange(20.0).reshape(4, 5), T.ones(5) * 2),
    lambda T: T.normal(T.zeros(3), T.ones(2, 1)),
    lambda T: T.normal(T.arange(18.0), 0.5),
    lambda T: T.normal(T.zeros(3, dtype=T.float16), 2.0),
    lambda T: T.normal(T.zeros(2, 3, dtype=T.bfloat16), T.ones(3)),
    lambda T: T.normal(2.0, T.arange(1.0, 20.0, dtype=T.float64)),
    lambda T: T.normal(T.zeros(3), T.ones(3, dtype=T.float64)),
    lambda T: T.normal(T.zeros(3), T.tensor(1.0)),
    lambda T: T.normal(T.zeros(0), 1.0),
    lambda T: T.normal(0.0, 1.0, (2, 3)),
    lambda T: T.normal(1.0, 2.0, size=(17,), dtype=T.float64),
    lambda T: T.normal(0, 1, (2,)),
    lambda T: T.normal(T.zeros(4), T.ones(4), out=T.empty(0)),
    lambda T: T.normal(T.zeros(4), 1.0, generator=T.Generator().manual_seed(2)),
    # errors
    lambda T: T.normal(T.zeros(3), -T.ones(3)),
    lambda T: T.normal(T.zeros(3), -1.0),
    lambda T: T.normal(T.zeros(3, dtype=T.int64), 2.0),
    lambda T: T.normal(2.0, T.ones(3, dtype=T.int64)),
    lambda T: T.normal(T.zeros(3), T.ones(4)),
]


@pytest.mark.parametrize("seed", [0, 2**32 + 7])
@pytest.mark.parametrize("index", range(len(NORMAL_CALLS)))
def test_normal_overloads(seed, index):
    check(seeded(seed, NORMAL_CALLS[index]), ulps=0, match_message=True)


def test_normal_needs_a_size_for_two_numbers():
    check(lambda T: T.normal(0.0, 1.0))
