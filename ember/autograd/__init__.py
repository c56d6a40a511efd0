"""Automatic differentiation: the backward engine, its entry points and the grad modes."""
from . import functional, graph
from .entry import backward, grad
from .function import Function, FunctionCtx, once_differentiable
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad, set_grad_enabled
