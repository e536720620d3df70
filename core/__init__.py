"""Application factory, configuration and shared infrastructure for Signpost."""

from core.app import create_app

__all__ = ["create_app"]
