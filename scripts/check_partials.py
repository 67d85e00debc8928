#!/usr/bin/env python3
"""Checks that builds from partials write the bytes of a plain build (issue 19), on a JSONL
corpus such as the 10 MB synthetic one:

    python3 scripts/check_partials.py CORPUS.jsonl --gazetteer DIR [--bin PATH] [--shards 1,3,7]
        [--spark PYTHON]

- 1, 3 and 7 shards (lines dealt round-robin, so every shard is out of order), mapped with
  `entigraph map`, given to `build --partials` in reverse order (the first two concatenated);
- old partials (the first 80% of the lines) beside the new documents (the rest, as JSONL);
- with --spark, `scripts/spark_build.py` run by that Python (local[2], 4 partitions).

Every export must equal the plain build's byte for byte; `manifest.json` must list the same
files (its input digest names the files read, which differ). Exits 1 on any difference.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def files(out):
    got = {}
    for name in sorted(os.listdir(out)):
        if name == ".entigraph.lock":
            continue
        with open(os.path.join(out, name), "rb") as f:
            data = f.read()
        if name == "manifest.json":
            data = json.dumps(json.loads(data)["files"]).encode()
        got[name] = data
    return got


def compare(plain, other, what):
    a, b = files(plain), files(other)
    bad = sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))
    status = "same bytes" if not bad else "DIFFERENT: " + ", ".join(bad)
    print(f"  {what}: {len(a)} files, {status}")
    return not bad


def run(cmd):
    t = time.time()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.time() - t


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("--gazetteer", required=True)
    p.add_argument("--bin", default="target/release/entigraph")
    p.add_argument("--shards", default="1,3,7")
    p.add_argument("--spark", help="a Python with pyspark: also check scripts/spark_build.py")
    args = p.parse_args()
    with open(args.corpus, encoding="utf-8") as f:
        lines = f.readlines()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        def build(out, partials=(), inputs=()):
            cmd = [args.bin, "build", "--quiet", "--gazetteer", args.gazetteer, *inputs]
            if partials:
                cmd += ["--partials", *partials]
            return run(cmd + ["--out", out])

        def map_(inp, out):
            return run([args.bin, "map", inp, "--gazetteer", args.gazetteer, "-o", out])

        plain = os.path.join(tmp, "plain")
        print(f"plain build: {build(plain, inputs=[args.corpus]):.1f} s")
        for n in [int(x) for x in args.shards.split(",")]:
            parts, t_map = [], 0.0
            for i in range(n):
                shard = os.path.join(tmp, f"s{n}-{i}.jsonl")
                with open(shard, "w", encoding="utf-8") as f:
                    f.writelines(lines[i::n])
                parts.append(os.path.join(tmp, f"s{n}-{i}.partials"))
                t_map += map_(shard, parts[-1])
            parts.reverse()
            if n > 1:
                with open(parts[1], "ab") as f, open(parts[0], "rb") as g:
                    f.write(g.read())
                parts.pop(0)
            out = os.path.join(tmp, f"out{n}")
            t_build = build(out, partials=parts)
            ok &= compare(plain, out, f"{n} shard(s) (map {t_map:.1f} s, build {t_build:.1f} s)")
        cut = len(lines) * 4 // 5
        old, new = os.path.join(tmp, "old.jsonl"), os.path.join(tmp, "new.jsonl")
        with open(old, "w", encoding="utf-8") as f:
            f.writelines(lines[:cut])
        with open(new, "w", encoding="utf-8") as f:
            f.writelines(lines[cut:])
        map_(old, os.path.join(tmp, "old.partials"))
        out = os.path.join(tmp, "incremental")
        build(out, partials=[os.path.join(tmp, "old.partials")], inputs=[new])
        ok &= compare(plain, out, f"old partials ({cut} documents) + {len(lines) - cut} new")
        if args.spark:
            out = os.path.join(tmp, "spark")
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "spark_build.py")
            t = run([args.spark, script, args.corpus, "--gazetteer", args.gazetteer,
                     "--out", out, "--bin", args.bin, "--partitions", "4"])
            ok &= compare(plain, out, f"Spark local[2], 4 partitions ({t:.1f} s)")
    print("check_partials: OK" if ok else "check_partials: FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
