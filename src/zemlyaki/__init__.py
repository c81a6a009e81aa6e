"""Zemlyaki: the working platform of Moscow's regional associations."""

__version__ = "0.1.0"
