"""An enterprise's HTE certificate as the graph records it, and whether its facts are examples.

The enterprise table's ``hte`` column says whether a firm holds a valid High-Tech Enterprise
certificate; ``hte_year`` (or ``hte_date``) and ``hte_number``, when a roster gives them, say
since when and which. A certificate is valid three years (《高新技术企业认定管理办法》第十五条),
so a firm certified in 2019 renews in 2022.

>>> from graph.model import Node, NodeKind, Provenance
>>> node = Node.create(NodeKind.ENTERPRISE, "甲", properties={"hte": True, "hte_year": 2019},
...                    provenance=[Provenance(source="t", synthetic=True)])
>>> certificate_of(node)
Certificate(certified=True, year=2019, number=None, renewal_year=2022)
>>> rests_on_example(node)
True
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from graph.model import Node, PropertyValue

__all__ = ["VALID_YEARS", "Certificate", "certificate_of", "rests_on_example"]

VALID_YEARS = 3
"""An HTE certificate is valid three years (认定管理办法 第十五条)."""


class Certificate(BaseModel):
    """Whether an enterprise is a certified HTE, since when, and when it renews."""

    certified: bool | None
    """True or False as the data says; None when no table says."""
    year: int | None = None
    number: str | None = None
    renewal_year: int | None = None


def _truth(value: PropertyValue) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip():
        return value.strip().lower() in {"1", "true", "yes", "是", "y"}
    if isinstance(value, int | float):
        return bool(value)
    return None


def _year(value: PropertyValue) -> int | None:
    if isinstance(value, date):
        return value.year
    if isinstance(value, int) and not isinstance(value, bool) and 1990 < value < 2200:
        return value
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4])
    return None


def certificate_of(node: Node) -> Certificate:
    """The HTE certificate ``node``'s properties record."""
    props = node.properties
    year = next(
        (y for k in ("hte_year", "hte_date") if (y := _year(props.get(k))) is not None), None
    )
    number = props.get("hte_number")
    certified = _truth(props.get("hte"))
    if certified is None and (year is not None or number):
        certified = True
    return Certificate(
        certified=certified,
        year=year if certified else None,
        number=str(number) if certified and number else None,
        renewal_year=year + VALID_YEARS if certified and year is not None else None,
    )


def rests_on_example(node: Node) -> bool:
    """Whether any of ``node``'s facts may come from an example (synthetic) row.

    A node merges the properties of every row that names it, so one synthetic row among its
    sources (the demo indicators of a real firm) is enough for its verdicts to rest on
    example data.
    """
    return any(p.synthetic for p in node.provenance)
