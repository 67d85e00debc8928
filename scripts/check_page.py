#!/usr/bin/env python3
"""Loads entigraph's index.html in headless Chromium and checks it from the rendered DOM.

    check_page.py OUT/index.html [--seeds OUT/letters.csv] [--screenshot page.png] [--timing]

Chromium is driven over the DevTools protocol (a websocket; `websocket-client`). Every request
that is not the page itself is blocked and reported: the page must make none. The script waits
for the page's script (`body[data-ready]`), then checks:

- no console error, no uncaught exception, no request to any host;
- with --seeds (the seeds' build): the co-signature canvas drew 11 people and 55 edges; typing
  "Saeid Massouri" in the search and pressing Enter shows Saeid Masouri with 10 co-signers, 5
  of them with 2 letters; a click on his node (hit-testing) shows him again; the letters view
  lists every letter of letters.csv with its date.

--screenshot saves a PNG of the network with Saeid Masouri selected (with --seeds) or of the
page as loaded. --timing prints how long loading, a search and a redraw take.
Exit status 0 when every check passed, 1 otherwise.
"""
from __future__ import annotations

import argparse
import base64
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket  # websocket-client

BLOCKED = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]


class Browser:
    """A headless Chromium and a DevTools session on its first page."""

    def __init__(self) -> None:
        exe = os.environ.get("CHROME") or next(
            (p for p in ("chromium", "chromium-browser", "google-chrome") if shutil.which(p)), None)
        if not exe:
            sys.exit("check_page: no chromium found (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="check-page-")
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "--host-resolver-rules=MAP * ~NOTFOUND",
             "--proxy-server=http://127.0.0.1:9", "--window-size=1400,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().count("\n") >= 1:
                break
            time.sleep(0.1)
        port = int(port_file.read_text().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120,
                                              suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def eval(self, expr: str):
        r = self.send("Runtime.evaluate", expression=expr, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expr}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expr: str, timeout: float = 120.0) -> float:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.eval(expr):
                return time.monotonic() - t0
            time.sleep(0.02)
        raise TimeoutError(expr)

    def click(self, x: float, y: float) -> None:
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            shutil.rmtree(self.profile, ignore_errors=True)


class Checks:
    def __init__(self) -> None:
        self.failed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        print(f"{'PASS' if ok else 'FAIL'} {name} {detail}".rstrip())
        self.failed += not ok


def problems(b: Browser, page_url: str) -> tuple[list[str], list[str]]:
    """Console errors and exceptions; requests to anything but the page."""
    errors, requests = [], []
    for ev in b.events:
        m, p = ev.get("method"), ev.get("params", {})
        if m == "Runtime.exceptionThrown":
            errors.append(json.dumps(p["exceptionDetails"])[:300])
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            errors.append(" ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
        elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
            errors.append(p["entry"]["text"])
        elif m == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if url != page_url and not url.startswith("data:"):
                requests.append(url)
    return errors, requests


SELECTED = """(() => { const p = document.getElementById('panel');
  const counts = [...p.querySelectorAll('ul.cosigners li')].map(li => Number(li.dataset.count));
  return {person: p.dataset.person || null, cosigners: counts.length,
          two: counts.filter(c => c === 2).length}; })()"""


def check_seeds(b: Browser, c: Checks, letters_csv: Path) -> None:
    canvas = b.eval("(() => { const c = document.getElementById('co-canvas');"
                    " return [Number(c.dataset.nodes), Number(c.dataset.edges)]; })()")
    c.check("network.drawn", canvas == [11, 55], f"people, edges drawn: {canvas} (want [11, 55])")

    b.eval("document.getElementById('search').focus()")
    b.send("Input.insertText", text="Saeid Massouri")
    for kind in ("keyDown", "keyUp"):
        b.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
               windowsVirtualKeyCode=13, nativeVirtualKeyCode=13)
    got = b.eval(SELECTED)
    want = {"person": "person:saeid-masouri", "cosigners": 10, "two": 5}
    c.check("search.variant", got == want, f"search 'Saeid Massouri': {got}")

    b.eval("entigraph.views.co.select(-1); document.getElementById('panel').dataset.person = '';"
           "window.scrollTo(0, 0)")
    xy = b.eval("(() => { const r = document.getElementById('co-canvas').getBoundingClientRect();"
                " const p = entigraph.screenOf('person:saeid-masouri');"
                " return p && [r.left + p[0], r.top + p[1]]; })()")
    b.click(*xy)
    got = b.eval(SELECTED)
    c.check("click.person", got == want, f"click at {xy}: {got}")

    with open(letters_csv, newline="", encoding="utf-8") as f:
        want_rows = sorted((r["id"], r["date"] or "undated") for r in csv.DictReader(f))
    b.eval("document.querySelector('nav button[data-view=letters]').click()")
    rows = b.eval("[...document.querySelectorAll('#letters tbody tr')]"
                  ".map(tr => [tr.dataset.id, tr.querySelector('td.date').textContent])")
    c.check("letters.listed", sorted(map(tuple, rows)) == want_rows,
            f"{len(rows)} letters with dates (want {len(want_rows)})")
    b.eval("document.querySelector('nav button[data-view=co]').click()")


def timing(b: Browser) -> dict:
    return b.eval("""(() => {
      const t = (f) => { const a = performance.now(); f(); return Math.round(performance.now() - a); };
      const r = {};
      r.search_ms = t(() => entigraph.search('Saeid Massouri'));
      r.redraw_network_ms = t(() => entigraph.views.co.draw());
      entigraph.show('full');
      r.redraw_graph_ms = t(() => entigraph.views.full.draw());
      r.letters_view_ms = t(() => entigraph.show('letters'));
      r.entities_view_ms = t(() => entigraph.show('entities'));
      entigraph.show('co');
      return r; })()""")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page", type=Path)
    ap.add_argument("--seeds", type=Path, help="letters.csv of the seeds' build: run the seeds' checks")
    ap.add_argument("--screenshot", type=Path)
    ap.add_argument("--timing", action="store_true")
    args = ap.parse_args()
    url = args.page.resolve().as_uri()
    c = Checks()
    b = Browser()
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.send(f"{domain}.enable")
        b.send("Network.setBlockedURLs", urls=BLOCKED)
        b.send("Emulation.setDeviceMetricsOverride", width=1400, height=900, deviceScaleFactor=1,
               mobile=False)
        t0 = time.monotonic()
        b.send("Page.navigate", url=url)
        b.wait_for("document.readyState === 'complete' && document.body.dataset.ready === '1'"
                   " && document.getElementById('co-canvas').dataset.drawn === '1'")
        load = time.monotonic() - t0
        print(f"INFO load {load:.2f} s ({args.page.stat().st_size / 1e6:.2f} MB)")
        if args.seeds:
            check_seeds(b, c, args.seeds)
        if args.timing:
            print("INFO timing " + json.dumps(timing(b)))
        if args.screenshot:
            if args.seeds:
                b.eval("entigraph.pick(entigraph.search('Saeid Masouri')[0])")
            time.sleep(0.3)
            shot = b.send("Page.captureScreenshot", format="png")
            args.screenshot.write_bytes(base64.b64decode(shot["data"]))
            print(f"INFO screenshot {args.screenshot}")
        time.sleep(0.2)
        b.eval("1")  # collect the last events
        errors, requests = problems(b, url)
        c.check("console.clean", not errors, "; ".join(errors[:5]))
        c.check("network.none", not requests, ", ".join(requests[:5]))
    finally:
        b.close()
    print(f"check_page: {'ok' if not c.failed else str(c.failed) + ' failed'}")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
