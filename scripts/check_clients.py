#!/usr/bin/env python3
"""Load an entigraph export in networkx and igraph and compare the counts with the build's summary.

    python scripts/check_clients.py OUTPUT_DIR SUMMARY_FILE

SUMMARY_FILE holds what `entigraph build` printed ("graph: N nodes, M edges; co-signature
network: X nodes, Y edges"). networkx must read graph.json, graph.graphml and cosigners.graphml
(and cosigners.json), igraph both GraphML files, each with the counts the build printed.
Prints one PASS/FAIL line per check and a closing "N passed, N failed" line; exit 1 on a failure.
"""
import json
import re
import sys
from pathlib import Path


def main() -> int:
    out, summary = Path(sys.argv[1]), Path(sys.argv[2]).read_text()
    m = re.search(r"graph: (\d+) nodes, (\d+) edges; co-signature network: (\d+) nodes, (\d+) edges", summary)
    if not m:
        print(f"FAIL summary: no counts in {sys.argv[2]}")
        return 1
    gn, ge, cn, ce = map(int, m.groups())
    import networkx as nx
    import igraph

    checks = []

    def check(name, got, want):
        ok = got == want
        checks.append(ok)
        print(f"{'PASS' if ok else 'FAIL'} {name}: {got[0]} nodes, {got[1]} edges (build printed {want[0]}, {want[1]})")

    g = nx.node_link_graph(json.loads((out / "graph.json").read_text()), edges="edges")
    check("networkx graph.json", (g.number_of_nodes(), g.number_of_edges()), (gn, ge))
    g = nx.read_graphml(out / "graph.graphml")
    check("networkx graph.graphml", (g.number_of_nodes(), g.number_of_edges()), (gn, ge))
    g = nx.read_graphml(out / "cosigners.graphml")
    check("networkx cosigners.graphml", (g.number_of_nodes(), g.number_of_edges()), (cn, ce))
    if g.is_directed():
        checks.append(False)
        print("FAIL cosigners.graphml is directed; the co-signature network is undirected")
    g = nx.node_link_graph(json.loads((out / "cosigners.json").read_text()), edges="edges")
    check("networkx cosigners.json", (g.number_of_nodes(), g.number_of_edges()), (cn, ce))
    ig = igraph.Graph.Read_GraphML(str(out / "graph.graphml"))
    check("igraph graph.graphml", (ig.vcount(), ig.ecount()), (gn, ge))
    ig = igraph.Graph.Read_GraphML(str(out / "cosigners.graphml"))
    check("igraph cosigners.graphml", (ig.vcount(), ig.ecount()), (cn, ce))
    # Weights survive the round trip: the sum of co-signature weights equals the letters signed
    # together, counted from graph.json.
    data = json.loads((out / "graph.json").read_text())
    want = sum(len(e.get("letters", [])) for e in data["edges"] if e["relation"] == "CO_SIGNED")
    got = int(sum(ig.es["weight"])) if ig.ecount() else 0
    checks.append(got == want)
    print(f"{'PASS' if got == want else 'FAIL'} igraph cosigners weights: sum {got} (graph.json letters {want})")
    failed = checks.count(False)
    print(f"check_clients: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
