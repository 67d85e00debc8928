#!/usr/bin/env python3
"""A second, minimal scorer of entigraph predictions, written from the evaluation README
(docs/eval.md) and not from the Rust code, to check `entigraph eval`'s numbers.

Usage: eval_scorer.py GOLD.json PREDICTIONS.json
PREDICTIONS.json is a list of entigraph-pred/1 objects; prints a list of flat
{metric: number} objects, one per prediction. Standard library only.
"""
import itertools
import json
import sys
import unicodedata
from fractions import Fraction

APOSTROPHES = set("'\u2019\u2018`\u02bc\u02bb\u2032\u02b9")
TITLES = {"mr", "mrs", "ms", "dr", "president"}


def norm(s):
    """NFKD, marks removed, apostrophes removed, other non-alphanumerics as spaces,
    lower case, whitespace collapsed, a leading title dropped."""
    out = []
    for c in unicodedata.normalize("NFKD", s):
        if unicodedata.category(c).startswith("M") or c in APOSTROPHES:
            continue
        out.append(c.lower() if c.isalnum() else " ")
    words = "".join(out).split()
    if len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def put(out, prefix, tp, fp, fn):
    p, r, f = prf(tp, fp, fn)
    out.update({prefix + ".tp": tp, prefix + ".fp": fp, prefix + ".fn": fn,
                prefix + ".p": p, prefix + ".r": r, prefix + ".f1": f})


def gold_surfaces(e):
    return e.get("surfaces") or [e.get("name", "")]


def score(gold, pred):
    out = {}
    ents = gold.get("entities", [])
    types = sorted({e["type"] for e in ents})
    clusters = pred.get("clusters", [])
    pdocs = pred.get("documents", {})

    # A cluster names the gold entity (same type) sharing most normalised forms with it;
    # first listed wins a tie.
    mapping = {}
    for c in clusters:
        if c["id"] in mapping:
            continue
        forms = {norm(s) for s in c.get("surfaces", [])}
        best, best_votes = None, 0
        for i, e in enumerate(ents):
            if e["type"] != c["type"]:
                continue
            votes = len(forms & {norm(s) for s in gold_surfaces(e)})
            if votes > best_votes:
                best, best_votes = i, votes
        mapping[c["id"]] = (c, best)

    docs = set()
    for e in ents:
        docs |= set(e["documents"])
    for x in gold.get("letters", []) + gold.get("events", []):
        docs |= set(x.get("documents", []))

    # 1. Entities
    counts = {t: [0, 0, 0] for t in types}
    required = optional = optional_predicted = 0
    for d in sorted(docs):
        hit, opt_hit = set(), set()
        for cid in dict.fromkeys(pdocs.get(d, [])):
            if cid not in mapping:
                continue
            c, g = mapping[cid]
            if c["type"] not in types:
                continue
            status = ents[g]["documents"].get(d) if g is not None else None
            if status == "required":
                hit.add(g)
            elif status == "optional":
                opt_hit.add(g)
            else:
                counts[c["type"]][1] += 1
        optional_predicted += len(opt_hit)
        for i, e in enumerate(ents):
            status = e["documents"].get(d)
            if status == "required":
                required += 1
                counts[e["type"]][0 if i in hit else 2] += 1
            elif status == "optional":
                optional += 1
    for t in types:
        put(out, "entities." + t, *counts[t])
    put(out, "entities.micro", *[sum(c[k] for c in counts.values()) for k in range(3)])
    out["entities.required"] = required
    out["entities.optional"] = optional
    out["entities.optional_predicted"] = optional_predicted

    # 2. Resolution
    micro = [0, 0, 0]
    for t in types:
        gold_of = {}
        for e in ents:
            if e["type"] == t:
                for s in gold_surfaces(e):
                    gold_of.setdefault(norm(s), set()).add(e["id"])
        cluster_of = {}
        for c in clusters:
            if c["type"] == t:
                for s in c.get("surfaces", []):
                    cluster_of.setdefault(norm(s), set()).add(c["id"])
        tp = fp = fn = 0
        for a, b in itertools.combinations(sorted(gold_of), 2):
            same_gold = bool(gold_of[a] & gold_of[b])
            same_cluster = bool(cluster_of.get(a, set()) & cluster_of.get(b, set()))
            tp += same_gold and same_cluster
            fp += same_cluster and not same_gold
            fn += same_gold and not same_cluster
        put(out, "resolution." + t, tp, fp, fn)
        micro = [micro[0] + tp, micro[1] + fp, micro[2] + fn]
    put(out, "resolution.micro", *micro)
    cluster_forms = [{norm(s) for s in c.get("surfaces", [])} for c in clusters]
    out["resolution.hard_negatives_merged"] = sum(
        1 for a, b in gold.get("hard_negatives", [])
        if any(norm(a) in f and norm(b) in f for f in cluster_forms))

    # 3. Letters
    def to_gold(cid):
        g = mapping.get(cid, (None, None))[1]
        return ents[g]["id"] if g is not None else "?" + cid

    gletters = gold.get("letters", [])
    pletters = pred.get("letters", [])
    scored = [i for i, l in enumerate(pletters) if set(l["documents"]) & docs]
    psigners = [{to_gold(s) for s in l.get("signers", [])} for l in pletters]
    cands = []
    for gi, gl in enumerate(gletters):
        gs = set(gl.get("signers", []))
        for pi in scored:
            shared = len(set(gl["documents"]) & set(pletters[pi]["documents"]))
            ps = psigners[pi]
            f = Fraction(1) if not gs and not ps else Fraction(2 * len(gs & ps), len(gs) + len(ps))
            if shared and f >= Fraction(1, 2):
                cands.append((-f, -shared, gi, pi))
    cands.sort()
    match, taken = {}, set()
    for _, _, gi, pi in cands:
        if gi not in match and pi not in taken:
            match[gi] = pi
            taken.add(pi)
    n_gold = found = opt = dates = cross = covered = common = n_ps = n_gs = 0
    for gi, gl in enumerate(gletters):
        if gl.get("optional"):
            opt += gi in match
            continue
        n_gold += 1
        multi = len(set(gl["documents"])) > 1
        cross += multi
        if gi not in match:
            continue
        found += 1
        pl = pletters[match[gi]]
        gs, ps = set(gl.get("signers", [])), psigners[match[gi]]
        common += len(gs & ps)
        n_ps += len(ps)
        n_gs += len(gs)
        dates += pl.get("date") == gl.get("date")
        covered += multi and set(gl["documents"]) <= set(pl["documents"])
    spurious = len([pi for pi in scored if pi not in taken])
    out.update({
        "letters.gold": n_gold, "letters.found": found, "letters.predicted": len(scored),
        "letters.spurious": spurious, "letters.optional_matched": opt,
        "letters.recall": found / n_gold if n_gold else 1.0,
        "letters.precision": found / (found + spurious) if found + spurious else 1.0,
        "letters.signer_precision": common / n_ps if n_ps else 1.0,
        "letters.signer_recall": common / n_gs if n_gs else 1.0,
        "letters.dates_right": dates, "letters.cross_document": cross,
        "letters.cross_document_covered": covered,
    })

    # 4. Co-signature edges
    gpairs = {}
    if gold.get("cosignatures") is not None:
        for c in gold["cosignatures"]:
            k = tuple(sorted((c["a"], c["b"])))
            gpairs[k] = gpairs.get(k, 0) + c["letters"]
    else:
        for l in gletters:
            for a, b in itertools.combinations(sorted(set(l.get("signers", []))), 2):
                gpairs[(a, b)] = gpairs.get((a, b), 0) + 1
    ppairs = {}
    for c in pred.get("cosignatures", []):
        k = tuple(sorted((to_gold(c["a"]), to_gold(c["b"]))))
        ppairs[k] = ppairs.get(k, 0) + c["letters"]
    tp = len(set(ppairs) & set(gpairs))
    put(out, "cosignatures", tp, len(ppairs) - tp, len(gpairs) - tp)
    out["cosignatures.exact"] = sum(1 for k in ppairs if k in gpairs and ppairs[k] == gpairs[k])
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        gold = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        preds = json.load(f)
    json.dump([score(gold, p) for p in preds], sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
