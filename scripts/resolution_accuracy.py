#!/usr/bin/env python3
"""Pairwise accuracy of entity resolution in an `entigraph build` export.

Usage:
    python3 scripts/resolution_accuracy.py OUTPUT_DIR SURFACE_FORMS_TSV [--include-surnames] [--show N]

OUTPUT_DIR holds graph.json (or pass graph.json itself). Its nodes carry `id`, `entity_type`
and `surfaces` (a list of strings, a list of objects with a `surface` / `text` / `form` key, or
an object mapping surface -> count). SURFACE_FORMS_TSV is the generator's surface_forms.tsv:
surface<TAB>eid<TAB>kind<TAB>count[<TAB>n_eids] (see /work/shared/bench/gen_corpus.py).

Every distinct planted surface is one item: its true label is the generator's entity id, its
predicted label the graph node listing it (the one listing it most often when several do; a
surface found in no node is its own singleton and counted as missing). Precision, recall and F1
are over pairs of items that share a label. Surname-only surfaces (kind `surname`) resolve per
document, which graph.json cannot show, so they are left out unless --include-surnames.
Standard library only.
"""
import argparse
import json
import os
import sys
import unicodedata

APOS = "'\u2019\u2018\u02bc`\u02bb\u00b4\u2032"


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.casefold()
    s = "".join(c for c in s if c not in APOS)
    for d in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212_":
        s = s.replace(d, " ")
    return " ".join(s.split())


def surfaces_of(node):
    s = node.get("surfaces") or []
    if isinstance(s, dict):
        return [(k, int(v) if isinstance(v, (int, float)) else 1) for k, v in s.items()]
    out = []
    for x in s:
        if isinstance(x, str):
            out.append((x, 1))
        elif isinstance(x, dict):
            t = x.get("surface") or x.get("text") or x.get("form") or x.get("name")
            c = x.get("count") or x.get("mentions") or 1
            if t:
                out.append((t, int(c)))
        elif isinstance(x, (list, tuple)) and x:
            out.append((str(x[0]), int(x[1]) if len(x) > 1 and isinstance(x[1], (int, float)) else 1))
    return out


def pairs(n):
    return n * (n - 1) // 2


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output")
    ap.add_argument("surface_forms")
    ap.add_argument("--include-surnames", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print N split and N merged entities")
    a = ap.parse_args()
    gpath = a.output if a.output.endswith(".json") else os.path.join(a.output, "graph.json")
    with open(gpath, encoding="utf-8") as f:
        graph = json.load(f)
    nodes = graph["nodes"] if isinstance(graph, dict) else graph
    exact = {}   # surface -> {node id: count}
    folded = {}
    for n in nodes:
        nid = n.get("id")
        for s, c in surfaces_of(n):
            exact.setdefault(s, {}).setdefault(nid, 0)
            exact[s][nid] += c
            k = fold(s)
            folded.setdefault(k, {}).setdefault(nid, 0)
            folded[k][nid] += c

    items = []      # (surface, kind, truth, predicted)
    missing = 0
    by_kind = {}
    with open(a.surface_forms, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 3:
                continue
            surface, eid, kind = c[0], c[1], c[2]
            if kind == "surname" and not a.include_surnames:
                continue
            cand = exact.get(surface) or folded.get(fold(surface))
            if cand:
                pred = max(cand.items(), key=lambda kv: (kv[1], kv[0]))[0]
            else:
                pred = ("missing", surface)
                missing += 1
            items.append((surface, kind, eid, pred))
            by_kind.setdefault(kind, [0, 0])[0] += 1
            if not cand:
                by_kind[kind][1] += 1

    cell, t, p = {}, {}, {}
    for _, _, tr, pr in items:
        cell[(tr, pr)] = cell.get((tr, pr), 0) + 1
        t[tr] = t.get(tr, 0) + 1
        p[pr] = p.get(pr, 0) + 1
    tp = sum(pairs(n) for n in cell.values())
    tt = sum(pairs(n) for n in t.values())
    pp = sum(pairs(n) for n in p.values())
    prec = tp / pp if pp else 1.0
    rec = tp / tt if tt else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(f"graph           {gpath}: {len(nodes)} nodes")
    print(f"items           {len(items)} planted surfaces ({missing} not found in any node)")
    for k in sorted(by_kind):
        n, m = by_kind[k]
        print(f"  {k:<10} {n:>7} surfaces, {m} missing")
    print(f"pairs           true {tt}, predicted {pp}, both {tp}")
    print(f"pairwise        P {prec:.4f}  R {rec:.4f}  F1 {f1:.4f}")
    if a.show:
        split, merged = {}, {}
        for s, _, tr, pr in items:
            split.setdefault(tr, {}).setdefault(str(pr), []).append(s)
            merged.setdefault(str(pr), {}).setdefault(tr, []).append(s)
        shown = 0
        for tr, m in sorted(split.items()):
            if len(m) > 1 and shown < a.show:
                shown += 1
                print(f"SPLIT  truth {tr}: {list(m.values())}")
        shown = 0
        for pr, m in sorted(merged.items()):
            if len(m) > 1 and shown < a.show:
                shown += 1
                print(f"MERGED {pr}: {list(m.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
