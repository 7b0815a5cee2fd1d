"""Expected answers of regiograph's cooperation questions, computed with pandas straight from
the hand-written CORDIS fixtures, independently of the Rust code.

    python tests/cooperation_expected.py FIXTURE_DIR REFERENCE_ENTITIES_JSONL

Reads FIXTURE_DIR/{horizon,h2020,fp7}/{project,organization}.csv as CORDIS publishes them,
keeps the rows a careful reader keeps (every required field present and readable), places each
organisation by its NUTS code (the nearest code the reference layer knows) or its country, and
prints one JSON object: participations counted and summed by country, by NUTS 2 and by year,
the country matrix (within-country links included) and the missing-amount counts.
"""

import json
import re
import sys
from itertools import combinations
from pathlib import Path

import pandas as pd

fixtures = Path(sys.argv[1])
reference = Path(sys.argv[2])

# The NUTS codes and country codes the reference layer knows.
nuts_known = set()
for line in reference.read_text(encoding="utf-8").splitlines():
    record = json.loads(line)
    for ext in record.get("external_ids", []):
        if ext["scheme"] == "nuts":
            nuts_known.add(ext["value"])
EU_TO_ISO = {"EL": "GR", "UK": "GB"}


def amount(text):
    """A CORDIS amount with either decimal mark; None when empty, NaN when unreadable."""
    if text is None or str(text).strip() == "":
        return None
    text = str(text).strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    try:
        return float(text)
    except ValueError:
        return float("nan")


def valid_date(text):
    try:
        pd.Timestamp(str(text)[:10])
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(text)[:10]) is not None
    except ValueError:
        return False


projects, organisations = [], []
for programme in ["horizon", "h2020", "fp7"]:
    read = lambda name: pd.read_csv(fixtures / programme / name, sep=";", dtype=str, keep_default_na=False)
    projects.append(read("project.csv"))
    organisations.append(read("organization.csv"))
projects = pd.concat(projects, ignore_index=True)
organisations = pd.concat(organisations, ignore_index=True)

# Projects: an id and readable dates and amounts.
projects = projects[projects["id"].str.strip() != ""]
projects = projects[projects["startDate"].map(lambda d: d == "" or valid_date(d))]
projects = projects[projects["endDate"].map(lambda d: d == "" or valid_date(d))]
projects["year"] = projects["startDate"].map(lambda d: int(d[:4]) if d else None)
year_of = dict(zip(projects["id"], projects["year"]))

# Participations: a known project, a name, a nine-digit PIC, readable amounts and place.
o = organisations
o = o[o["projectID"].isin(projects["id"])]
o = o[o["name"].str.strip() != ""]
o = o[o["organisationID"].str.fullmatch(r"\d{9}")]
o = o[o["geolocation"].map(lambda g: g == "" or re.fullmatch(r"-?\d+(\.\d+)?,-?\d+(\.\d+)?", g) is not None)]
for column in ["ecContribution", "netEcContribution", "totalCost"]:
    # Unreadable amounts refuse the row; empty ones are unknown (NaN below, never zero).
    o = o[o[column].map(lambda text: amount(text) is None or amount(text) == amount(text))]
    o = o.assign(**{column: o[column].map(lambda text: amount(text)).astype(float)})
o = o.drop_duplicates(subset=["projectID", "organisationID", "role"])

# Places: each organisation as its first row gives it (the importer keeps the first).
first = o.drop_duplicates(subset=["organisationID"]).set_index("organisationID")


def nuts_prefix(code, length):
    """The NUTS code at a level above a row's code, when the reference layer knows it."""
    code = code.strip().upper()
    while len(code) > length and code not in nuts_known:
        code = code[:-1]
    if code not in nuts_known:
        return None
    return code[:length] if len(code) >= length and code[:length] in nuts_known else None


o = o.assign(
    country=o["organisationID"].map(lambda pic: EU_TO_ISO.get(first.at[pic, "country"], first.at[pic, "country"])),
    nuts2=o["organisationID"].map(lambda pic: nuts_prefix(first.at[pic, "nutsCode"], 4)),
    year=o["projectID"].map(year_of),
)


def measures(group):
    eu = group["ecContribution"]
    return {
        "projects": int(group["projectID"].nunique()),
        "participations": int(len(group)),
        "organisations": int(group["organisationID"].nunique()),
        "eu": round(float(eu.dropna().sum()), 2),
        "known": int(eu.notna().sum()),
        "missing": int(eu.isna().sum()),
    }


def by(column):
    return {str(key): measures(group) for key, group in o.groupby(o[column].map(lambda v: "null" if v is None or v != v else str(int(v)) if isinstance(v, float) else str(v)))}


matrix = {}
for project, group in o.groupby("projectID"):
    per = {c: g for c, g in group.groupby("country")}
    for c, g in per.items():
        if g["organisationID"].nunique() >= 2:
            link = matrix.setdefault(f"{c}-{c}", {"projects": 0, "participations": 0, "eu": 0.0, "missing": 0})
            link["projects"] += 1
            link["participations"] += len(g)
            link["eu"] += float(g["ecContribution"].dropna().sum())
            link["missing"] += int(g["ecContribution"].isna().sum())
    for a, b in combinations(sorted(per), 2):
        both = pd.concat([per[a], per[b]])
        link = matrix.setdefault(f"{a}-{b}", {"projects": 0, "participations": 0, "eu": 0.0, "missing": 0})
        link["projects"] += 1
        link["participations"] += len(both)
        link["eu"] += float(both["ecContribution"].dropna().sum())
        link["missing"] += int(both["ecContribution"].isna().sum())
for link in matrix.values():
    link["eu"] = round(link["eu"], 2)

print(json.dumps({"country": by("country"), "nuts2": by("nuts2"), "year": by("year"), "matrix": matrix}, sort_keys=True))
