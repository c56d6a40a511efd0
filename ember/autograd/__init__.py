"""Automatic differentiation (the engine arrives with the autograd issue); grad modes live here now."""
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled, no_grad, set_grad_enabled
