"""Partners for a stated need on the district graph, scored on the labelled set of needs.

``python -m bench needs`` loads ``data/district`` into an in-memory embedded store and ranks
the institutions for each need of ``data/district/needs-eval.yaml`` (34 needs written from the
institutions' real research pages, each with the institutions that fit it). It prints Hits@1,
Hits@3 and MRR of:

- *before*: the text scored as it was before the one segmentation, a cosine of character
  unigrams and bigrams (TF-IDF) with the same weight and the same other signals;
- *after*: :func:`graph.match.rank.answer_matches` as shipped (jieba words with the domain
  dictionary, IDF times general-language specificity);

for all needs and by need length, and the same figures for the answers that flag themselves
low confidence and for the others (the flag is useful when the first are worse). With the
city scale store of issue 18 (``var/scale/city.db``, copied, never written), it also times
fitting the text profiles of its ~10,000 organisations, with words and with character n-grams.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import yaml

from graph.evaluation.needs import LabelledNeed, by_length, labelled_needs, score_needs
from graph.match.index import match_index
from graph.match.query import PartnersQuery
from graph.match.rank import TEXT_WEIGHT, answer_matches
from graph.match.text import TextModel
from graph.model import NodeKind
from graph.stores.embedded import EmbeddedStore
from loaders.load import load_paths

ROOT = Path(__file__).resolve().parents[1]
NEEDS_FILE = ROOT / "data" / "district" / "needs-eval.yaml"
DISTRICT = ROOT / "data" / "district"
CITY = ROOT / "var" / "scale" / "city.db"

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"[a-z0-9][a-z0-9\-]+")


def read_needs(path: Path = NEEDS_FILE) -> list[LabelledNeed]:
    """The labelled needs of ``path``."""
    return labelled_needs(yaml.safe_load(path.read_text(encoding="utf-8")))


def district_store() -> EmbeddedStore:
    """An in-memory embedded store holding ``data/district``."""
    store = EmbeddedStore(":memory:")
    store.open()
    load_paths(store, [DISTRICT])
    return store


def after(store: EmbeddedStore) -> Callable[[str], list[str]]:
    """Rank institutions for a need as shipped."""

    def rank(text: str) -> list[str]:
        query = PartnersQuery(text=text, k=100)
        return [m.id for m in answer_matches(store, query).items]

    return rank


def _char_grams(text: str) -> list[str]:
    low = text.lower()
    tokens: list[str] = []
    for run in _HAN_RUN.findall(low):
        tokens.extend(run)
        tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    tokens.extend(_LATIN.findall(low))
    return tokens


def before(store: EmbeddedStore) -> Callable[[str], list[str]]:
    """Rank institutions with the text scored on character n-grams (the earlier matcher)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    index = match_index(store)
    view = index.view([NodeKind.INSTITUTION.value])
    vectoriser = TfidfVectorizer(analyzer=_char_grams, sublinear_tf=True)
    profiles = vectoriser.fit_transform([index.profiles[r] for r in view.rows])
    ids = [index.ids[r] for r in view.rows]

    def rank(text: str) -> list[str]:
        shipped = answer_matches(store, PartnersQuery(text=text, k=len(ids))).items
        rest = {m.id: m.score - m.signals.get("text", 0.0) for m in shipped}
        cosine = np.asarray((profiles @ vectoriser.transform([text]).T).toarray()).ravel()
        score = {
            i: rest.get(i, 0.0) + TEXT_WEIGHT * float(c) for i, c in zip(ids, cosine, strict=True)
        }
        return sorted(ids, key=lambda i: -score[i])

    return rank


def _row(
    label: str, needs: Sequence[LabelledNeed], rankers: dict[str, Callable[[str], list[str]]]
) -> str:
    cells = []
    for rank in rankers.values():
        s = score_needs(needs, rank)
        cells.append(f"{s.hits_1:.3f} | {s.hits_3:.3f} | {s.mrr:.3f}")
    return f"| {label} | {len(needs)} | " + " | ".join(cells) + " |"


def fit_times(path: Path = CITY) -> None:
    """Seconds to fit the text profiles of the store at ``path`` (a copy), words and n-grams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "city.db"
        shutil.copy(path, copy)
        store = EmbeddedStore(copy)
        store.open()
        try:
            profiles = match_index(store).profiles
            TextModel.fit(["冬枣"])  # jieba's dictionary and IDF table, loaded once a process
            start = time.perf_counter()
            TextModel.fit(profiles)
            words = time.perf_counter() - start
            start = time.perf_counter()
            TfidfVectorizer(analyzer=_char_grams, sublinear_tf=True).fit_transform(profiles)
            grams = time.perf_counter() - start
        finally:
            store.close()
    print(f"\ntext fit of {len(profiles):,} profiles: words {words:.1f} s, n-grams {grams:.1f} s")


def main() -> None:
    needs = read_needs()
    store = district_store()
    try:
        rankers = {"before": before(store), "after": after(store)}
        print("| needs | n | before Hits@1 | Hits@3 | MRR | after Hits@1 | Hits@3 | MRR |")
        print("|---|---|---|---|---|---|---|---|")
        print(_row("all", needs, rankers))
        for label, group in by_length(needs).items():
            if group:
                print(_row(label, group, rankers))
        answers = {n.need: answer_matches(store, PartnersQuery(text=n.need, k=100)) for n in needs}
        for flag in ("normal", "low"):
            group = [n for n in needs if answers[n.need].confidence == flag]
            scores = score_needs(group, lambda t: [m.id for m in answers[t].items])
            print(
                f"\nconfidence {flag}: {len(group)} of {len(needs)} needs, "
                f"Hits@1 {scores.hits_1:.3f}, Hits@3 {scores.hits_3:.3f}, MRR {scores.mrr:.3f}"
            )
    finally:
        store.close()
    if CITY.exists():
        fit_times()


if __name__ == "__main__":
    main()
