"""Every store class the package can open has a run of the contract suite."""

from __future__ import annotations

from graph.stores import STORE_SCHEMES, EmbeddedStore, store_for_uri
from tests.graph.stores.conftest import STORE_FACTORIES


def test_every_store_class_runs_the_contract() -> None:
    classes = {EmbeddedStore} | {type(store_for_uri(f"{s}://127.0.0.1:1")) for s in STORE_SCHEMES}
    covered = {factory.cls for factory in STORE_FACTORIES.values()}
    missing = sorted(c.__name__ for c in classes - covered)
    assert not missing, f"no contract run for {missing}: add a factory to STORE_FACTORIES"
