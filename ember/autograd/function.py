"""User-defined differentiable operations: ``autograd.Function`` with ``forward``/``backward`` (and the
``setup_context`` form), the ``ctx`` they share, and ``once_differentiable``."""
import functools

from . import grad_mode
from .graph import Node, record


class FunctionCtx:
    """What ``forward`` and ``backward`` share: saved tensors, flags, and any attribute the user sets."""

    def save_for_backward(self, *tensors):
        self._to_save = tensors

    def mark_dirty(self, *tensors):
        self._dirty = tensors

    def mark_non_differentiable(self, *tensors):
        self._non_differentiable = tensors

    def set_materialize_grads(self, value):
        self._materialize = bool(value)


class BackwardCFunction(Node, FunctionCtx):
    """The grad_fn of a Function's outputs; it is also the ``ctx`` both methods receive."""

    _function = None

    def __init__(self):
        super().__init__()
        self._to_save = ()
        self._dirty = self._non_differentiable = ()
        self._materialize = True
        self.needs_input_grad = ()

    def name(self):
        return type(self).__name__

    @property
    def saved_tensors(self):
        return Node.saved_tensors.fget(self)

    def backward(self, *grads):
        if self._materialize:
            from ..creation import zeros
            grads = tuple(zeros(shape, dtype=dtype) if g is None else g
                          for g, (shape, dtype) in zip(grads, self._output_meta))
        result = self._function.backward(self, *grads)
        if type(result) is not tuple:
            result = (result,)
        expected = len(self._positions)
        if len(result) != expected and not (len(result) > expected and
                                             all(g is None for g in result[expected:])):
            raise RuntimeError(f"function {self.name()} returned an incorrect number of gradients (expected "
                               f"{expected}, got {len(result)})")
        return tuple(result[i] for i in self._tensor_positions)


class _FunctionMeta(type):
    """Gives every Function subclass its own grad_fn class, ``<Name>Backward``."""

    def __init__(cls, name, bases, namespace):
        super().__init__(name, bases, namespace)
        cls._backward_cls = type(f"{name}Backward", (BackwardCFunction,), {"_function": cls})


class Function(metaclass=_FunctionMeta):
    """Subclass with static ``forward(ctx, *args)`` (or ``forward(*args)`` plus ``setup_context``) and
    ``backward(ctx, *grads)``; call it with ``MyFunction.apply(*args)``."""

    def __init__(self, *args, **kwargs):
        import warnings
        warnings.warn(f"{type(self)} should not be instantiated. Methods on autograd functions are all static, so you "
                      "should invoke them on the class itself. Instantiating an autograd function will raise an error "
                      "in a future version of PyTorch.", DeprecationWarning, stacklevel=2)

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        from ..tensor import Tensor
        ctx = cls._backward_cls()
        tensor_positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        recording = grad_mode._state.enabled and any(args[i]._requires_grad for i in tensor_positions)
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad and recording for a in args)
        custom_setup = cls.setup_context is not Function.setup_context
        with grad_mode.no_grad():
            if custom_setup:
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        if not recording:
            return output
        outputs = output if isinstance(output, tuple) else (output,)
        ctx._positions = args
        ctx._tensor_positions = tensor_positions
        ctx._output_meta = [(o.shape, o.dtype) if isinstance(o, Tensor) else ((), None) for o in outputs]
        ctx.outputs = len(outputs)
        outputs = _record(ctx, outputs, [args[i] for i in tensor_positions])
        return outputs if isinstance(output, tuple) else outputs[0]


def _record(ctx, outputs, inputs):
    """Attach ``ctx`` as the grad_fn of the differentiable outputs and save what forward asked to save."""
    from ..tensor import Tensor, _alias
    frozen = {id(t) for t in ctx._non_differentiable}
    dirty = {id(t) for t in ctx._dirty}
    differentiable = []
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor) or id(out) in frozen or out._dtype._kind < 2:
            differentiable.append(None)
            continue
        if any(out is x for x in inputs) and id(out) not in dirty:
            out = _alias(out, out.untyped_storage())  # an input returned unchanged comes back as a new tensor
            outputs = outputs[:i] + (out,) + outputs[i + 1:]
        differentiable.append(out)
    record(ctx, tuple(differentiable), inputs)
    for out in ctx._non_differentiable:
        out._requires_grad = False
    saved = ctx._to_save
    ctx.save(*saved, outputs=tuple(i for i, t in enumerate(saved) if any(t is o for o in outputs)))
    return outputs


def once_differentiable(backward):
    """Mark a ``backward`` as not itself differentiable: it runs without recording history."""
    @functools.wraps(backward)
    def wrapper(ctx, *grads):
        with grad_mode.no_grad():
            return backward(ctx, *grads)
    return wrapper
