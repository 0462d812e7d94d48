"""routegen: integration-route infographics and multilingual sites from one route file."""

__version__ = "0.1.0"
