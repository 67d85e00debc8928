// entigraph's page: draws the positions computed in Rust, searches names, shows people,
// letters and entities. Every name goes into the page as text (textContent), never as markup.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const E = D.entities;
  const PALETTE = ["#2a5db0", "#e08a00", "#2e9d4a", "#c43c3c", "#8653b8", "#8c5a3c", "#d45fae",
    "#6b6b6b", "#a8a820", "#1fa5b8", "#5b7fd6", "#f0b050"];
  const $ = (id) => document.getElementById(id);
  const MOVING_EDGES = 20000;

  // ---- small DOM helpers: text only
  function el(tag, text, cls) {
    const n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    if (cls) n.className = cls;
    return n;
  }
  function link(i, onClick) {
    const a = el("a", E[i].label, "link");
    a.dataset.id = E[i].id;
    a.addEventListener("click", () => onClick(i));
    return a;
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); return n; }

  // ---- names: folded as entigraph folds them (text::fold), then loosened
  const APOS = /['’‘`ʼʻ´′ʹ＇]/g;
  function fold(s) {
    return s.normalize("NFKD").replace(/\p{M}/gu, "").replace(APOS, "")
      .replace(/[\s\-_\u2010-\u2015\u2212]+/g, " ").toLowerCase().trim();
  }
  // Letters and digits only, doubled letters once: "massouri" = "masouri".
  function loose(k) { return k.replace(/[^\p{L}\p{N} ]/gu, "").replace(/(\p{L})\1+/gu, "$1").trim(); }
  function within1(a, b) { // edit distance at most 1
    if (a === b) return true;
    if (Math.abs(a.length - b.length) > 1) return false;
    let i = 0, j = 0, edits = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) return false;
      if (a.length > b.length) i++; else if (b.length > a.length) j++; else { i++; j++; }
    }
    return edits + (a.length - i) + (b.length - j) <= 1;
  }
  const LOOSE = E.map((e) => e.keys.map(loose));
  // 3: same folded name; 2: same loosened; 1: every word matches (one typo in long words);
  // 0.5: the query starts a name or a word of it.
  function query(q) {
    const qk = fold(q), ql = loose(qk);
    return { qk, ql, qt: ql.split(" ").filter(Boolean) };
  }
  function score({ qk, ql, qt }, i) {
    if (!qt.length) return 0;
    let best = 0;
    E[i].keys.forEach((k, j) => {
      const l = LOOSE[i][j];
      if (k === qk) best = Math.max(best, 3);
      else if (l === ql) best = Math.max(best, 2);
      else {
        const lt = l.split(" ");
        const ok = qt.every((t) => lt.some((w) => w === t || (t.length >= 5 && within1(t, w))));
        if (ok && qt.length >= Math.min(2, lt.length)) best = Math.max(best, 1);
        else if (l.startsWith(ql) || lt.some((w) => w.startsWith(ql))) best = Math.max(best, 0.5);
      }
    });
    return best;
  }
  function search(q) {
    const hits = [], parsed = query(q);
    for (let i = 0; i < E.length; i++) {
      const s = score(parsed, i);
      if (s > 0) hits.push([s, i]);
    }
    hits.sort((a, b) => b[0] - a[0] || (E[a[1]].t - E[b[1]].t) || (E[b[1]].mentions - E[a[1]].mentions) || a[1] - b[1]);
    return hits.slice(0, 25).map((h) => h[1]);
  }

  // ---- a canvas drawing with pan, zoom and hit-testing
  function NetView(canvas, drawing, colour, onPick) {
    const n = drawing.node.length, ne = drawing.e.length / 3;
    const at = new Map(drawing.node.map((e, k) => [e, k]));
    const adj = Array.from({ length: n }, () => []);
    for (let k = 0; k < ne; k++) {
      const a = drawing.e[3 * k], b = drawing.e[3 * k + 1];
      adj[a].push(b); adj[b].push(a);
    }
    const v = { scale: 1, tx: 0, ty: 0, sel: -1, canvas, at, adj };
    let w = 0, h = 0, dpr = 1;
    // Fits the drawing (without its farthest 1% on each side when it is large) to the canvas.
    function fit() {
      const cut = n >= 200 ? Math.floor(n / 100) : 0;
      const xs = Float64Array.from(drawing.x).sort(), ys = Float64Array.from(drawing.y).sort();
      const pad = n ? Math.max(...drawing.r.slice(0, 1000)) : 1;
      let x0 = n ? xs[cut] - pad : -1, x1 = n ? xs[n - 1 - cut] + pad : 1;
      let y0 = n ? ys[cut] - pad : -1, y1 = n ? ys[n - 1 - cut] + pad : 1;
      v.scale = 0.92 * Math.min(w / Math.max(x1 - x0, 1e-9), h / Math.max(y1 - y0, 1e-9));
      v.tx = w / 2 - v.scale * (x0 + x1) / 2;
      v.ty = h / 2 + v.scale * (y0 + y1) / 2;
    }
    v.resize = function () {
      dpr = window.devicePixelRatio || 1;
      w = canvas.clientWidth; h = canvas.clientHeight;
      if (!w || !h) return false;
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
      if (!v.fitted) { fit(); v.fitted = true; }
      return true;
    };
    // On screen a node grows with the zoom up to a few times its size in pixels.
    v.radius = (k) => Math.max(1.5, Math.min(drawing.r[k] * v.scale, 4 + 5 * drawing.r[k]));
    v.screen = (k) => [v.tx + v.scale * drawing.x[k], v.ty - v.scale * drawing.y[k]];
    v.draw = function () {
      if (!w && !v.resize()) return;
      const g = canvas.getContext("2d");
      g.setTransform(dpr, 0, 0, dpr, 0, 0);
      g.clearRect(0, 0, w, h);
      const near = new Set(v.sel >= 0 ? adj[v.sel] : []);
      let edges = 0, nodes = 0;
      // Edges in a few batches by width: one stroke per batch.
      const widths = [[1, 1], [2, 1.8], [3, 2.6], [5, 3.6], [Infinity, 5]];
      let from = 0;
      // While a large drawing moves, its edges wait until it stops (a frame stays quick).
      const skipEdges = v.moving && ne > MOVING_EDGES;
      for (const [upTo, lw] of skipEdges ? [] : widths) {
        g.beginPath();
        for (let k = 0; k < ne; k++) {
          const wt = drawing.e[3 * k + 2];
          if (wt <= from || wt > upTo) continue;
          const a = drawing.e[3 * k], b = drawing.e[3 * k + 1];
          const [ax, ay] = v.screen(a), [bx, by] = v.screen(b);
          g.moveTo(ax, ay); g.lineTo(bx, by); edges++;
        }
        g.lineWidth = Math.max(0.3, Math.min(lw, lw * Math.sqrt(v.scale) / 2));
        g.strokeStyle = v.sel >= 0 ? "rgba(150,150,150,0.25)" : "rgba(120,120,120,0.45)";
        g.stroke();
        from = upTo;
      }
      if (v.sel >= 0) { // the selected node's edges on top
        g.beginPath();
        for (const b of adj[v.sel]) {
          const [ax, ay] = v.screen(v.sel), [bx, by] = v.screen(b);
          g.moveTo(ax, ay); g.lineTo(bx, by);
        }
        g.lineWidth = 1.5; g.strokeStyle = "rgba(200,80,0,0.8)"; g.stroke();
      }
      for (let k = 0; k < n; k++) {
        const [x, y] = v.screen(k), r = v.radius(k);
        if (x < -r || y < -r || x > w + r || y > h + r) { nodes++; continue; }
        g.beginPath(); g.arc(x, y, r, 0, 2 * Math.PI);
        g.globalAlpha = v.sel < 0 || k === v.sel || near.has(k) ? 1 : 0.35;
        g.fillStyle = colour(drawing.c[k]); g.fill();
        g.lineWidth = k === v.sel ? 3 : 0.8; g.strokeStyle = k === v.sel ? "#000" : "#fff"; g.stroke();
        nodes++;
      }
      g.globalAlpha = 1;
      // Labels: the selected node, its neighbours, and any node drawn large enough.
      g.font = "12px system-ui, sans-serif"; g.fillStyle = "#111"; g.textAlign = "center";
      for (let k = 0; k < n; k++) {
        const r = v.radius(k);
        if (k === v.sel || near.has(k) || r >= 12 || (n <= 40 && r >= 3)) {
          const [x, y] = v.screen(k);
          if (x > -50 && y > -20 && x < w + 50 && y < h + 20) g.fillText(E[drawing.node[k]].label, x, y - Math.max(r, 2) - 3);
        }
      }
      if (skipEdges) return;
      canvas.dataset.nodes = nodes; canvas.dataset.edges = edges;
      canvas.dataset.drawn = "1";
    };
    let frame = 0;
    v.redraw = () => { if (!frame) frame = requestAnimationFrame(() => { frame = 0; v.draw(); }); };
    v.pick = function (px, py) { // the node under a point, nearest centre first
      let best = -1, bd = Infinity;
      for (let k = 0; k < n; k++) {
        const [x, y] = v.screen(k), r = Math.max(4, v.radius(k));
        const d = (x - px) ** 2 + (y - py) ** 2;
        if (d <= r * r && d < bd) { bd = d; best = k; }
      }
      return best;
    };
    v.select = function (k, centre) {
      v.sel = k;
      if (centre && k >= 0) { // bring the node into view when it is off the canvas's middle
        const [x, y] = v.screen(k);
        if (x < w * 0.1 || x > w * 0.9 || y < h * 0.1 || y > h * 0.9) { v.tx += w / 2 - x; v.ty += h / 2 - y; }
      }
      v.redraw();
    };
    interact(v, drawing, onPick);
    return v;
  }

  // Pan (drag), zoom (wheel) and pick (click) on a drawing's canvas.
  function interact(v, drawing, onPick) {
    const canvas = v.canvas;
    let drag = null, still = 0;
    function moved() { // redraw now without edges, with them once still for a moment
      v.moving = true; v.redraw();
      clearTimeout(still);
      still = setTimeout(() => { v.moving = false; v.redraw(); }, 150);
    }
    canvas.addEventListener("mousedown", (ev) => { drag = { x: ev.offsetX, y: ev.offsetY, moved: false }; });
    window.addEventListener("mouseup", (ev) => {
      if (drag && !drag.moved && ev.target === canvas) {
        const k = v.pick(ev.offsetX, ev.offsetY);
        v.select(k, false);
        onPick(k >= 0 ? drawing.node[k] : -1);
      }
      drag = null;
    });
    canvas.addEventListener("mousemove", (ev) => {
      if (drag) {
        const dx = ev.offsetX - drag.x, dy = ev.offsetY - drag.y;
        if (drag.moved || dx * dx + dy * dy > 9) {
          drag.moved = true; v.tx += dx; v.ty += dy; drag.x = ev.offsetX; drag.y = ev.offsetY; moved();
        }
      } else {
        const k = v.pick(ev.offsetX, ev.offsetY);
        canvas.title = k >= 0 ? E[drawing.node[k]].label : "";
        canvas.style.cursor = k >= 0 ? "pointer" : "grab";
      }
    });
    canvas.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      const f = Math.exp(-ev.deltaY * 0.0015);
      v.tx = ev.offsetX - (ev.offsetX - v.tx) * f; v.ty = ev.offsetY - (ev.offsetY - v.ty) * f; v.scale *= f;
      moved();
    }, { passive: false });
  }

  // ---- the views
  const communityColour = (c) => PALETTE[c % PALETTE.length];
  const typeColour = (t) => D.types[t].colour;
  const co = NetView($("co-canvas"), D.co, communityColour, (i) => showEntity(i, false));
  const full = NetView($("full-canvas"), D.full, typeColour, (i) => showEntity(i, false, $("full-panel")));
  const views = { co, full };
  let current = "co";
  function show(view) {
    current = view;
    document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("on", b.dataset.view === view));
    document.querySelectorAll("main .view").forEach((s) => { s.hidden = s.id !== "view-" + view; });
    if (views[view]) { views[view].resize(); views[view].draw(); }
    if (view === "letters") renderLetters();
    if (view === "entities") renderEntities();
    document.body.dataset.view = view;
  }
  document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => show(b.dataset.view)));
  window.addEventListener("resize", () => { for (const k in views) { views[k].resize(); views[k].redraw(); } });

  // ---- the person (or entity) panel
  const coSlot = new Map(D.co.node.map((e, k) => [e, k]));
  function cosigners(k) { // [entity, letters together], most first
    const m = new Map();
    for (let j = 0; j < D.co.e.length; j += 3) {
      const a = D.co.e[j], b = D.co.e[j + 1], w = D.co.e[j + 2];
      if (a === k) m.set(b, (m.get(b) || 0) + w); else if (b === k) m.set(a, (m.get(a) || 0) + w);
    }
    return [...m].map(([o, w]) => [D.co.node[o], w])
      .sort((p, q) => q[1] - p[1] || E[p[0]].label.localeCompare(E[q[0]].label));
  }
  function letterLine(l) {
    const li = el("li");
    li.append(el("span", (l.date || "undated") + " ", "date"), el("span", E[l.n].label));
    return li;
  }
  function showEntity(i, centre, panel) {
    panel = panel || $("panel");
    clear(panel);
    if (i < 0) { panel.append(el("p", "Click a person, or search a name.", "muted")); return; }
    const e = E[i];
    panel.dataset.entity = e.id;
    panel.append(el("h2", e.label), el("p", D.types[e.t].name + " · " + e.mentions + " mentions in " + e.docs + " documents", "muted"));
    if (e.names.length > 1) panel.append(el("p", "Also written: " + e.names.slice(1).join("; "), "muted"));
    const k = coSlot.get(i);
    if (panel === $("panel") && k !== undefined) personDetails(panel, k);
    if (centre) {
      const view = views[current] || co;
      const slot = view.at.get(i);
      if (slot !== undefined) view.select(slot, true);
    }
  }
  function personDetails(panel, k) {
    const p = D.people[k];
    panel.dataset.person = E[D.co.node[k]].id;
    panel.append(el("h3", "Letters (" + p.letters.length + ")"));
    const ul = el("ul", null, "letters"); p.letters.forEach((li) => ul.append(letterLine(D.letters[li]))); panel.append(ul);
    const cs = cosigners(k);
    panel.append(el("h3", "Co-signers (" + cs.length + ")"));
    const cl = el("ul", null, "cosigners");
    for (const [o, w] of cs) {
      const li = el("li"); li.dataset.count = w;
      li.append(link(o, (j) => showEntity(j, true)), el("span", " · " + w + (w === 1 ? " letter" : " letters"), "muted"));
      cl.append(li);
    }
    panel.append(cl);
    panel.append(el("h3", "Prisons (" + p.prisons.length + ")"));
    const pl = el("ul", null, "prisons"); p.prisons.forEach((j) => pl.append(el("li", E[j].label))); panel.append(pl);
    panel.append(el("h3", "Evidence"));
    if (D.no_passages) panel.append(el("p", "The corpus came on standard input: no passages.", "muted"));
    const ev = el("ul", null, "evidence");
    for (const s of p.evidence) {
      const li = el("li");
      li.append(el("span", s.before), el("mark", s.name), el("span", s.after), el("div", s.doc, "doc"));
      ev.append(li);
    }
    panel.append(ev);
  }

  // ---- search
  const input = $("search"), hitsList = $("hits");
  let hits = [];
  function pick(i) {
    clear(hitsList); hits = [];
    input.value = E[i].label;
    if (coSlot.has(i)) { if (current !== "co") show("co"); showEntity(i, true); }
    else { show("full"); showEntity(i, true, $("full-panel")); }
  }
  input.addEventListener("input", () => {
    hits = input.value.trim() ? search(input.value) : [];
    clear(hitsList);
    hits.forEach((i, n) => {
      const li = el("li", null, n === 0 ? "on" : ""); li.dataset.id = E[i].id;
      li.append(el("span", E[i].label + " "), el("span", D.types[E[i].t].name, "type"));
      li.addEventListener("mousedown", (ev) => { ev.preventDefault(); pick(i); });
      hitsList.append(li);
    });
  });
  input.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && hits.length) pick(hits[0]); });

  // ---- letters: a timeline by month and a table
  const PAGE = 200;
  let letterYear = null, letterShown = PAGE;
  const months = new Map();
  D.letters.forEach((l) => { if (l.date) { const m = l.date.slice(0, 7); months.set(m, (months.get(m) || 0) + 1); } });
  function renderTimeline() {
    const t = clear($("timeline"));
    const keys = [...months.keys()].sort(), max = Math.max(1, ...months.values());
    for (const m of keys) {
      const bar = el("div"); bar.style.height = (100 * months.get(m) / max) + "%";
      bar.title = m + ": " + months.get(m) + " letter(s)"; bar.dataset.month = m;
      bar.classList.toggle("on", letterYear === m);
      bar.addEventListener("click", () => { letterYear = letterYear === m ? null : m; letterShown = PAGE; renderLetters(); });
      t.append(bar);
    }
  }
  function names(list) {
    const span = el("span");
    list.forEach((j, n) => { if (n) span.append(", "); span.append(link(j, (x) => pick(x))); });
    return span;
  }
  function renderLetters() {
    renderTimeline();
    const rows = D.letters.filter((l) => !letterYear || (l.date || "").startsWith(letterYear));
    $("letters-filter").textContent = (letterYear ? "Letters of " + letterYear + ": " : "All letters: ") + rows.length;
    const body = clear($("letters").tBodies[0]);
    for (const l of rows.slice(0, letterShown)) {
      const tr = el("tr"); tr.dataset.id = E[l.n].id;
      const what = el("td"); what.append(el("div", E[l.n].label));
      if (l.quote) what.append(el("blockquote", l.quote));
      tr.append(el("td", l.date || "undated", "date"), what, el("td"), el("td", l.prison != null ? E[l.prison].label : ""),
        el("td", l.recipient != null ? E[l.recipient].label : ""), el("td", l.docs.join(", "), "doc"));
      tr.children[2].append(names(l.signers));
      body.append(tr);
    }
    $("letters-more").hidden = rows.length <= letterShown;
  }
  $("letters-more").addEventListener("click", () => { letterShown += PAGE; renderLetters(); });

  // ---- entities table
  let entityShown = PAGE * 2;
  function renderEntities() {
    const t = $("type-filter").value, f = fold($("entity-filter").value);
    const rows = [];
    for (let i = 0; i < E.length; i++) {
      if (t && D.types[E[i].t].name !== t) continue;
      if (f && !E[i].keys.some((k) => k.includes(f))) continue;
      rows.push(i);
    }
    rows.sort((a, b) => E[b].mentions - E[a].mentions || a - b);
    $("entity-count").textContent = rows.length + " entities";
    const body = clear($("entities").tBodies[0]);
    for (const i of rows.slice(0, entityShown)) {
      const tr = el("tr"); tr.dataset.type = D.types[E[i].t].name;
      const name = el("td"); name.append(link(i, (x) => pick(x)));
      tr.append(name, el("td", D.types[E[i].t].name), el("td", E[i].mentions, "num"), el("td", E[i].docs, "num"), el("td", E[i].id, "muted"));
      body.append(tr);
    }
    $("entities-more").hidden = rows.length <= entityShown;
  }
  $("type-filter").addEventListener("change", () => { entityShown = PAGE * 2; renderEntities(); });
  $("entity-filter").addEventListener("input", () => { entityShown = PAGE * 2; renderEntities(); });
  $("entities-more").addEventListener("click", () => { entityShown += PAGE * 2; renderEntities(); });

  // ---- legend of the whole graph
  const legend = $("legend");
  legend.textContent = D.full.node.length || !E.length ? "Colour: entity type. "
    : "The graph is too large to draw here: open graph.gexf in Gephi. ";
  D.types.forEach((t) => { const s = el("span", "● " + t.name + "  "); s.style.color = t.colour; legend.append(s); });

  show("co");
  window.entigraph = { search, fold, pick, show, views, screenOf: (id) => { const i = E.findIndex((e) => e.id === id); const v = views[current]; const k = v ? v.at.get(i) : undefined; return k === undefined ? null : v.screen(k); } };
  document.body.dataset.ready = "1";
})();
