"""Grad modes: no_grad, enable_grad, set_grad_enabled, inference_mode; thread-local like PyTorch's."""
import functools
import threading


class _State(threading.local):
    enabled = True
    inference = False
    anomaly = False
    check_nan = True


_state = _State()


def is_grad_enabled():
    """Whether operations record history for autograd on this thread."""
    return _state.enabled


def is_inference_mode_enabled():
    """Whether inference mode is on for this thread."""
    return _state.inference


class _Mode:
    """A context manager that is also a decorator; subclasses say what to set on entry."""

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.clone():
                return func(*args, **kwargs)
        return wrapper

    def clone(self):
        return self.__class__()

    def __enter__(self):
        self._prev = (_state.enabled, _state.inference)
        self._set()
        return None

    def __exit__(self, *exc):
        _state.enabled, _state.inference = self._prev
        return False


class no_grad(_Mode):
    """Operations inside record no autograd history."""

    def __init__(self, orig_func=None):
        self._func = orig_func

    def _set(self):
        _state.enabled = False


class enable_grad(_Mode):
    """Operations inside record autograd history, even within ``no_grad``."""

    def _set(self):
        _state.enabled = True


class set_grad_enabled(_Mode):
    """Turn history recording on or off: as a function call, a context manager or a decorator."""

    def __init__(self, mode):
        self._mode = bool(mode)
        self._prev = (_state.enabled, _state.inference)
        _state.enabled = self._mode

    def clone(self):
        return self.__class__(self._mode)

    def __enter__(self):  # the mode was set on construction; the state before it is already kept
        return None

    def _set(self):
        _state.enabled = self._mode


class inference_mode(_Mode):
    """Like ``no_grad``, and tensors made inside are marked as inference tensors."""

    def __init__(self, mode=True):
        self._mode = bool(mode)

    def clone(self):
        return self.__class__(self._mode)

    def _set(self):
        if self._mode:
            _state.enabled = False
            _state.inference = True
