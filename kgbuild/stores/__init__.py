"""External triple stores: a SPARQL 1.1 client, the loader, and an Oxigraph server of our own.

The only package that talks to the network.
"""

from kgbuild.stores.client import (
    ENV_AUTH,
    ENV_PASSWORD,
    ENV_USER,
    Credentials,
    RemoteEngine,
    StoreError,
    default_update_endpoint,
)
from kgbuild.stores.load import DEFAULT_CHUNK_SIZE, LoadReport, VerificationFailed, load
from kgbuild.stores.server import OxigraphServer

__all__ = ["DEFAULT_CHUNK_SIZE", "ENV_AUTH", "ENV_PASSWORD", "ENV_USER", "Credentials",
           "LoadReport", "OxigraphServer", "RemoteEngine", "StoreError", "VerificationFailed",
           "default_update_endpoint", "load"]
