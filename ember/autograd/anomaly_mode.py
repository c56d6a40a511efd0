"""Anomaly detection: backward checks every gradient for NaN and names the forward op that produced a bad one."""
import traceback
import warnings

from . import grad_mode

_ENABLED_WARNING = ("Anomaly Detection has been enabled. This mode will increase the runtime and should only be "
                    "enabled for debugging.")


def is_anomaly_enabled():
    return grad_mode._state.anomaly


def is_anomaly_check_nan_enabled():
    return grad_mode._state.anomaly and grad_mode._state.check_nan


class detect_anomaly:
    """Context manager (and decorator) turning anomaly detection on inside it."""

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        warnings.warn(_ENABLED_WARNING, UserWarning, stacklevel=2)

    def __enter__(self):
        self._prev = (grad_mode._state.anomaly, grad_mode._state.check_nan)
        grad_mode._state.anomaly, grad_mode._state.check_nan = True, self.check_nan

    def __exit__(self, *exc):
        grad_mode._state.anomaly, grad_mode._state.check_nan = self._prev
        return False

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            with self.__class__(self.check_nan):
                return func(*args, **kwargs)
        return wrapper


class set_detect_anomaly:
    """Turn anomaly detection on or off: as a call, or as a context manager that restores the previous mode."""

    def __init__(self, mode, check_nan=True):
        self._prev = (grad_mode._state.anomaly, grad_mode._state.check_nan)
        if mode:
            warnings.warn(_ENABLED_WARNING, UserWarning, stacklevel=2)
        grad_mode._state.anomaly, grad_mode._state.check_nan = bool(mode), check_nan

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        grad_mode._state.anomaly, grad_mode._state.check_nan = self._prev
        return False


def forward_trace():
    """Where the op being recorded was called from (kept on its node while anomaly detection is on)."""
    return "".join(traceback.format_stack()[:-3])


def report(node):
    """Warn with the forward traceback of ``node``, whose backward has just failed."""
    trace = node.__dict__.get("_forward_trace")
    if trace is None:
        warnings.warn(f"Error detected in {node.name()}. No forward pass information available. Enable detect "
                      "anomaly during forward pass for more information.", UserWarning)
    else:
        warnings.warn(f"Error detected in {node.name()}. Traceback of forward call that caused the error:\n{trace}",
                      UserWarning)


def check_nan(node, grads):
    """PyTorch's error for a node whose backward returned NaN."""
    for i, g in enumerate(grads):
        if g is not None and g._data.size and g._data.dtype.kind in "fc" and (g._data != g._data).any():
            raise RuntimeError(f"Function '{node.name()}' returned nan values in its {i}th output.")
