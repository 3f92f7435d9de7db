"""Scoring document extraction against hand labels (the dev set's ``*.expected.json``).

Records in, scores out: the caller reads the label files and runs the extractor; this module
compares the two as plain dictionaries, the way ``data/docs-dev/README.md`` ("Scoring") says:

- institutions, enterprises and talent programmes: the labels list every surface form, and
  forms with one ``canonical`` are one entity. A labelled entity is found when an extracted
  entity of that kind shares a name with it (its name, surface or an alias against the
  label's surfaces and canonical), compared after ``simplify`` (dropping pinyin annotations,
  traditional to simplified) and :func:`graph.model.canonical_key`. An extracted entity that
  shares no name with any label is a false positive;
- targets: a labelled target is found when an extracted target has the same value and
  operator (each extracted target answers one label);
- platforms (with their kind) and cooperations (enterprise–institution pairs, certain and
  uncertain) are scored the same way as extra rows.

A kind a label file does not have (the seed's labels have no cooperations) is not scored for
that file.

>>> expected = {"enterprises": [{"surface": "華升化工"}, {"surface": "达民化工"}],
...             "targets": [{"text": "10家以上", "op": ">=", "value": 10, "unit": "家"}]}
>>> found = {"enterprises": [{"name": "华升化工", "aliases": []},
...                          {"name": "到华升", "aliases": []}],
...          "targets": [{"text": "10家以上", "op": ">=", "value": 10}]}
>>> s = score_documents([("a", expected, found)], simplify=lambda s: s.replace("華", "华"))
>>> s["kinds"]["enterprises"]["precision"], s["kinds"]["enterprises"]["recall"]
(0.5, 0.5)
>>> s["targets"]["found"], s["targets"]["total"]
(1, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from graph.errors import LoadError
from graph.i18n import _
from graph.model import canonical_key

__all__ = ["ENTITY_KINDS", "EXTRA_KINDS", "score_documents"]

ENTITY_KINDS = ("institutions", "enterprises", "talent_programs")
"""The kinds micro F1 is taken over."""
EXTRA_KINDS = ("platforms", "cooperations", "cooperations_uncertain")
"""Kinds scored as extra rows."""

Simplify = Callable[[str], str]
Record = Mapping[str, Any]


def _key(name: str, simplify: Simplify) -> str:
    return canonical_key(simplify(name))


def _gold_groups(entries: Iterable[Any], simplify: Simplify, where: str) -> list[set[str]]:
    """Labelled entries -> one set of names per entity (forms sharing a canonical merged)."""
    groups: dict[str, set[str]] = {}
    for i, entry in enumerate(entries):
        if isinstance(entry, str):
            names = [entry]
            head = entry
        elif isinstance(entry, Mapping) and isinstance(entry.get("surface"), str):
            head = entry.get("canonical") or entry["surface"]
            names = [entry["surface"], head]
        else:
            raise LoadError(where, _("第 {i} 项：应是名称或带 surface 的对象").format(i=i))
        keys = {_key(n, simplify) for n in names}
        groups.setdefault(_key(head, simplify), set()).update(keys)
    return list(groups.values())


def _found_names(entry: Any, simplify: Simplify) -> set[str]:
    if isinstance(entry, str):
        return {_key(entry, simplify)}
    names = [entry.get("name", ""), entry.get("surface", ""), *entry.get("aliases", [])]
    return {_key(n, simplify) for n in names if n}


class _Tally:
    """Counts for one row of the table: labelled, found, matched on either side."""

    def __init__(self) -> None:
        self.gold = 0
        self.found = 0
        self.gold_hit = 0
        self.found_hit = 0

    def row(self) -> dict[str, float | int]:
        precision = self.found_hit / self.found if self.found else 0.0
        recall = self.gold_hit / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "labelled": self.gold,
            "found": self.found,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
        }


def _entity_row(
    expected: Record, extracted: Record, kind: str, simplify: Simplify, tally: _Tally, where: str
) -> tuple[list[str], list[str]]:
    """Count one file's matches of one kind; return the missed labels and false positives."""
    gold = _gold_groups(expected[kind], simplify, f"{where}: {kind}")
    entries = list(extracted.get(kind, []))
    found = [_found_names(e, simplify) for e in entries]
    tally.gold += len(gold)
    tally.found += len(found)
    misses = []
    for group in gold:
        if any(group & names for names in found):
            tally.gold_hit += 1
        else:
            misses.append(max(group, key=len))
    extras = []
    for entry, names in zip(entries, found, strict=True):
        if any(group & names for group in gold):
            tally.found_hit += 1
        else:
            extras.append(
                entry if isinstance(entry, str) else entry.get("surface") or entry["name"]
            )
    return misses, extras


def _pairs(
    entries: Iterable[Any], names: dict[str, set[str]], simplify: Simplify, where: str
) -> list[tuple[set[str], set[str]]]:
    """Labelled pairs, each side with every surface its canonical name has in the labels."""
    pairs = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not {"enterprise", "institution"} <= set(entry):
            raise LoadError(where, _("第 {i} 项：应有 enterprise 和 institution").format(i=i))
        sides = []
        for side in ("enterprise", "institution"):
            key = _key(entry[side], simplify)
            sides.append(names.get(key, {key}))
        pairs.append((sides[0], sides[1]))
    return pairs


def _label_names(expected: Record, simplify: Simplify) -> dict[str, set[str]]:
    """Canonical (and surface) -> every name labelled for that entity."""
    names: dict[str, set[str]] = {}
    for kind in ("institutions", "enterprises"):
        for group in _gold_groups(expected.get(kind, []), simplify, kind):
            for name in group:
                names.setdefault(name, set()).update(group)
    return names


def _found_pairs(entries: Iterable[Any], simplify: Simplify) -> list[tuple[set[str], set[str]]]:
    found = []
    for e in entries:
        enterprise = {e["enterprise"], *e.get("enterprise_aliases", [])}
        institution = {e["institution"], *e.get("institution_aliases", [])}
        found.append(
            ({_key(n, simplify) for n in enterprise}, {_key(n, simplify) for n in institution})
        )
    return found


def _cooperation_row(
    expected: Record, extracted: Record, kind: str, simplify: Simplify, tally: _Tally, where: str
) -> tuple[list[str], list[str]]:
    uncertain = kind == "cooperations_uncertain"
    gold = _pairs(expected[kind], _label_names(expected, simplify), simplify, f"{where}: {kind}")
    found = [
        p
        for p, e in zip(
            _found_pairs(extracted.get("cooperations", []), simplify),
            extracted.get("cooperations", []),
            strict=True,
        )
        if bool(e.get("uncertain")) == uncertain
    ]
    tally.gold += len(gold)
    tally.found += len(found)
    misses = []
    for ent, inst in gold:
        if any(ent & fe and inst & fi for fe, fi in found):
            tally.gold_hit += 1
        else:
            misses.append(f"{max(ent, key=len)}–{max(inst, key=len)}")
    extras = []
    for fe, fi in found:
        if any(ent & fe and inst & fi for ent, inst in gold):
            tally.found_hit += 1
        else:
            extras.append(f"{min(fe, key=len)}–{min(fi, key=len)}")
    return misses, extras


def _platform_row(
    expected: Record, extracted: Record, simplify: Simplify, tally: _Tally, where: str
) -> tuple[list[str], list[str]]:
    """Platforms: matched by name as entities; a match of the wrong kind is a miss."""
    gold = [
        (e, _gold_groups([e], simplify, f"{where}: platforms")[0]) for e in expected["platforms"]
    ]
    found = [(e, _found_names(e, simplify)) for e in extracted.get("platforms", [])]
    tally.gold += len(gold)
    tally.found += len(found)
    misses = []
    for entry, names in gold:
        if any(names & f and fe.get("kind") == entry.get("kind") for fe, f in found):
            tally.gold_hit += 1
        else:
            misses.append(f"{entry['surface']} ({entry.get('kind', '')})")
    extras = []
    for fe, f in found:
        if any(names & f and fe.get("kind") == entry.get("kind") for entry, names in gold):
            tally.found_hit += 1
        else:
            extras.append(f"{fe.get('surface') or fe.get('name')} ({fe.get('kind', '')})")
    return misses, extras


def _targets(expected: Record, extracted: Record) -> tuple[int, int, list[str], list[str]]:
    """Found labelled targets (same value and op, one extracted target each), misses, extras."""
    left = list(extracted.get("targets", []))
    found = 0
    misses = []
    for target in expected["targets"]:
        match = next(
            (
                t
                for t in left
                if t.get("op") == target.get("op")
                and float(t.get("value", "nan")) == float(target["value"])
            ),
            None,
        )
        if match is None:
            misses.append(str(target.get("text", target["value"])))
        else:
            found += 1
            left.remove(match)
    return found, len(expected["targets"]), misses, [str(t.get("text", "")) for t in left]


def score_documents(
    documents: Sequence[tuple[str, Record, Record]], *, simplify: Simplify
) -> dict[str, Any]:
    """Score ``(name, expected, extracted)`` triples; the result is JSON-ready.

    Returns ``kinds`` (per kind: labelled, found, precision, recall, f1), ``micro`` (over
    :data:`ENTITY_KINDS`), ``targets`` (found, total, extra) and ``files`` (per file, per
    kind, the missed labels and the false positives).
    """
    tallies = {kind: _Tally() for kind in (*ENTITY_KINDS, *EXTRA_KINDS)}
    files: dict[str, dict[str, Any]] = {}
    targets_found = targets_total = targets_extra = 0
    for name, expected, extracted in documents:
        report: dict[str, Any] = {}
        for kind in ENTITY_KINDS:
            if kind in expected:
                misses, extras = _entity_row(
                    expected, extracted, kind, simplify, tallies[kind], name
                )
                report[kind] = {"missed": misses, "false_positives": extras}
        if "platforms" in expected:
            misses, extras = _platform_row(
                expected, extracted, simplify, tallies["platforms"], name
            )
            report["platforms"] = {"missed": misses, "false_positives": extras}
        for kind in ("cooperations", "cooperations_uncertain"):
            if kind in expected:
                misses, extras = _cooperation_row(
                    expected, extracted, kind, simplify, tallies[kind], name
                )
                report[kind] = {"missed": misses, "false_positives": extras}
        if "targets" in expected:
            hit, total, misses, extras = _targets(expected, extracted)
            targets_found += hit
            targets_total += total
            targets_extra += len(extras)
            report["targets"] = {"missed": misses, "false_positives": extras}
        files[name] = report
    micro = _Tally()
    for kind in ENTITY_KINDS:
        t = tallies[kind]
        micro.gold += t.gold
        micro.found += t.found
        micro.gold_hit += t.gold_hit
        micro.found_hit += t.found_hit
    return {
        "documents": len(documents),
        "kinds": {kind: t.row() for kind, t in tallies.items()},
        "micro": micro.row(),
        "targets": {"found": targets_found, "total": targets_total, "extra": targets_extra},
        "files": files,
    }
