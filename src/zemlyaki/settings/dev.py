"""Local runs (`make run`): debug off by default so the served site behaves as in production."""

from .base import *  # noqa: F401,F403
from .env import env_bool

DEBUG = env_bool("DEBUG", False)
