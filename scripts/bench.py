#!/usr/bin/env python3
"""Side-by-side benchmark of entigraph and the alternatives (issue 7).

    python3 scripts/bench.py [--data DIR] [--sizes 10,100,1000] [--runs 5] [--python-runs 1]
                             [--skip-python] [--out docs/bench-results.json]

1. Generates the corpora with the shared generator (`--entries 5000 --seed 42`; the 1 GB one
   with `--no-files`, JSONL only) unless `DIR/cNNN/stats.json` already exists.
2. Checks that entigraph loads the generated gazetteer with no diagnostics.
3. Builds `entigraph` and `examples/ac_reference` in release mode; installs pyahocorasick,
   flashtext and spaCy in a venv (`DIR/venv`) for the Python matchers.
4. Times, on each corpus, `--runs` times each (median reported; `/usr/bin/time -v` gives the
   peak RSS): the count-only aho-corasick reference (matching only), `entigraph extract
   --jobs 1` and `--jobs 2` (to /dev/null), `entigraph build` (every stage, every export); and
   on the 100 MB corpus the Python matchers (matching only, `--python-runs` times).
5. Prints a markdown table and writes the raw figures as JSON.

The machine is shared: the load average is recorded before and after every measurement; CPU
(user+sys) seconds are recorded next to wall seconds.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.environ.get("GEN_CORPUS", "/work/shared/bench/gen_corpus.py")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


def load():
    return os.getloadavg()[0]


def timed(cmd, stdout=subprocess.DEVNULL):
    """Wall seconds, CPU seconds, peak RSS (KB), stdout text (when captured)."""
    t = time.perf_counter()
    p = subprocess.run(
        ["/usr/bin/time", "-v"] + cmd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    err = p.stderr

    def field(name):
        m = re.search(rf"{re.escape(name)}: ([0-9.]+)", err)
        return float(m.group(1)) if m else 0.0

    cpu = field("User time (seconds)") + field("System time (seconds)")
    rss = int(field("Maximum resident set size (kbytes)"))
    return wall, cpu, rss, (p.stdout if stdout == subprocess.PIPE else "")


def median_of(runs, f):
    rows = []
    for _ in range(runs):
        before = load()
        r = f()
        r["load"] = round((before + load()) / 2, 2)
        rows.append(r)
    keys = [k for k in rows[0] if isinstance(rows[0][k], (int, float))]
    med = {k: statistics.median(r[k] for r in rows) for k in keys}
    med["runs"] = rows
    return med


def kv(text):
    return {k: v for k, v in re.findall(r"(\w+)=(\S+)", text)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/bench-data")
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--python-runs", type=int, default=1)
    ap.add_argument("--skip-python", action="store_true")
    ap.add_argument("--skip-build-sizes", default="", help="sizes not to run `build` on")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "bench-results.json"))
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",") if x]
    os.makedirs(a.data, exist_ok=True)

    for mb in sizes:
        d = os.path.join(a.data, f"c{mb}")
        if not os.path.exists(os.path.join(d, "stats.json")):
            cmd = ["python3", GEN, "--mb", str(mb), "--entries", "5000", "--seed", "42", "--out", d]
            if mb >= 1000:
                cmd.append("--no-files")
            print("generating", " ".join(cmd), file=sys.stderr)
            subprocess.run(["nice"] + cmd, check=True)

    print("building", file=sys.stderr)
    sh(["cargo", "build", "--release", "--bin", "entigraph", "--example", "ac_reference"], cwd=ROOT)
    exe = os.path.join(ROOT, "target", "release", "entigraph")
    ref = os.path.join(ROOT, "target", "release", "examples", "ac_reference")

    # The generated gazetteer must load with no diagnostics.
    g0 = os.path.join(a.data, f"c{sizes[0]}", "gazetteer")
    empty = os.path.join(a.data, "empty.jsonl")
    with open(empty, "w") as fh:
        fh.write('{"id":"x","text":"x"}\n')
    p = subprocess.run([exe, "extract", "--gazetteer", g0, empty], capture_output=True, text=True)
    if p.returncode != 0 or p.stderr.strip():
        sys.exit(f"the generated gazetteer is not clean:\n{p.stderr}")

    py = os.path.join(a.data, "venv", "bin", "python")
    if not a.skip_python and not os.path.exists(py):
        print("installing the Python matchers", file=sys.stderr)
        sh(["python3", "-m", "venv", os.path.join(a.data, "venv")])
        sh([py, "-m", "pip", "install", "-q", "pyahocorasick", "flashtext", "spacy"])

    results = {"machine": {"cores": os.cpu_count()}, "sizes": {}}
    for mb in sizes:
        d = os.path.join(a.data, f"c{mb}")
        gaz = os.path.join(d, "gazetteer")
        corpus = os.path.join(d, "corpus.jsonl")
        r = {}

        def reference():
            wall, cpu, rss, out = timed([ref, gaz, corpus], stdout=subprocess.PIPE)
            x = kv(out)
            return {"match_s": float(x["match_s"]), "wall": wall, "rss_kb": rss}

        print(f"c{mb}: reference", file=sys.stderr)
        r["ac_reference"] = median_of(a.runs, reference)
        for jobs in (1, 2):
            def extract(jobs=jobs):
                wall, cpu, rss, _ = timed([exe, "extract", "--jobs", str(jobs), "--gazetteer", gaz, corpus])
                return {"wall": wall, "cpu": cpu, "rss_kb": rss}

            print(f"c{mb}: extract --jobs {jobs}", file=sys.stderr)
            r[f"extract_j{jobs}"] = median_of(a.runs, extract)
        if str(mb) not in a.skip_build_sizes.split(","):
            out = os.path.join(a.data, f"out{mb}")

            def build():
                wall, cpu, rss, _ = timed([exe, "build", "--quiet", "--gazetteer", gaz, "--out", out, corpus])
                return {"wall": wall, "cpu": cpu, "rss_kb": rss}

            print(f"c{mb}: build", file=sys.stderr)
            r["build"] = median_of(a.runs, build)
        if mb == 100 and not a.skip_python:
            for tool in ("pyahocorasick", "flashtext", "spacy"):
                def pyrun(tool=tool):
                    _, _, rss, out = timed(
                        [py, os.path.join(ROOT, "scripts", "bench_python.py"), tool, gaz, corpus],
                        stdout=subprocess.PIPE,
                    )
                    return {"match_s": float(kv(out)["match_s"]), "rss_kb": rss}

                print(f"c{mb}: {tool}", file=sys.stderr)
                r[tool] = median_of(a.python_runs, pyrun)
        results["sizes"][mb] = r
        with open(a.out, "w") as fh:
            json.dump(results, fh, indent=1)

    print(table(results))


def table(results):
    lines = [
        "| corpus | what | median s | CPU s | peak RSS MB | MB/s |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for mb, r in results["sizes"].items():
        mb = int(mb)
        for name, x in r.items():
            secs = x.get("match_s", x.get("wall"))
            cpu = x.get("cpu")
            lines.append(
                f"| {mb} MB | {name} | {secs:.2f} | {'' if cpu is None else f'{cpu:.2f}'} | "
                f"{x['rss_kb'] / 1024:.0f} | {mb / secs:.0f} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
