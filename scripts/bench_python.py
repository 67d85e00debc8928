#!/usr/bin/env python3
"""Times the gazetteer matchers a user would otherwise pick, on the same corpus and patterns as
examples/ac_reference.rs: pyahocorasick, flashtext and spaCy's PhraseMatcher (spacy.blank("en")).

    python3 scripts/bench_python.py TOOL GAZETTEER_DIR CORPUS.jsonl

TOOL is pyahocorasick, flashtext or spacy. The corpus is read first; only the matching is timed.
Prints one line of key=value pairs like the Rust reference: tool, patterns, docs, bytes,
matches, build_s, match_s, mb_per_s.
"""
import json
import os
import sys
import time

FILES = ["countries.tsv", "prisons.tsv", "organizations.tsv", "people.tsv", "cities.tsv"]


def patterns(gdir):
    out = []
    for f in FILES:
        p = os.path.join(gdir, f)
        if not os.path.exists(p):
            continue
        with open(p, encoding="utf-8") as fh:
            next(fh, None)
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) > 1 and cols[1]:
                    out.append(cols[1])
                if len(cols) > 2:
                    out.extend(a for a in cols[2].split("|") if a)
    return out


def main():
    tool, gdir, corpus = sys.argv[1:4]
    pats = patterns(gdir)
    with open(corpus, encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    t = time.perf_counter()
    if tool == "pyahocorasick":
        import ahocorasick

        a = ahocorasick.Automaton()
        for i, p in enumerate(pats):
            a.add_word(p, i)
        a.make_automaton()
        build = time.perf_counter() - t
        t = time.perf_counter()
        n = 0
        for s in texts:
            for _ in a.iter_long(s):
                n += 1
    elif tool == "flashtext":
        from flashtext import KeywordProcessor

        kp = KeywordProcessor(case_sensitive=True)
        for p in pats:
            kp.add_keyword(p)
        build = time.perf_counter() - t
        t = time.perf_counter()
        n = 0
        for s in texts:
            n += len(kp.extract_keywords(s))
    elif tool == "spacy":
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        nlp.max_length = 10**9
        m = PhraseMatcher(nlp.vocab)
        m.add("G", list(nlp.tokenizer.pipe(pats)))
        build = time.perf_counter() - t
        t = time.perf_counter()
        n = 0
        for doc in nlp.tokenizer.pipe(texts, batch_size=256):
            n += len(m(doc))
    else:
        sys.exit(f"unknown tool {tool}")
    secs = time.perf_counter() - t
    size = sum(len(s.encode("utf-8")) for s in texts)
    print(
        f"tool={tool} patterns={len(pats)} docs={len(texts)} bytes={size} matches={n} "
        f"build_s={build:.3f} match_s={secs:.3f} mb_per_s={size / 1e6 / secs:.1f}"
    )


if __name__ == "__main__":
    main()
