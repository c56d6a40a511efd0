"""gradcheck, gradgradcheck and anomaly detection against PyTorch."""
import math

import pytest

from oracle import check


def leaf(T, values, dtype="float64"):
    return T.tensor(values, dtype=getattr(T, dtype), requires_grad=True)


def wrong_backward(T):
    class Triple(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3
    return Triple


def nan_backward(T):
    class Poison(T.autograd.Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * math.nan
    return Poison


def _error(call):
    """The class name and message of the error ``call`` raises (GradcheckError is each library's own class)."""
    try:
        call()
    except RuntimeError as exc:
        return type(exc).__name__, str(exc)


GRADCHECK = {
    "polynomial": lambda T: T.autograd.gradcheck(lambda a, b: a * a * b + b.exp(), (leaf(T, [1.0, -2.0]),
                                                                                    leaf(T, [0.5, 0.25]))),
    "one input needs no grad": lambda T: T.autograd.gradcheck(lambda a, b: a.sin() * b,
                                                              (leaf(T, [1.0, 2.0]), T.tensor([3.0, 4.0],
                                                                                             dtype=T.float64))),
    "matrix input": lambda T: T.autograd.gradcheck(lambda a: a.tanh() * a, (leaf(T, [[0.1, 0.2], [0.3, -0.4]]),)),
    "wrong backward raises": lambda T: _error(lambda: T.autograd.gradcheck(wrong_backward(T).apply,
                                                                            (leaf(T, [1.0, 2.0]),))),
    "wrong backward reported": lambda T: T.autograd.gradcheck(wrong_backward(T).apply, (leaf(T, [1.0, 2.0]),),
                                                              raise_exception=False),
    "nothing requires grad": lambda T: T.autograd.gradcheck(lambda a: a * 2, (T.ones(2, dtype=T.float64),)),
    "gradgradcheck": lambda T: T.autograd.gradgradcheck(lambda a: a * a * a + a.sin(), (leaf(T, [0.5, -1.5]),)),
    "gradgradcheck two inputs": lambda T: T.autograd.gradgradcheck(lambda a, b: a * b * b, (leaf(T, [0.5]),
                                                                                           leaf(T, [2.0])),
                                                                   (T.ones(1, dtype=T.float64),)),
}


@pytest.mark.parametrize("name", GRADCHECK)
def test_gradcheck(name):
    check(GRADCHECK[name], match_message=True)


def test_gradcheck_error_is_a_runtime_error():
    import ember
    assert issubclass(ember.autograd.GradcheckError, RuntimeError)


def test_anomaly_detection_names_the_failing_node():
    def fn(T):
        x = leaf(T, [1.0, 2.0])
        with T.autograd.detect_anomaly():
            nan_backward(T).apply(x).backward(T.ones(2, dtype=T.float64))
    check(fn, match_message=True)

    def builtin(T):
        x = leaf(T, [0.0, 1.0])
        y = x.sqrt() * 0
        with T.autograd.detect_anomaly():
            y.backward(T.ones(2, dtype=T.float64))
    check(builtin, match_message=True)


def test_anomaly_mode_flags():
    def fn(T):
        before = T.is_anomaly_enabled()
        with T.autograd.set_detect_anomaly(True, check_nan=False):
            inside = (T.is_anomaly_enabled(), T.is_anomaly_check_nan_enabled())
        with T.autograd.detect_anomaly():
            nested = T.is_anomaly_enabled()
        return before, inside, nested, T.is_anomaly_enabled()
    check(fn)


def test_without_check_nan_a_nan_gradient_passes():
    def fn(T):
        x = leaf(T, [1.0, 2.0])
        with T.autograd.detect_anomaly(check_nan=False):
            nan_backward(T).apply(x).backward(T.ones(2, dtype=T.float64))
        return x.grad
    check(fn)
