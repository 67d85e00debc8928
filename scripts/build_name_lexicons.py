#!/usr/bin/env python3
"""Build entigraph's name-part lexicons: gazetteer/rules/{given_names.txt, given_name_parts.tsv,
surname_shapes.tsv, name_honorifics.txt}

Run from the repository root (the same venv as scripts/build_gazetteer.py):

    apt-get install -y wamerican                      # /usr/share/dict/american-english
    python3 -m venv /work/venv-gaz
    /work/venv-gaz/bin/pip install wordfreq==3.1.1 names==0.3.0
    /work/venv-gaz/bin/python scripts/build_name_lexicons.py          # regenerate + validate
    /work/venv-gaz/bin/python scripts/build_name_lexicons.py --check  # validate only (stdlib)
    /work/venv-gaz/bin/python scripts/build_name_lexicons.py --stats  # print the measurements

(`python3 scripts/build_name_lexicons.py` re-executes itself in /work/venv-gaz when wordfreq is
not importable.) The two name sources are not installed: their wheels are fetched with
`pip download --no-deps names-dataset==3.3.1 gender-guesser==0.4.0` into --cache (default
~/.cache/entigraph/name-lexicons, or $ENTIGRAPH_LEX_CACHE), checked against pinned sha256 sums
and read as zip files. Output is deterministic: sorted entries, same bytes on every run.

Outputs (gazetteer/rules/; entries folded like the Rust matcher: NFKD, marks removed, lower
case, apostrophes removed, then a-z only; "Mah-Bibi" is two words):
    given_names.txt        51,302 single-word given names (generated)
    given_name_parts.tsv       79 compound pieces: 37 prefixes, 42 suffixes (hand-curated: PARTS)
    surname_shapes.tsv         74 surname endings with origin (hand-curated: SURNAME_SHAPES)
    name_honorifics.txt        34 honorifics that open a name: Seyed, Haji, Mullah, Molavi,
                                  Mamosta... (hand-curated: HONORIFICS; kept out of given_names)
particles.txt (hand-written, not generated) gained umm, bani, aal, ould; ben was left out (also
the English name Ben), and abd/abdel/abdul are given names and compound prefixes, not particles.

Credits
-------
names-dataset 3.3.1 by Philippe Remy (MIT licence): names_dataset/v3/first_names.pkl.gz, 727k
first names with their rank in up to 105 countries (derived from a Facebook leak, so noisy:
"The", "Home", "Evin", "Tehran" are "first names" there).
nam_dict.txt by Joerg Michael (GNU Free Documentation License 1.2+), as shipped in gender-guesser
0.4.0: 48k first names with a frequency per country (hand-made, little noise).
wamerican 2020.12.07 (Debian; SCOWL word list by Kevin Atkinson): its lower-case entries are the
common English words. wordfreq 3.1.1 (Robyn Speer et al., data CC BY-SA 4.0) for English word
frequency; the 1990 US census first-name files of the `names` package (public domain).
Compound parts, surname endings, honorifics, ethnonyms and calendar words: hand-curated here from
general knowledge of naming, never from the evaluation corpora.

How given_names.txt is selected
-------------------------------
1. Candidates: a folded single word with rank <= ND_REGION_RANK (5000) in a names-dataset country
   of the region (IR IQ AF TR AZ EG SA BH SY LB JO PS KW AE QA OM YE LY TN DZ MA SD RU KZ TM GE; no
   Belarus in it) or <= ND_WEST_RANK (1000) in a European / North American country; or in
   nam_dict with frequency >= 1 in a region column (Arabia/Persia, Turkey, Azerbaijan,
   Kazakhstan/Uzbekistan, Armenia, Georgia, Russia, Belarus, Ukraine, Moldova, Israel) or >= 4
   elsewhere (Chinese, Japanese, Korean, Vietnamese, Indian columns skipped). 53,352 candidates.
   Transliteration variants come only from these sources (mohammad mohammed muhammad mohamed
   mohamad; hossein hussein hosein husain hussain; saeid saeed saied; jafar jaafar; moin...).
2. Dropped: 360 shorter than 3 letters; 150 in a rule list (name_stopwords, titles, role_words,
   prison_words, org_heads, particles, place_prefixes, place_context, months, weekdays,
   affiliations, signature_openers, org_tail_words), an honorific, an ethnonym / demonym
   (ETHNONYMS: kurd, baluch, azeri, arab, iranian...) or a calendar word (CALENDAR: nowruz,
   ashura, ramadan), or a single-word country name / alias, the word naming a prison ("Evin",
   "Badr", "Tora", "Sari Central Prison" -> sari) or a single-word organization name / acronym.
3. Dropped, 898: a lower-case wamerican word (will, may, hope, said, home, human, can, man, guy,
   joy, faith, king, prince, khan, shah, roman, angel, mike, tom, max, lily...), unless
   (a) wordfreq zipf < 4.0 (fewer than 10 per million English words) and nam_dict frequency >= 4
       in a region column: amir, ameer, emir, sultan, jihad, jehad, nadir, tamer, fares, hind,
       sahib, raja, abed, wail, lama, shady, rim, tuba, bilge, mete, hale, davit, hamlet, maxim,
       marina, margarita, semen, mane, nil, ani, gad, gal, basil, flora; or
   (b) the US census says the name explains most of the word's English use:
       CENSUS_C * census% / word frequency >= 0.10, CENSUS_C = 3.0e-3 being the median of that
       ratio over the 178 most common census first names that are not English words (James,
       Robert...; spread x0.2-x4). Keeps john (0.41), peter (0.15), martin (0.12), mark (0.25),
       frank (0.31), victor (0.44), roger, carol, grace (0.16), rose (0.13), jack (0.14), harry,
       tony, sue, dean, dawn, iris...; drops will (0.000), may (0.001), hope (0.004), said,
       guy (0.007), joy (0.08), faith (0.01), bill (0.02), mike (0.09), tom (0.05), ray (0.09).
   119 English words are kept this way (--stats lists them).
4. Dropped, 263: a capitalised-only wamerican word (a proper noun) that nam_dict does not know:
   place names, demonyms, surnames and abbreviations (tehran, tabriz, baku, london, berlin,
   islamic, syrian, weber, md). A name both sources know (Ali, Omar) is not affected.
5. Dropped, 202: a names-dataset name that nam_dict does not know and whose English zipf >= 3.0
   (ND_ZIPF_MAX): haha, favour, messi, juventus, haram, halal, mossad, eid, khalifa, taj, modi.
6. Places, 177 dropped / 69 kept: a word that is the name or an alias of a region city of >=
   100,000 people (cities.tsv), the name of another city of >= 1,000,000, or the first word of a
   multi-word country or prison name is dropped unless it is a common name there: nam_dict >= 5
   in a column of the place's part of the world, or >= 8 anywhere (mary, sofia, victoria), or
   names-dataset rank <= 1500 in the place's own country (Tehran is 3351st in Iran, Tabriz
   3776th, Ahvaz 4010th, Mashhad 6072nd, Karaj 9696th; Shahriar 698th, Pardis 1007th) or <= 250
   in any region country (for aliases such as Zubair, Sina, Revan, Aman). Dropped: paris, riyadh,
   ahvaz, ahwaz, amol, abadan, erbil, hawler, homs, herat, najaf, karbala, kerbela, shiraz,
   sari, vakil (Vakil Abad), rajai / shahr (Rajai Shahr), solomon (Islands), sri...
   Kept: adel (Adel Abad Prison, but Adel is a common name), gohar, fatih, aydin, doha, mary,
   hama, madina, riad, sanaa, vladimir, sofia, milan, salvador, santiago, dallas, trinidad...
   Smaller towns and the first word of a multi-word city name are not tested: measured on
   GeoNames' aliases they hit common names (Jassim/Qasim for Jasim, Syria, 30k; Nima for Nimes;
   Rahim Yar Khan; Mary; Adam, Oman) far more often than text that names those towns.

Thresholds (measured with --stats; coverage = person surfaces of >= 2 words whose first word,
after a title or honorific, is a given name or decomposes by given_name_parts.tsv; a hyphenated
first word counts by its first part or its parts joined; dev = shared/eval/dev gold (32
articles), seeds = shared/eval/seeds.gold.json, people.tsv = public figures of the gazetteer;
dev-fp = words of the list that start a capitalised run in the dev texts that is not a gold
person, with their number of occurrences):

    region/west rank  nam region/west   size     dev      seeds   people.tsv  dev-fp
     1000 /  500          3 / 6        17,553  176/191   25/29   130/152     2 words, 3
     2000 / 1000          2 / 5        31,016  184/191   27/29   137/152     3 words, 4
     2000 / 1000          1 / 4        32,284  184/191   27/29   137/152     3 words, 4
     3000 / 1000          1 / 4        38,775  188/191   28/29   137/152     3 words, 4
     4000 / 1000          1 / 4        45,135  188/191   28/29   139/152     3 words, 4
     5000 /  500          1 / 4        46,319  189/191   28/29   139/152     3 words, 4
     5000 / 1000          1 / 4        51,302  189/191   28/29   140/152     3 words, 4   <- shipped
     5000 / 2000          1 / 4        62,745  189/191   28/29   142/152     3 words, 4
    10000 / 1000          1 / 4        81,332  189/191   28/29   141/152     3 words, 4
    20000 / 2000          1 / 4       120,114  190/191   28/29   144/152     3 words, 4
    names-dataset alone (shipped cuts)  49,062  185/191   28/29   140/152
    nam_dict alone (shipped cuts)       12,675  158/191   24/29   123/152

The false-positive proxy does not grow with the list once steps 2-6 apply (before them, at
5000/1000, 30 dev words started non-person runs: human, the, un, evin, islamic, tabriz, vakil,
ahwaz, king, badr, tehran, tora, gulf, london, bani, prince, baku, azerbaijan...). Region rank
5000 is where coverage stops rising (+5 dev names from 2000, +1 more by 20000 at 2.3x the size):
rank 2000-5000 of the Iranian, Iraqi, Turkish and Azeri lists are still real names (Touran,
Zhila, Toghrul, Nasta...), and about 2 % of each band is an English word at any depth (measured
per country and band), so depth adds little noise that steps 3-6 do not remove. West rank 1000
keeps common European / English names; 2000 adds 11k for 2 people.tsv names.

Measurements of the shipped list
--------------------------------
dev: 189 of 191 first words covered (184 without given_name_parts.tsv: the parts add
Abdol+fattah, Abdol+ghafour, Abdol+sattar, Abol+ghassem, Majid+reza, Nour+ollah, Mah-Bibi).
The 2 misses: "mai" (a month in months.tsv: Mai) and "moushira" (a rare Egyptian name, rank
11,220 in Egypt). seeds: 28 of 29 (miss: "wan", a Malay honorific). people.tsv: 140 of 152
(misses: abu, a particle; ban, keir, barack, hillary, mike, xi: English words, short or rare in
the sources; mai; pakhshan, sharifeh, varisheh: rare Kurdish / Persian names).
Dev false positives still in the list: mena (2: "MENA Detention Monitor"), dicle (1: "Dicle
Firat Journalists Association"), nida (1: "NIDA Civic Movement"): all three are real given names
(Coptic Mena, Kurdish Dicle, Arabic / Turkish Nida) that here start organization names absent
from the gazetteer; an all-capitals acronym or an org head later in the run must decide. Seeds:
none. The forbidden words of the brief (the, home, will, may, hope, said, human, supreme,
central, evin, iran, share, news, article, branch, ward, hall, unit, revolutionary, islamic,
united, special, national, general) are checked by --check.
Sources of the shipped names: 38,627 names-dataset only, 10,435 both, 2,240 nam_dict only.
Common English words (zipf >= 3) that given_name_parts.tsv turns into given names: alienate,
alimony, golfers (with a given-name part of >= 4 letters; >= 3 letters also let aboard, abused,
corolla, mirror through).
Known gaps: English short forms that are common words (Mike, Tom, Max, Bill, Ray) and Roman
(Belarusian / Russian) are out by rule 3; Turkish names with dotless i (Barış, Işıl) fold to
non a-z words and are kept only in their undotted spelling (baris) when a source has it.
"""
import argparse
import collections
import glob
import gzip
import hashlib
import json
import math
import os
import pickle
import re
import subprocess
import sys
import unicodedata
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAZ = os.path.join(ROOT, "gazetteer")
RULES = os.path.join(GAZ, "rules")
VENV = "/work/venv-gaz"
DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "entigraph", "name-lexicons")
DEFAULT_EVAL = os.path.join(os.path.dirname(ROOT), "shared", "eval")
WAMERICAN = "/usr/share/dict/american-english"

# Pinned sources: wheels fetched with `pip download --no-deps` and checked byte for byte.
WHEELS = {
    "names-dataset==3.3.1": ("names_dataset-3.3.1-py3-none-any.whl",
                             "9fb1b60a82de8bea004e7755b6133df0b4a029f93b9ee18bfa37f356f2b8c75e"),
    "gender-guesser==0.4.0": ("gender_guesser-0.4.0-py2.py3-none-any.whl",
                              "7cb01ce5d8d43b94573498bc02c959b622872abd399622ca67d1b73ba6e7e222"),
}
ND_MEMBER = "names_dataset/v3/first_names.pkl.gz"
NAM_MEMBER = "gender_guesser/data/nam_dict.txt"

# ------------------------------------------------------------------ thresholds (see docstring)
# names-dataset: countries whose rank lists are read, and the rank cut in each group.
ND_REGION = ("IR", "IQ", "AF", "TR", "AZ", "EG", "SA", "BH", "SY", "LB", "JO", "PS", "KW", "AE",
             "QA", "OM", "YE", "LY", "TN", "DZ", "MA", "SD", "RU", "KZ", "TM", "GE")
ND_WEST = ("GB", "US", "IE", "CA", "FR", "DE", "IT", "ES", "NL", "BE", "AT", "CH", "SE", "NO",
           "DK", "FI", "PL", "CZ", "PT", "GR", "HU", "LT", "EE", "HR", "RS", "SI", "AL", "BG",
           "CY", "MT", "LU", "IS", "IL")
ND_REGION_RANK = 5000
ND_WEST_RANK = 1000
# nam_dict.txt: its 55 frequency columns (header of the file), which ones are "region", and the
# minimum frequency (1..13, logarithmic: 10 = 2 % of people, each step below halves) per group.
NAM_COLS = ("GB", "IE", "US", "IT", "MT", "PT", "ES", "FR", "BE", "LU", "NL", "FRISIA", "DE", "AT",
            "CH", "IS", "DK", "NO", "SE", "FI", "EE", "LV", "LT", "PL", "CZ", "SK", "HU", "RO",
            "BG", "BA", "HR", "XK", "MK", "ME", "RS", "SI", "AL", "GR", "RU", "BY", "MD", "UA",
            "AM", "AZ", "GE", "KZ", "TR", "ARPE", "IL", "CN", "IN", "JP", "KR", "VN", "OTHER")
NAM_REGION = ("ARPE", "TR", "AZ", "KZ", "AM", "GE", "RU", "BY", "UA", "MD", "IL")
NAM_SKIP = ("CN", "JP", "KR", "VN", "IN", "OTHER")  # not the genre's names; 1-3 letter syllables
NAM_REGION_MIN = 1
NAM_WEST_MIN = 4
MIN_LEN = 3
MIN_PART = 4  # letters of the given-name part of a compound (see given_name_parts.tsv)
# A given name that is also a common English word (lower-case entry of wamerican) is kept when
# (a) it is a rare English word (wordfreq zipf < KEEP_ZIPF) that nam_dict attests with frequency
# >= KEEP_NAM in a region column, or (b) the US census says most of its English uses are the name:
# CENSUS_C * census% / word frequency >= KEEP_SHARE (CENSUS_C calibrated, see docstring).
KEEP_ZIPF = 4.0
# A names-dataset name that nam_dict does not know and that is frequent in English text (zipf >=
# ND_ZIPF_MAX: haha, favour, messi, juventus, haram, mossad, eid) is Facebook noise or a surname.
ND_ZIPF_MAX = 3.0
KEEP_NAM = 4
KEEP_SHARE = 0.10
CENSUS_C = 3.0e-3
# A given name that is a place is dropped unless it is a common name where that place is. Places:
# cities of the region with population >= CITY_REGION_POP (name and aliases), other cities with
# population >= CITY_WORLD_POP (name only), first words of multi-word country and prison names.
# "Common": nam_dict >= PLACE_NAM in a column of the place's part of the world (region columns for a region place), or >= PLACE_NAM_ANY in any column, or names-dataset
# rank <= PLACE_RANK in the place's own country or <= PLACE_ANY_RANK in a region country.
CITY_REGION_POP = 100_000
CITY_WORLD_POP = 1_000_000
PLACE_NAM = 5
PLACE_NAM_ANY = 8
PLACE_RANK = 1500
PLACE_ANY_RANK = 250
# countries of the gazetteer whose names count as "region" for PLACE_NAM (country ids)
PLACE_REGION = {"iran", "syria", "iraq", "turkey", "armenia", "azerbaijan", "turkmenistan",
                "afghanistan", "pakistan", "lebanon", "jordan", "israel", "palestine",
                "saudi-arabia", "kuwait", "bahrain", "qatar", "united-arab-emirates", "oman",
                "georgia", "yemen", "egypt", "russia", "belarus", "ukraine", "kazakhstan",
                "uzbekistan", "tajikistan", "kyrgyzstan", "moldova"}

WORD_RE = re.compile(r"[a-z]+")

# ------------------------------------------------------------------ hand-curated parts
# Pieces Persian / Arabic / Turkic compound given names are built from. A word is a given name
# when it is PREFIX + given name or given name + SUFFIX (the given-name part >= 3 letters).
PARTS = {
    "prefix": [
        # Arabic 'abd' (servant of) and Persian 'abol/abul' (father of) in their spellings
        "abd", "abdal", "abdel", "abdol", "abdou", "abdoul", "abdul", "abol", "abul", "abu", "abo",
        # Persian / Urdu 'gholam' (servant)
        "gholam", "ghulam", "golam", "qolam", "gulam",
        # Mohammad- compounds and their transliterations
        "mohammad", "mohammed", "muhammad", "mohamad", "mohamed", "muhammed", "mahmad",
        # Ali-, Amir-, Mir- (Alireza, Amirhossein, Mirhossein), Seyed- (Seyedali)
        "ali", "amir", "mir", "seyed", "seyyed", "sayed", "syed",
        # Persian female compounds: Golnaz, Mahnaz, Bibigol; Khodabakhsh, Allahverdi
        "gol", "gul", "mah", "bibi", "khoda", "allah",
    ],
    "suffix": [
        # Arabic 'Allah' in compounds: Habibollah, Abdullah, Nasrallah, Rahmatullah
        "allah", "ollah", "ullah", "olah", "ulla", "olla", "alla", "ullahi",
        # 'al-Din' (of the faith): Salaheddine, Nasreddin, Alaeddin, Nouruddin, Hossameldin
        "eddin", "eddine", "edin", "edine", "oddin", "uddin", "addin", "aldin", "eldin", "din",
        "deen", "udeen",
        # second given names fused in Persian spelling: Hamidreza, Hosseinali, Nourmohammad
        "reza", "ali", "mohammad", "mohammed",
        # Persian female endings: Golnaz, Irandokht, Zahrasadat, Mahbibi, Shahgol, Mahbanoo
        "naz", "dokht", "sadat", "ossadat", "olsadat", "bibi", "gol", "banoo", "banu",
        # Persian / Turkic: Khodabakhsh, Allahverdi, Alibek, Alijan, Aligul, Alikhan
        "bakhsh", "verdi", "bek", "jan", "jon", "gul", "khan",
    ],
}

# Surname endings with their origin: evidence that a capitalised word is a surname.
SURNAME_SHAPES = [
    # Persian
    ("zadeh", "persian"), ("zade", "persian"), ("zadegan", "persian"), ("pour", "persian"),
    ("poor", "persian"), ("pur", "persian"), ("nejad", "persian"), ("nezhad", "persian"),
    ("nejhad", "persian"), ("najad", "persian"), ("nia", "persian"), ("vand", "persian"),
    ("far", "persian"), ("fard", "persian"), ("abadi", "persian"), ("lou", "persian"),
    ("loo", "persian"), ("kia", "persian"), ("doost", "persian"), ("dust", "persian"),
    ("manesh", "persian"), ("panah", "persian"), ("panahi", "persian"), ("bakhsh", "persian"),
    ("khah", "persian"), ("parast", "persian"), ("tabar", "persian"), ("rad", "persian"),
    ("khani", "persian"), ("aei", "persian"), ("ouei", "persian"), ("avi", "persian"),
    ("ian", "persian-armenian"), ("yan", "armenian"), ("chi", "azeri"),
    # Baluch / Pashtun
    ("zehi", "baluch"), ("zahi", "baluch"), ("zai", "pashtun"),
    # Arabic
    ("awi", "arabic"),
    # Turkish / Azeri
    ("oglu", "turkish"), ("ogullari", "turkish"), ("demir", "turkish"), ("soy", "turkish"),
    ("kaya", "turkish"), ("li", "azeri"), ("zada", "azeri"),
    # Georgian
    ("shvili", "georgian"), ("dze", "georgian"),
    # Slavic (Russian, Belarusian, Ukrainian, Polish, also Azeri -ov/-ova)
    ("ov", "slavic"), ("ova", "slavic"), ("ev", "slavic"), ("eva", "slavic"), ("yev", "slavic"),
    ("yeva", "slavic"), ("ou", "belarusian"), ("ava", "belarusian"), ("enko", "ukrainian"),
    ("enka", "belarusian"), ("uk", "ukrainian"), ("yuk", "ukrainian"), ("chuk", "ukrainian"),
    ("ski", "slavic"), ("ska", "slavic"), ("sky", "slavic"), ("skaya", "slavic"),
    ("skiy", "slavic"), ("skii", "slavic"), ("ich", "slavic"), ("ovich", "slavic"),
    ("evich", "slavic"), ("vich", "slavic"), ("ina", "slavic"), ("ovna", "slavic"),
    ("evna", "slavic"),
]

# Peoples, faiths and demonyms of the genre ("Baluch activists", "Kurdish prisoners", "Ahwazi
# Arabs"): names-dataset lists some as first names. Never given names here.
ETHNONYMS = [
    "kurd", "kurds", "kurdish", "baluch", "baloch", "balouch", "baluchi", "balochi", "ahwazi",
    "ahvazi", "azeri", "azari", "azerbaijani", "turkmen", "lur", "lor", "bakhtiari", "qashqai",
    "gilak", "talysh", "arab", "arabs", "arabic", "persian", "farsi", "iranian", "iraqi",
    "syrian", "egyptian", "saudi", "bahraini", "emirati", "kuwaiti", "qatari", "omani",
    "yemeni", "jordanian", "lebanese", "palestinian", "israeli", "turkish", "belarusian",
    "russian", "ukrainian", "afghan", "pakistani", "armenian", "assyrian", "chaldean", "yazidi",
    "ezidi", "alawite", "druze", "shia", "shiite", "sunni", "bahai", "zoroastrian", "christian",
    "muslim", "moslem", "jewish", "coptic", "copt", "bedouin", "amazigh", "berber", "tatar",
    "chechen", "circassian", "european", "american", "british", "french", "german",
]

# Calendar words of the region that names-dataset lists as first names and that news use for the
# day or the month ("Nowruz Holiday", "Ramadan Kareem"); the Hijri / Solar Hijri months that are
# common given names (Rajab, Shaban, Mehr, Azar, Bahman) stay: a date puts a number after them.
CALENDAR = ["nowruz", "noruz", "norouz", "nowrouz", "newroz", "navruz", "ashura", "ashoura",
            "ramadan", "ramadhan"]

# Words that start a person name before the given name: "Seyed Ali ...", "Haji Ahmad ...",
# "Mamosta Ayoub ...", "Molavi Abdolhamid ...". Kept out of given_names.txt.
HONORIFICS = [
    "seyed", "seyyed", "sayed", "sayyed", "sayyid", "sayid", "syed", "seyedeh", "sayeda",
    "sayyida", "sayyidah", "mir",
    "haji", "hajji", "hajj", "haj", "hadj", "hajja", "hajjah", "hadji",
    "mullah", "mulla", "molla", "mollah",
    "molavi", "mowlavi", "molvi", "mawlawi", "maulvi", "maulana", "mawlana",
    "mamosta", "kak", "kaka",
    # Burmese: "U Win Tin", "Daw Aung San Suu Kyi", "Ko Min Ko Naing", "Maung ...", the monk's
    # "Ashin ...".
    "u", "daw", "ko", "maung", "ashin",
]


# ------------------------------------------------------------------ folding (the Rust spec)
# The gazetteer's script folds names as src/text.rs does: one definition for both scripts.
from build_gazetteer import fold  # noqa: E402


def fold_words(s):
    return fold(s).split()


# ------------------------------------------------------------------ reading the repository
def read_list(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            out.append(line.split("\t")[0])
    return out


def read_tsv(path):
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            parts = line.split("\t")
            if header is None:
                header = parts
                continue
            rows.append(dict(zip(header, parts)))
    return rows


def names_of(row):
    return [row["name"]] + [a for a in row.get("aliases", "").split("|") if a]


RULE_LISTS = ("name_stopwords.txt", "titles.txt", "role_words.txt", "prison_words.txt",
              "org_heads.txt", "particles.txt", "place_prefixes.txt", "place_context.txt",
              "months.tsv", "weekdays.tsv", "affiliations.txt", "signature_openers.txt",
              "org_tail_words.txt")
# words that do not name a prison by themselves: "X Central Prison", "Prison of X"
PRISON_GENERIC = {"central", "prison", "prisons", "penitentiary", "jail", "gaol", "detention",
                  "center", "centre", "camp", "facility", "complex", "military", "maximum",
                  "security", "political", "womens", "women", "house", "of", "the", "in", "and",
                  "island", "correctional", "rehabilitation", "pretrial", "penal", "colony",
                  "naval", "base", "internment", "theater", "intelligence", "no"}


def hard_exclusions():
    """Words never allowed in given_names.txt, checked with the stdlib alone (--check):
    every word of the rule lists, honorifics, single-word country names and aliases,
    the word naming a prison ("Evin", "Badr", "Sari Central Prison"), single-word organization
    names, aliases and acronyms. Returns {word: reason}."""
    out = {}
    for fn in RULE_LISTS:
        p = os.path.join(RULES, fn)
        if os.path.exists(p):
            for e in read_list(p):
                for w in fold_words(e):
                    out.setdefault(w, fn)
    for w in HONORIFICS:
        out.setdefault(w, "name_honorifics.txt")
    for w in ETHNONYMS:
        out.setdefault(w, "ethnonym")
    for w in CALENDAR:
        out.setdefault(w, "calendar")
    for r in read_tsv(os.path.join(GAZ, "countries.tsv")):
        for n in names_of(r):
            ws = fold_words(n)
            if len(ws) == 1:
                out.setdefault(ws[0], "country " + r["id"])
    for r in read_tsv(os.path.join(GAZ, "prisons.tsv")):
        for n in names_of(r):
            ws = [w for w in fold_words(n) if w not in PRISON_GENERIC]
            if len(ws) == 1:
                out.setdefault(ws[0], "prison " + r["id"])
    for r in read_tsv(os.path.join(GAZ, "organizations.tsv")):
        for n in names_of(r) + [a for a in r.get("acronym", "").split("|") if a]:
            ws = fold_words(n)
            if len(ws) == 1:
                out.setdefault(ws[0], "organization " + r["id"])
    return out


def place_words():
    """Words that name a place or start its name: {word: [(kind, id, country id)]} (see the
    CITY_* and PLACE_* thresholds)."""
    out = collections.defaultdict(list)
    for r in read_tsv(os.path.join(GAZ, "cities.tsv")):
        pop, region = int(r["population"]), r["country"] in PLACE_REGION
        if region and pop >= CITY_REGION_POP:
            names = names_of(r)
        elif pop >= CITY_WORLD_POP:
            names = [r["name"]]
        else:
            continue
        for n in names:
            ws = fold_words(n)
            if len(ws) == 1:
                out[ws[0]].append(("city", r["id"], r["country"]))
    for fname, kind in (("countries.tsv", "country"), ("prisons.tsv", "prison")):
        for r in read_tsv(os.path.join(GAZ, fname)):
            for n in names_of(r):
                ws = fold_words(n)
                if len(ws) > 1:
                    out[ws[0]].append((kind, r["id"], r.get("country", r["id"])))
    return out


# ------------------------------------------------------------------ sources
def fetch_wheels(cache):
    os.makedirs(cache, exist_ok=True)
    paths = {}
    for spec, (fname, sha) in WHEELS.items():
        p = os.path.join(cache, fname)
        if not os.path.exists(p):
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                   "-q", "-d", cache, spec]
            subprocess.run(cmd, check=True)
        with open(p, "rb") as f:
            got = hashlib.sha256(f.read()).hexdigest()
        if got != sha:
            sys.exit(f"{p}: sha256 {got} != pinned {sha}")
        paths[spec] = p
    return paths


def load_names_dataset(wheel):
    """{folded single word: {ISO2: best rank}} from names-dataset's first names."""
    with zipfile.ZipFile(wheel) as z:
        data = pickle.loads(gzip.decompress(z.read(ND_MEMBER)))
    out = {}
    for name in sorted(data):
        f = fold(name)
        if not WORD_RE.fullmatch(f):
            continue
        ranks = (data[name] or {}).get("rank") or {}
        d = out.setdefault(f, {})
        for cc, r in ranks.items():
            if r < d.get(cc, 1 << 30):
                d[cc] = r
    return out


def load_nam_dict(wheel):
    """{folded single word: {column: max frequency}} from nam_dict.txt. Format (file header):
    gender in columns 1-2, name from column 4 to 29, '+' in column 30 marks a duplicate sorted
    with expanded umlauts (skipped), one hex frequency digit per country from column 31; '='
    lines are equivalences (skipped). A '+' inside a name joins Arabic/Chinese/Korean parts
    ("Abdel+Aziz" = "Abdel-Aziz", "Abdel Aziz", "Abdelaziz"): the joined form is taken. This
    gender-guesser copy is already UTF-8 (no <...> character codes left)."""
    with zipfile.ZipFile(wheel) as z:
        text = z.read(NAM_MEMBER).decode("utf-8")
    out = {}
    for line in text.split("\n"):
        if line.startswith("#") or line.startswith("=") or len(line) < 30 + len(NAM_COLS):
            continue
        if line[29] == "+":
            continue
        name = line[3:29].strip()
        if "<" in name:
            raise ValueError(f"nam_dict: unexpected character code in {name!r}")
        f = fold(name.replace("+", ""))
        if not WORD_RE.fullmatch(f):
            continue
        d = out.setdefault(f, {})
        for i, cc in enumerate(NAM_COLS):
            c = line[30 + i]
            if c != " ":
                d[cc] = max(d.get(cc, 0), int(c, 16))
    return out


def load_wamerican():
    if not os.path.exists(WAMERICAN):
        sys.exit(f"missing {WAMERICAN}: apt-get install -y wamerican")
    low, cap = set(), set()
    with open(WAMERICAN, encoding="utf-8") as f:
        for w in f:
            w = w.strip()
            if not w or w.endswith("'s"):
                continue
            k = fold(w)
            if not WORD_RE.fullmatch(k):
                continue
            (low if w[0].islower() else cap).add(k)
    return low, cap - low


def load_census():
    import names as names_pkg
    d = os.path.dirname(names_pkg.__file__)
    c = {}
    for fn in ("dist.female.first", "dist.male.first"):
        with open(os.path.join(d, fn)) as f:
            for line in f:
                p = line.split()
                if len(p) >= 2:
                    k = p[0].lower()
                    c[k] = max(c.get(k, 0.0), float(p[1]))
    return c


class Sources:
    def __init__(self, cache):
        from wordfreq import zipf_frequency
        wheels = fetch_wheels(cache)
        self.nd = load_names_dataset(wheels["names-dataset==3.3.1"])
        self.nam = load_nam_dict(wheels["gender-guesser==0.4.0"])
        self.low, self.cap_only = load_wamerican()
        self.census = load_census()
        self._zipf = zipf_frequency
        self._zc = {}

    def zipf(self, w):
        if w not in self._zc:
            self._zc[w] = self._zipf(w, "en")
        return self._zc[w]


# ------------------------------------------------------------------ selection
def nam_max(src, w, cols=None):
    d = src.nam.get(w, {})
    vals = [v for c, v in d.items() if (cols is None or c in cols) and c not in NAM_SKIP]
    return max(vals) if vals else 0


def candidates(src, region_rank=ND_REGION_RANK, west_rank=ND_WEST_RANK,
               nam_region=NAM_REGION_MIN, nam_west=NAM_WEST_MIN):
    """{word: source tag} of names passing the frequency thresholds."""
    out = {}
    for w, d in src.nd.items():
        if any(d.get(c, 1 << 30) <= region_rank for c in ND_REGION) or \
                any(d.get(c, 1 << 30) <= west_rank for c in ND_WEST):
            out[w] = "nd"
    for w, d in src.nam.items():
        if any(v >= nam_region for c, v in d.items() if c in NAM_REGION) or \
                any(v >= nam_west for c, v in d.items() if c not in NAM_REGION and c not in NAM_SKIP):
            out[w] = "nd+nam" if w in out else "nam"
    return out


def english_share(src, w):
    z = src.zipf(w)
    if z <= 0:
        return 0.0
    return CENSUS_C * src.census.get(w, 0.0) / 100.0 / 10 ** (z - 9)


def keep_english(src, w):
    """Measured exception for a common English word that is also a given name."""
    if src.zipf(w) < KEEP_ZIPF and nam_max(src, w, NAM_REGION) >= KEEP_NAM:
        return "rare word, region name"
    if english_share(src, w) >= KEEP_SHARE:
        return "census share"
    return None


def keep_place(src, w, places, countries_iso):
    for kind, pid, cid in places:
        region = cid in PLACE_REGION
        if nam_max(src, w, NAM_REGION if region else None) >= PLACE_NAM:
            continue
        if nam_max(src, w) >= PLACE_NAM_ANY:
            continue
        ranks = src.nd.get(w, {})
        iso = countries_iso.get(cid)
        if iso and ranks.get(iso, 1 << 30) <= PLACE_RANK:
            continue
        if min((ranks.get(c, 1 << 30) for c in ND_REGION), default=1 << 30) <= PLACE_ANY_RANK:
            continue
        return False
    return True


def select(src, cand=None):
    """Returns (kept set, {word: reason} for every candidate dropped)."""
    if cand is None:
        cand = candidates(src)
    hard = hard_exclusions()
    places = place_words()
    iso = {r["id"]: r["iso2"] for r in read_tsv(os.path.join(GAZ, "countries.tsv"))}
    kept, dropped = set(), {}
    for w in sorted(cand):
        if len(w) < MIN_LEN:
            dropped[w] = "short"
        elif w in hard:
            dropped[w] = "rule: " + hard[w]
        elif w in src.low and not keep_english(src, w):
            dropped[w] = "english word"
        elif w in src.cap_only and w not in src.nam:
            dropped[w] = "english proper noun, not in nam_dict"
        elif w not in src.nam and src.zipf(w) >= ND_ZIPF_MAX:
            dropped[w] = "frequent in english, not in nam_dict"
        elif w in places and not keep_place(src, w, places[w], iso):
            p = places[w][0]
            dropped[w] = f"place: {p[0]} {p[1]}"
        else:
            kept.add(w)
    return kept, dropped


# ------------------------------------------------------------------ decomposition
def load_parts(path=None):
    parts = {"prefix": set(), "suffix": set()}
    if path is None:
        for k, v in PARTS.items():
            parts[k].update(v)
        return parts
    for line in read_list_raw(path):
        p, kind = line.split("\t")
        parts[kind].add(p)
    return parts


def read_list_raw(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]


def decomposes(w, given, parts):
    """PREFIX + given name or given name + SUFFIX, the given-name part at least MIN_PART letters."""
    for p in parts["prefix"]:
        if w.startswith(p) and len(w) - len(p) >= MIN_PART and w[len(p):] in given:
            return True
    for s in parts["suffix"]:
        if w.endswith(s) and len(w) - len(s) >= MIN_PART and w[:-len(s)] in given:
            return True
    return False


# ------------------------------------------------------------------ writing
def header_lines(text):
    return "".join(("# " + l).rstrip() + "\n" for l in text.strip("\n").split("\n"))


def write(fname, header, lines):
    path = os.path.join(RULES, fname)
    body = header_lines(header) + "".join(l + "\n" for l in lines)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(body)


GIVEN_HEADER = """\
Given names (first names), folded: NFKD, marks removed, lower case, apostrophes removed, a-z only
("Ja'far" -> jafar, "Hêmin" -> hemin). A capitalised run of 2-5 words whose first word is one of
these (or is a compound, see given_name_parts.tsv) is a person name.
Generated by scripts/build_name_lexicons.py (its docstring gives thresholds and measurements) from
names-dataset 3.3.1 (Philippe Remy, MIT licence) and nam_dict.txt by Joerg Michael (GNU FDL 1.2+,
via gender-guesser 0.4.0), less common English words (wamerican/SCOWL, Kevin Atkinson) and the
gazetteer's countries, prisons, organizations, cities and rule words. Do not edit by hand."""

PARTS_HEADER = """\
Pieces Persian, Arabic and Turkic compound given names are built from, folded.
Columns: part, kind (prefix or suffix). A word is a given name when it is a prefix followed by a
word of given_names.txt ("Gholam"+"hossein", "Abdol"+"ghafour") or a word of given_names.txt
followed by a suffix ("Habib"+"ollah", "Mohammad"+"reza"); the given-name part has at least 4
letters. Hand-curated in scripts/build_name_lexicons.py (PARTS); regenerate with that script."""

SHAPES_HEADER = """\
Surname endings, folded, with their origin: a capitalised word ending in one of these (and longer
than the ending by at least 3 letters) looks like a surname: Karimpour, Ahmadzadeh, Khezrnejad,
Gamshadzehi, Karaoglu, Hasanova, Lukashenka, Kavaliou. Two-letter endings (ov, ev, uk, ou, li) and
-ian/-nia (Iranian, Albania) are weak: use them with other evidence.
Columns: suffix, origin. Hand-curated in scripts/build_name_lexicons.py (SURNAME_SHAPES)."""

HONORIFICS_HEADER = """\
Honorifics that start a person name before the given name, folded: "Seyed Ali ...", "Sayed
Hashim ...", "Haji Ahmad ...", "Mullah ...", "Molavi Abdolhamid ...", "Mamosta Ayoub ...".
Hand-curated in scripts/build_name_lexicons.py (HONORIFICS); none of them is in given_names.txt."""


def generate(src):
    given, _ = select(src)
    write("given_names.txt", GIVEN_HEADER, sorted(given))
    rows = sorted({(p, k) for k, ps in PARTS.items() for p in ps})
    write("given_name_parts.tsv", PARTS_HEADER, [f"{p}\t{k}" for p, k in rows])
    write("surname_shapes.tsv", SHAPES_HEADER, [f"{s}\t{o}" for s, o in sorted(set(SURNAME_SHAPES))])
    write("name_honorifics.txt", HONORIFICS_HEADER, sorted(set(HONORIFICS)))
    return given


# ------------------------------------------------------------------ validation (stdlib only)
OUT_FILES = ("given_names.txt", "given_name_parts.tsv", "surname_shapes.tsv", "name_honorifics.txt")


def validate():
    errors = []
    data = {}
    for fn in OUT_FILES:
        path = os.path.join(RULES, fn)
        if not os.path.exists(path):
            errors.append(f"{fn}: missing")
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.startswith("#"):
            errors.append(f"{fn}: no # header")
        lines = [l for l in text.split("\n") if l and not l.startswith("#")]
        if not text.endswith("\n"):
            errors.append(f"{fn}: no final newline")
        if lines != sorted(lines):
            errors.append(f"{fn}: not sorted")
        if len(set(lines)) != len(lines):
            errors.append(f"{fn}: duplicate lines")
        cols = 1 if fn.endswith(".txt") else 2
        for l in lines:
            parts = l.split("\t")
            if len(parts) != cols or not WORD_RE.fullmatch(parts[0]):
                errors.append(f"{fn}: bad line {l!r}")
        data[fn] = [l.split("\t") for l in lines]
    if errors:
        return errors
    given = [p[0] for p in data["given_names.txt"]]
    if len(set(given)) != len(given):
        errors.append("given_names.txt: duplicates")
    hard = hard_exclusions()
    honor = {p[0] for p in data["name_honorifics.txt"]}
    for w in given:
        if len(w) < MIN_LEN:
            errors.append(f"given_names.txt: {w!r} shorter than {MIN_LEN}")
        if w in hard:
            errors.append(f"given_names.txt: {w!r} is excluded ({hard[w]})")
        if w in honor:
            errors.append(f"given_names.txt: {w!r} is an honorific")
    for p, k in data["given_name_parts.tsv"]:
        if k not in ("prefix", "suffix"):
            errors.append(f"given_name_parts.tsv: bad kind {k!r}")
    parts = [p for p, _ in data["given_name_parts.tsv"]]
    if len(set(map(tuple, data["given_name_parts.tsv"]))) != len(parts):
        errors.append("given_name_parts.tsv: duplicate rows")
    for s, o in data["surname_shapes.tsv"]:
        if len(s) < 2 or not re.fullmatch(r"[a-z-]+", o):
            errors.append(f"surname_shapes.tsv: bad row {s!r} {o!r}")
    if len({s for s, _ in data["surname_shapes.tsv"]}) != len(data["surname_shapes.tsv"]):
        errors.append("surname_shapes.tsv: a suffix listed twice")
    for w in ("the", "home", "will", "may", "hope", "said", "human", "supreme", "central",
              "evin", "iran", "share", "news", "article", "branch", "ward", "hall", "unit",
              "revolutionary", "islamic", "united", "special", "national", "general"):
        if w in given:
            errors.append(f"given_names.txt: contains {w!r}")
    return errors


# ------------------------------------------------------------------ measurements (--stats)
TITLE_WORDS = {"mr", "mrs", "ms", "miss", "dr", "prof", "president", "judge", "sheikh", "imam"}
TOKEN_RE = re.compile(r"[^\W\d_]+(?:['\u2019\u02bc\u2018`\-\u2010\u2011][^\W\d_]+)*")


def gold_persons(path):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    return [e for e in d["entities"] if e["type"] == "person"]


def first_words(path, honor):
    """(first folded word, surface) of each person surface of >= 2 words (Latin script), after a
    leading title or honorific: the words a given-name rule must recognise."""
    out = []
    for e in gold_persons(path):
        for s in e["surfaces"]:
            toks = s.split()
            while toks and fold(toks[0]).replace(" ", "") in (TITLE_WORDS | honor):
                toks = toks[1:]
            if len(toks) < 2:
                continue
            w = fold_words(toks[0])
            if w and all(WORD_RE.fullmatch(x) for x in w):
                out.append((" ".join(w), s))
    return out


def fp_words(docs, gold_paths):
    """Capitalised words followed by another capitalised word (same line, spaces only between)
    that are not inside a gold person surface: words that start a capitalised run which is not a
    person. Returns Counter {folded first word: count}."""
    surf = set()
    for g in gold_paths:
        for e in gold_persons(g):
            for s in e["surfaces"]:
                fw = tuple(fold_words(s))
                if fw:
                    surf.add(fw)
    maxlen = max(len(s) for s in surf)
    out = collections.Counter()
    for path in docs:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        toks = [(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
        fw = []
        for i, (t, _, _) in enumerate(toks):
            for w in fold_words(re.sub(r"['\u2019]s$", "", t)):
                fw.append((w, i))
        covered = set()
        for j in range(len(fw)):
            for n in range(maxlen, 0, -1):
                if tuple(w for w, _ in fw[j:j + n]) in surf:
                    covered.update(i for _, i in fw[j:j + n])
                    break
        for i in range(len(toks) - 1):
            t, _, b = toks[i]
            t2, a2, _ = toks[i + 1]
            if not (t[0].isupper() and t2[0].isupper()) or i in covered:
                continue
            if text[b:a2].strip(" \t") or re.search(r"['\u2019]s$", t):
                continue
            out[fold_words(t)[0]] += 1
    return out


def covered(w, given, parts):
    """The first word of a name is covered when it is a given name or a compound of one; a
    hyphenated first word ("Mah-Bibi", "Mohammad-Reza") when its first part is, or its parts
    written together are."""
    ws = w.split()
    for x in (ws[0], "".join(ws)):
        if x in given or decomposes(x, given, parts):
            return True
    return False


def coverage(pairs, given, parts):
    ok = [w for w, _ in pairs if covered(w, given, parts)]
    miss = sorted({w for w, _ in pairs if not covered(w, given, parts)})
    return len(ok), len(pairs), miss


def stats(src, eval_dir):
    honor = set(HONORIFICS)
    parts = load_parts()
    dev_gold = os.path.join(eval_dir, "dev", "dev.gold.json")
    seeds_gold = os.path.join(eval_dir, "seeds.gold.json")
    dev_fw = first_words(dev_gold, honor)
    seeds_fw = first_words(seeds_gold, honor)
    people = []
    for r in read_tsv(os.path.join(GAZ, "people.tsv")):
        toks = r["name"].split()
        while toks and fold(toks[0]) in (TITLE_WORDS | honor):
            toks = toks[1:]
        if len(toks) >= 2:
            people.append((" ".join(fold_words(toks[0])), r["name"]))
    dev_fp = fp_words(sorted(glob.glob(os.path.join(eval_dir, "dev", "docs", "*.txt"))), [dev_gold])
    seeds_dir = os.path.join(ROOT, "seeds")
    seeds_fp = fp_words(sorted(glob.glob(os.path.join(seeds_dir, "*.txt"))), [seeds_gold])

    def report(label, given):
        a = coverage(dev_fw, given, parts)
        b = coverage(seeds_fw, given, parts)
        c = coverage(people, given, parts)
        fp = sorted((w for w in dev_fp if w in given), key=lambda w: (-dev_fp[w], w))
        fp2 = sorted(w for w in seeds_fp if w in given)
        print(f"{label}\tsize {len(given)}\tdev {a[0]}/{a[1]}\tseeds {b[0]}/{b[1]}"
              f"\tpeople.tsv {c[0]}/{c[1]}\tdev-fp {len(fp)} words {sum(dev_fp[w] for w in fp)}"
              f" hits\tseeds-fp {len(fp2)}")
        return a, b, c, fp, fp2

    print("# thresholds: region rank / west rank / nam region / nam west")
    for rr, wr, nr, nw in ((1000, 500, 3, 6), (2000, 1000, 2, 5), (2000, 1000, 1, 4),
                           (3000, 1000, 1, 4), (4000, 1000, 1, 4), (5000, 500, 1, 4),
                           (5000, 1000, 1, 4), (5000, 2000, 1, 4), (5000, 1000, 3, 6),
                           (10000, 1000, 1, 4), (20000, 2000, 1, 4)):
        kept, _ = select(src, candidates(src, rr, wr, nr, nw))
        report(f"{rr}/{wr}/{nr}/{nw}", kept)
    print("# sources alone (shipped thresholds, all filters)")
    cand = candidates(src)
    for tag in ("nd", "nam"):
        kept, _ = select(src, {w: t for w, t in cand.items() if tag in t})
        report(tag, kept)
    given, dropped = select(src, cand)
    print("# shipped")
    a, b, c, fp, fp2 = report("shipped", given)
    nop = {"prefix": set(), "suffix": set()}
    print("without given_name_parts: dev %d/%d seeds %d/%d people.tsv %d/%d" % (
        coverage(dev_fw, given, nop)[:2] + coverage(seeds_fw, given, nop)[:2]
        + coverage(people, given, nop)[:2]))
    print("dev first words covered only by decomposition:", " ".join(sorted(
        {w for w, _ in dev_fw + seeds_fw + people
         if covered(w, given, parts) and not covered(w, given, nop)})))
    print("dev misses:", " ".join(a[2]))
    print("seeds misses:", " ".join(b[2]))
    print("people.tsv misses:", " ".join(c[2]))
    print("dev false-positive words in list:", " ".join(f"{w}({dev_fp[w]})" for w in fp))
    print("seeds false-positive words in list:", " ".join(fp2))
    reasons = collections.Counter(r.split(":")[0] if not r.startswith("place") else "place"
                                  for r in dropped.values())
    print("candidates", len(cand), "dropped", dict(sorted(reasons.items())))
    kept_en = sorted(w for w in given if w in src.low)
    print(f"english words kept ({len(kept_en)}):", " ".join(kept_en))
    pw = place_words()
    kept_place = sorted(w for w in given if w in pw)
    print(f"place words kept ({len(kept_place)}):", " ".join(kept_place))
    drop_en = sorted((w for w, r in dropped.items() if r == "english word"),
                     key=lambda w: min(src.nd.get(w, {}).values(), default=1 << 30))
    print("english words dropped, best-ranked first:", " ".join(drop_en[:150]))
    drop_nd = sorted((w for w, r in dropped.items() if r.startswith("frequent")),
                     key=lambda w: min((src.nd.get(w, {}).get(c, 1 << 30) for c in ND_REGION)))
    print(f"frequent english, not in nam_dict, dropped ({len(drop_nd)}), best region rank first:",
          " ".join(drop_nd[:120]))
    drop_pl = sorted((w for w, r in dropped.items() if r.startswith("place")),
                     key=lambda w: min(src.nd.get(w, {}).values(), default=1 << 30))
    print(f"place words dropped ({len(drop_pl)}), best-ranked first:", " ".join(drop_pl[:150]))
    # common English words that decompose by the parts rule
    dec = sorted(w for w in src.low if w not in given and decomposes(w, given, parts)
                 and src.zipf(w) >= 3.0)
    print(f"common english words (zipf >= 3) that decompose ({len(dec)}):", " ".join(dec))


# ------------------------------------------------------------------ main
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only validate the committed files")
    ap.add_argument("--stats", action="store_true", help="print the threshold measurements")
    ap.add_argument("--cache", default=os.environ.get("ENTIGRAPH_LEX_CACHE", DEFAULT_CACHE),
                    help="where the pinned wheels are downloaded")
    ap.add_argument("--eval-dir", default=DEFAULT_EVAL, help="shared/eval (for --stats)")
    args = ap.parse_args()
    if not args.check:
        try:
            import wordfreq  # noqa: F401
            import names  # noqa: F401
        except ImportError:
            venv_py = os.path.join(VENV, "bin", "python")
            if os.path.exists(venv_py) and os.path.abspath(sys.prefix) != VENV:
                os.execv(venv_py, [venv_py, os.path.abspath(__file__)] + sys.argv[1:])
            sys.exit("missing packages: pip install wordfreq==3.1.1 names==0.3.0 "
                     "(or run with --check to only validate)")
        src = Sources(args.cache)
        if args.stats:
            stats(src, args.eval_dir)
            return
        given = generate(src)
        print(f"given_names.txt: {len(given)} names", file=sys.stderr)
    errors = validate()
    for e in errors:
        print("error:", e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print("name lexicons ok", file=sys.stderr)


if __name__ == "__main__":
    main()
