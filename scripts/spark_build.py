#!/usr/bin/env python3
"""Build a JSONL corpus with Spark: `entigraph map` on every partition, `build --partials` on
the driver.

    python3 scripts/spark_build.py INPUT.jsonl --gazetteer DIR --out DIR \
        [--master URL] [--partitions N] [--bin PATH]

The executors run the per-document stage: each partition of INPUT.jsonl (one document per
line) is piped through `entigraph map -` with `RDD.pipe`, the binary and the gazetteer folder
shipped to them with `SparkContext.addFile` (Spark puts them in each executor's working folder).
The driver streams the partials back one partition at a time (`toLocalIterator`) into a local
file and runs the global stages with `entigraph build --partials`; the exports are the bytes a
plain `entigraph build INPUT.jsonl` writes (docs/partials.md).

It runs on `local[2]` when neither --master nor spark-submit names a master, and unchanged under
`spark-submit --master URL scripts/spark_build.py ...` on a cluster: INPUT.jsonl must then be
readable by the executors (HDFS, S3, a shared folder) and the binary must run on them (the same
OS and architecture). `--bin` defaults to target/release/entigraph.

Exit status: that of `entigraph build` (0 ok, 1 some input was reported, 2 usage), or 2 when a
map failed.
"""

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input", help="the corpus, one JSON document per line")
    p.add_argument("--gazetteer", required=True, help="the gazetteer folder")
    p.add_argument("--out", required=True, help="the output folder of the build")
    p.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[2])")
    p.add_argument("--partitions", type=int, default=None, help="partitions of the input")
    p.add_argument(
        "--bin",
        default=os.path.join(os.path.dirname(here), "target", "release", "entigraph"),
        help="the entigraph binary (default: target/release/entigraph)",
    )
    p.add_argument("--keep-partials", help="also keep the partials in this file")
    return p.parse_args()


def map_command(files_dir):
    """The command each partition is piped through. Files added with addFile are in an
    executor's working folder on a cluster, and in the driver's SparkFiles folder in local
    mode: the command looks in the first, then the second. `map` exits 1 when it reported bad
    input (the problems travel in the partials to the build): only a status above 1 fails."""
    script = (
        'd=.; [ -e ./entigraph ] || d="$ENTIGRAPH_FILES"; '
        '[ -x "$d/entigraph" ] || chmod u+x "$d/entigraph"; '
        '"$d/entigraph" map - --gazetteer "$d/gazetteer" --jobs 1; '
        'rc=$?; [ "$rc" -le 1 ]'
    )
    return "sh -c " + shlex.quote(script), {"ENTIGRAPH_FILES": files_dir, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}


def main():
    args = parse_args()
    for path, what in [(args.bin, "binary"), (args.gazetteer, "gazetteer folder")]:
        if not os.path.exists(path):
            print(f"spark_build.py: error: {path}: no such {what}", file=sys.stderr)
            return 2
    from pyspark import SparkConf, SparkFiles
    from pyspark.sql import SparkSession

    conf = SparkConf().setAppName("entigraph")
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[2]")
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    gazetteer = os.path.abspath(args.gazetteer.rstrip("/"))
    sc.addFile(os.path.abspath(args.bin))
    if os.path.basename(gazetteer) != "gazetteer":
        # Shipped under the name the map command uses.
        import shutil
        staged = os.path.join(tempfile.mkdtemp(prefix="entigraph-gaz-"), "gazetteer")
        shutil.copytree(gazetteer, staged)
        gazetteer = staged
    sc.addFile(gazetteer, recursive=True)
    command, env = map_command(SparkFiles.getRootDirectory())

    t0 = time.time()
    lines = sc.textFile(os.path.abspath(args.input) if "://" not in args.input else args.input,
                        minPartitions=args.partitions)
    partials = lines.pipe(command, env=env, checkCode=True)
    out_dir = os.path.abspath(args.out)
    parent = os.path.dirname(out_dir) or "."
    os.makedirs(parent, exist_ok=True)
    fd, path = tempfile.mkstemp(prefix=".entigraph-partials-", suffix=".jsonl", dir=parent)
    try:
        n = 0
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            try:
                for line in partials.toLocalIterator():
                    f.write(line)
                    f.write("\n")
                    n += 1
            except Exception as e:  # a map failed: Spark says which partition and why
                print(f"spark_build.py: error: map failed: {e}", file=sys.stderr)
                return 2
        t_map = time.time() - t0
        print(f"spark_build.py: {lines.getNumPartitions()} partitions mapped, "
              f"{n} partial lines, {os.path.getsize(path) / 1e6:.1f} MB ({t_map:.1f} s)",
              file=sys.stderr)
        spark.stop()
        if args.keep_partials:
            import shutil
            shutil.copyfile(path, args.keep_partials)
        t1 = time.time()
        rc = subprocess.call([args.bin, "build", "--quiet", "--gazetteer", args.gazetteer,
                              "--out", out_dir, "--partials", path])
        print(f"spark_build.py: build --partials exited {rc} ({time.time() - t1:.1f} s)",
              file=sys.stderr)
        return rc
    finally:
        if os.path.exists(path):
            os.remove(path)


if __name__ == "__main__":
    sys.exit(main())
