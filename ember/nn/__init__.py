"""Neural-network building blocks (``torch.nn``); for now only :mod:`ember.nn.functional`."""
from . import functional
