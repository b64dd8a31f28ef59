// infra2arch explorer. Every value from the scan is set with textContent (never innerHTML); the
// maps are SVG produced by Graphviz from our own DOT, parsed as XML and scrubbed of anything active.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const SVGNS = "http://www.w3.org/2000/svg";
  const SEVERITIES = ["critical", "high", "medium", "low", "info"];
  const SEV_COLOUR = { critical: "#B71C1C", high: "#D35400", medium: "#B7950B", low: "#1F5FA8", info: "#4B5563" };
  const ZONE_COLOUR = { edge: "#C0392B", "private-app": "#2E7D32", data: "#1F5FA8", management: "#6B4FA0" };
  const HEAT = ["#FFF7EC", "#FEE8C8", "#FDD49E", "#FDBB84", "#FC8D59"];
  const RELATIONS = [
    ["invokes", "invokes (request path)", "#1F2937"], ["data", "reads / writes data", "#2563EB"],
    ["network", "network path allowed", "#15803D"], ["iam", "runs as / granted by (IAM)", "#D97706"],
    ["encrypts", "encrypted with key", "#7C3AED"], ["logs", "sends logs to", "#6B7280"],
    ["depends", "depends on (ordering)", "#9CA3AF"]];
  const VIEW_LABEL = { executive: "Executive", overview: "Overview", engineering: "Engineering", security: "Security", cost: "Cost" };

  let DATA = null, ICONS = [], INDEX = new Map();
  const svgCache = new Map();
  const state = { map: -1, selected: null, scale: 1, x: 0, y: 0, trail: [], layers: {} };

  // ------------------------------------------------------------------ decoding
  function bytes(b64) {
    const text = atob(b64);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  async function gunzip(b64) {
    const stream = new Blob([bytes(b64)]).stream().pipeThrough(new DecompressionStream("gzip"));
    return await new Response(stream).text();
  }
  async function svgOf(index) {
    if (svgCache.has(index)) return svgCache.get(index);
    const text = await gunzip($("svg-" + index).textContent.trim());
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const svg = doc.documentElement;
    if (svg.nodeName !== "svg") throw new Error("map " + index + " is not SVG");
    sanitize(svg);
    svg.querySelectorAll("image[data-icon]").forEach((img) => {
      const uri = ICONS[Number(img.getAttribute("data-icon"))];
      if (uri && uri.startsWith("data:image/")) img.setAttributeNS("http://www.w3.org/1999/xlink", "href", uri);
    });
    const node = document.importNode(svg, true);
    svgCache.set(index, node);
    return node;
  }
  // defence in depth: nothing in a map may run or load anything
  function sanitize(root) {
    root.querySelectorAll("script, foreignObject, iframe, object, embed, use").forEach((el) => el.remove());
    const walker = [root, ...root.querySelectorAll("*")];
    for (const el of walker) {
      for (const attr of [...el.attributes]) {
        const name = attr.name.toLowerCase();
        const value = attr.value.trim().toLowerCase();
        if (name.startsWith("on")) el.removeAttribute(attr.name);
        else if ((name === "href" || name === "xlink:href" || name === "src") && !value.startsWith("data:image/") && !value.startsWith("#"))
          el.removeAttribute(attr.name);
      }
    }
  }

  // ------------------------------------------------------------------ small DOM helpers (text only)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) for (const [k, v] of Object.entries(props)) {
      if (k === "class") node.className = v;
      else if (k === "onclick") node.addEventListener("click", v);
      else node.setAttribute(k, v);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }
  const money = (v) => v >= 10 ? "$" + Math.round(v).toLocaleString("en-US") : "$" + v.toFixed(2);
  function resourceLink(i, text) {
    if (typeof i !== "number") return el("span", { class: "muted" }, String(i));
    const r = DATA.resources[i];
    return el("button", { class: "link", type: "button", onclick: () => goResource(i) }, text || r.a);
  }

  // ------------------------------------------------------------------ maps
  function currentMap() { return DATA.maps[state.map]; }
  async function showMap(index, opts) {
    opts = opts || {};
    const m = DATA.maps[index];
    if (!m) return;
    const canvas = $("canvas");
    const svg = await svgOf(index);
    // a map is drawn once and kept: clear the marks of its last visit
    svg.querySelectorAll(".match, .selected, .lit").forEach((g) => g.classList.remove("match", "selected", "lit"));
    canvas.classList.remove("dim");
    canvas.replaceChildren(svg);
    state.map = index;
    state.selected = null;
    const vb = svg.viewBox.baseVal;
    svg.setAttribute("width", vb.width);
    svg.setAttribute("height", vb.height);
    if (!svg.hasAttribute("data-prepared")) {  // overlays are drawn once per map (it is kept)
      prepareOverlays(svg, m);
      svg.setAttribute("data-prepared", "1");
    }
    applyLayerDefaults(m, opts.keepLayers);
    // drillable boxes
    svg.querySelectorAll("g.cluster[data-group]").forEach((g) => {
      const info = m.groups[g.getAttribute("data-group")];
      if (info && info.d !== undefined) {
        g.setAttribute("data-drill", String(info.d));
        const t = g.querySelector("title");
        if (t) t.textContent = info.l + " — click to open its detail";
      }
    });
    renderTabs();
    renderCrumbs();
    $("map-caption").textContent = m.subtitle;
    if (!opts.keepView) fit();
    if (opts.hash !== false) setHash(m.kind === "view" ? "view=" + m.view : "map=" + index);
  }
  function trailOf(index) {
    const trail = [];
    let m = DATA.maps[index], i = index;
    while (m) { trail.unshift(i); if (!m.parent) break; i = m.parent[0]; m = DATA.maps[i]; }
    return trail;
  }
  function renderTabs() {
    const nav = $("views");
    const active = trailOf(state.map)[0];
    nav.replaceChildren(...DATA.views.map((i) => el("button", {
      type: "button", "data-view": DATA.maps[i].view, "aria-pressed": String(i === active),
      onclick: () => showMap(i)
    }, VIEW_LABEL[DATA.maps[i].view] || DATA.maps[i].view)));
  }
  function renderCrumbs() {
    const box = $("crumbs");
    const trail = trailOf(state.map);
    const parts = [];
    trail.forEach((i, n) => {
      const m = DATA.maps[i];
      const text = m.kind === "view" ? (VIEW_LABEL[m.view] || m.view) + " view" : m.label;
      if (n) parts.push(el("span", { class: "sep" }, "›"));
      parts.push(n === trail.length - 1 ? el("b", null, text) : el("button", { type: "button", onclick: () => showMap(i) }, text));
    });
    const m = currentMap();
    parts.push(el("span", { class: "muted" }, "  —  " + m.title));
    box.replaceChildren(...parts);
  }

  // ------------------------------------------------------------------ overlays (layers drawn on nodes)
  function prepareOverlays(svg, m) {
    const costs = Object.values(m.nodes).map((n) => n.c || 0).filter((c) => c > 0).sort((a, b) => b - a);
    svg.querySelectorAll("g.node[data-address]").forEach((g) => {
      const info = m.nodes[g.getAttribute("data-address")];
      if (!info) return;
      let box;
      try { box = g.getBBox(); } catch (e) { return; }
      if (!box || !box.width) return;
      const first = g.firstElementChild ? g.firstElementChild.nextSibling : null;
      if (info.c) {
        const rank = costs.indexOf(info.c) / Math.max(costs.length, 1);
        const r = document.createElementNS(SVGNS, "rect");
        r.setAttribute("class", "overlay heat");
        r.setAttribute("x", box.x - 4); r.setAttribute("y", box.y - 4);
        r.setAttribute("width", box.width + 8); r.setAttribute("height", box.height + 8);
        r.setAttribute("rx", 6); r.setAttribute("fill", HEAT[4 - Math.min(4, Math.floor(rank * 5))]);
        g.insertBefore(r, first);
      }
      if (info.z && ZONE_COLOUR[info.z]) {
        const r = document.createElementNS(SVGNS, "rect");
        r.setAttribute("class", "overlay zone");
        r.setAttribute("x", box.x - 3); r.setAttribute("y", box.y - 3);
        r.setAttribute("width", box.width + 6); r.setAttribute("height", box.height + 6);
        r.setAttribute("rx", 5); r.setAttribute("fill", "none");
        r.setAttribute("stroke", ZONE_COLOUR[info.z]); r.setAttribute("stroke-width", "2.5");
        r.setAttribute("stroke-dasharray", "6 3");
        g.append(r);
      }
      if (info.s) {
        const gg = document.createElementNS(SVGNS, "g");
        gg.setAttribute("class", "overlay badge");
        const c = document.createElementNS(SVGNS, "circle");
        c.setAttribute("cx", box.x + box.width); c.setAttribute("cy", box.y + 2); c.setAttribute("r", 9);
        c.setAttribute("fill", SEV_COLOUR[info.s]); c.setAttribute("stroke", "#fff");
        const t = document.createElementNS(SVGNS, "text");
        t.setAttribute("x", box.x + box.width); t.setAttribute("y", box.y + 6);
        t.setAttribute("text-anchor", "middle"); t.setAttribute("font-size", "11"); t.setAttribute("fill", "#fff");
        t.setAttribute("font-family", "sans-serif");
        t.textContent = String(info.sn);
        gg.append(c, t);
        g.append(gg);
      }
    });
  }
  const LAYERS = [["zones", "Zones (node outline)"], ["badges", "Finding badges"], ["heat", "Cost heat"],
                  ["latency", "Latency: request paths"], ["inferred", "Inferred edges"]];
  function applyLayerDefaults(m, keep) {
    if (!keep) {
      const flavor = m.flavor;
      state.layers = { zones: flavor === "security", badges: flavor === "security" || flavor === "executive",
                       heat: flavor === "cost", latency: flavor !== "cost", inferred: true };
      for (const [rel] of RELATIONS) state.layers["rel-" + rel] = true;
    }
    renderLayers();
    applyLayers();
  }
  function applyLayers() {
    const c = $("canvas");
    c.classList.toggle("show-zones", !!state.layers.zones);
    c.classList.toggle("show-badges", !!state.layers.badges);
    c.classList.toggle("show-heat", !!state.layers.heat);
    c.classList.toggle("show-latency", !!state.layers.latency);
    c.classList.toggle("hide-inferred", !state.layers.inferred);
    for (const [rel] of RELATIONS) c.classList.toggle("hide-" + rel, !state.layers["rel-" + rel]);
  }
  function renderLayers() {
    const m = currentMap();
    const used = new Set(m.edges.map((e) => e[2]));
    const list = $("layer-list");
    const items = [el("h4", null, "Edges by relation")];
    for (const [rel, text, colour] of RELATIONS) {
      if (!used.has(rel)) continue;
      items.push(layerBox("rel-" + rel, [el("span", { class: "swatch", style: "background:" + colour }), " " + text]));
    }
    items.push(el("h4", null, "Overlays"));
    for (const [key, text] of LAYERS) items.push(layerBox(key, [text]));
    list.replaceChildren(...items);
  }
  function layerBox(key, label) {
    const box = el("input", { type: "checkbox", "data-layer": key });
    box.checked = !!state.layers[key];
    box.addEventListener("change", () => { state.layers[key] = box.checked; applyLayers(); });
    return el("label", null, box, ...label);
  }

  // ------------------------------------------------------------------ pan and zoom
  function setTransform() {
    $("canvas").style.transform = `translate(${state.x}px, ${state.y}px) scale(${state.scale})`;
  }
  function fit() {
    const svg = $("canvas").firstElementChild;
    if (!svg) return;
    const stage = $("stage").getBoundingClientRect();
    const w = Number(svg.getAttribute("width")), h = Number(svg.getAttribute("height"));
    const s = Math.min(stage.width / w, stage.height / h) * 0.96;
    state.scale = Math.min(s, 2);
    state.x = (stage.width - w * state.scale) / 2;
    state.y = (stage.height - h * state.scale) / 2;
    setTransform();
  }
  function zoomAt(factor, cx, cy) {
    const next = Math.max(0.02, Math.min(8, state.scale * factor));
    factor = next / state.scale;
    state.x = cx - (cx - state.x) * factor;
    state.y = cy - (cy - state.y) * factor;
    state.scale = next;
    setTransform();
  }
  function zoomTo(g) {
    const stage = $("stage").getBoundingClientRect();
    const box = g.getBBox();
    const svg = $("canvas").firstElementChild;
    const ctm = g.getCTM(), root = svg.getCTM();
    // node box in the SVG's user space -> canvas pixels (before our CSS transform)
    const vb = svg.viewBox.baseVal;
    const sx = Number(svg.getAttribute("width")) / vb.width;
    const local = ctm && root ? root.inverse().multiply(ctm) : null;
    const x0 = local ? local.a * box.x + local.e : box.x, y0 = local ? local.d * box.y + local.f : box.y;
    const cx = (x0 - vb.x + box.width / 2) * sx, cy = (y0 - vb.y + box.height / 2) * sx;
    state.scale = Math.max(state.scale, Math.min(0.9, Math.min(stage.width, stage.height) / 900));
    state.x = stage.width / 2 - cx * state.scale;
    state.y = stage.height / 2 - cy * state.scale;
    setTransform();
  }
  function bindStage() {
    const stage = $("stage");
    let drag = null;
    stage.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = stage.getBoundingClientRect();
      zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    stage.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, sx: state.x, sy: state.y, moved: false };
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      drag.moved = true;
      stage.classList.add("dragging");
      state.x = drag.sx + dx; state.y = drag.sy + dy; setTransform();
    });
    window.addEventListener("pointerup", (e) => {
      const wasDrag = drag && drag.moved;
      drag = null;
      stage.classList.remove("dragging");
      if (!wasDrag && e.target && $("canvas").contains(e.target)) clickMap(e.target);
    });
    stage.addEventListener("dblclick", (e) => {
      const g = e.target.closest && e.target.closest("g.node[data-address]");
      const info = g && currentMap().nodes[g.getAttribute("data-address")];
      if (info && info.d !== undefined) openDetail(info);
    });
    $("zoom-in").addEventListener("click", () => { const r = stage.getBoundingClientRect(); zoomAt(1.3, r.width / 2, r.height / 2); });
    $("zoom-out").addEventListener("click", () => { const r = stage.getBoundingClientRect(); zoomAt(1 / 1.3, r.width / 2, r.height / 2); });
    $("zoom-fit").addEventListener("click", fit);
    stage.addEventListener("keydown", (e) => {
      const r = stage.getBoundingClientRect();
      if (e.key === "+" || e.key === "=") zoomAt(1.3, r.width / 2, r.height / 2);
      else if (e.key === "-") zoomAt(1 / 1.3, r.width / 2, r.height / 2);
      else if (e.key === "0") fit();
      else if (e.key.startsWith("Arrow")) {
        const step = 60;
        if (e.key === "ArrowLeft") state.x += step; if (e.key === "ArrowRight") state.x -= step;
        if (e.key === "ArrowUp") state.y += step; if (e.key === "ArrowDown") state.y -= step;
        setTransform();
      } else return;
      e.preventDefault();
    });
    window.addEventListener("resize", () => fit());
  }
  function clickMap(target) {
    const node = target.closest("g.node[data-address]");
    if (node) { selectNode(node.getAttribute("data-address")); return; }
    const edge = target.closest("g.edge[data-e]");
    if (edge) { showEdge(Number(edge.getAttribute("data-e"))); return; }
    const box = target.closest("g.cluster[data-drill]");
    if (box) { showMap(Number(box.getAttribute("data-drill"))); return; }
  }

  // ------------------------------------------------------------------ selection and the side panel
  function nodeElement(id) {
    for (const g of $("canvas").querySelectorAll("g.node[data-address]")) if (g.getAttribute("data-address") === id) return g;
    return null;
  }
  function selectNode(id, opts) {
    opts = opts || {};
    const m = currentMap();
    const info = m.nodes[id];
    $("canvas").querySelectorAll("g.selected").forEach((g) => g.classList.remove("selected"));
    $("canvas").querySelectorAll("g.edge.lit").forEach((g) => g.classList.remove("lit"));
    const g = nodeElement(id);
    if (g) {
      g.classList.add("selected");
      $("canvas").querySelectorAll("g.edge[data-e]").forEach((e) => {
        const edge = m.edges[Number(e.getAttribute("data-e"))];
        if (edge && (edge[0] === id || edge[1] === id)) e.classList.add("lit");
      });
    }
    state.selected = id;
    if (info) {
      if (info.m.length === 1 && opts.resource === undefined) showResource(info.m[0], id);
      else if (opts.resource !== undefined) showResource(opts.resource, id);
      else showGroup(id, info);
    }
    if (g && opts.zoom) zoomTo(g);  // after the panel opened: centre in the space left for the map
  }
  function panel(...children) {
    $("panel").hidden = false;
    $("panel-body").replaceChildren(...children);
    $("panel").scrollTop = 0;
  }
  function row(name, value) {
    if (value === null || value === undefined || value === "") return null;
    return el("tr", null, el("td", null, name), el("td", null, value));
  }
  function showGroup(id, info) {
    const m = currentMap();
    const lines = info.l.split("\n");
    const members = info.m;
    const parts = [el("h2", null, lines[0]), el("div", { class: "sub" }, lines.slice(1).join(" · "))];
    const facts = [];
    if (info.c) facts.push(row("cost", money(info.c) + "/month (known parts)"));
    if (info.sc) facts.push(row("findings", Object.entries(info.sc).map(([s, n]) => n + " " + s).join(", ")));
    if (info.z) facts.push(row("zone", info.z));
    facts.push(row("resources", String(members.length)));
    parts.push(el("table", null, ...facts.filter(Boolean)));
    if (info.d !== undefined) parts.push(el("button", { class: "drill", type: "button", onclick: () => openDetail(info) }, "Open detail (" + DATA.maps[info.d].label + ")"));
    const counts = {};
    for (const i of members) { const k = DATA.resources[i].k; counts[k] = (counts[k] || 0) + 1; }
    parts.push(el("h3", null, "What is in it"));
    parts.push(el("ul", null, ...Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => el("li", null, n + " × " + k))));
    parts.push(el("h3", null, "Members"));
    const list = el("ul");
    const show = (n) => { list.replaceChildren(...members.slice(0, n).map((i) => el("li", null, resourceLink(i)))); };
    show(200);
    parts.push(list);
    if (members.length > 200) parts.push(el("button", { class: "link", type: "button", onclick: (e) => { show(members.length); e.target.remove(); } }, "show all " + members.length));
    const edges = m.edges.filter((e) => e[0] === id || e[1] === id);
    if (edges.length) {
      parts.push(el("h3", null, "Edges on this map"));
      parts.push(el("ul", null, ...edges.map((e) => el("li", null, (e[0] === id ? "→ " : "← ") + e[2] + (e[3] ? " (inferred)" : "") + ": ",
        mapNodeLink(e[0] === id ? e[1] : e[0]), e[5] ? el("div", { class: "muted" }, e[5]) : null))));
    }
    panel(...parts);
  }
  // a drill-down: the map showing the node's members, with those members marked
  async function openDetail(info) {
    await showMap(info.d);
    const wanted = new Set(info.m);
    let any = false;
    for (const [id, node] of Object.entries(currentMap().nodes)) {
      if (!node.m.some((i) => wanted.has(i))) continue;
      const g = nodeElement(id);
      if (g) { g.classList.add("match"); any = true; }
    }
    // only dim the rest when the detail shows more than the members
    const all = Object.values(currentMap().nodes).every((n) => !n.m.length || n.m.some((i) => wanted.has(i)));
    $("canvas").classList.toggle("dim", any && !all);
  }
  function mapNodeLink(id) {
    const info = currentMap().nodes[id];
    const text = info ? info.l.split("\n")[0] : id;
    return el("button", { class: "link", type: "button", onclick: () => selectNode(id, { zoom: true }) }, text);
  }
  function showEdge(index) {
    const e = currentMap().edges[index];
    if (!e) return;
    panel(el("h2", null, e[2] + " edge" + (e[3] ? " (inferred)" : "")),
      el("table", null, row("from", mapNodeLink(e[0])), row("to", mapNodeLink(e[1])), row("label", e[4])),
      el("h3", null, "Why it exists"), el("pre", { style: "white-space:pre-wrap" }, e[5]));
  }
  function showResource(i, nodeId) {
    const r = DATA.resources[i];
    const parts = [el("h2", null, r.a), el("div", { class: "sub" }, r.k + " · " + r.t + (r.data ? " · data source (exists elsewhere)" : ""))];
    const loc = r.loc || [];
    parts.push(el("table", null, ...[
      row("name", r.n), row("cloud name", r.cn), row(r.s && r.s.includes(":") && !r.s.startsWith("arn:") ? "source" : "source / API", r.s),
      row("module", r.m), row("cloud", loc[0]), row("account", loc[1]), row("region", loc[2]), row("zone / AZ", loc[3]),
      r.fold !== undefined ? row("folded into", resourceLink(r.fold)) : null,
    ].filter(Boolean)));
    if (r.tags) {
      parts.push(el("h3", null, "Tags"));
      parts.push(el("table", null, ...Object.entries(r.tags).map(([k, v]) => row(k, v))));
    }
    if (r.z) {
      parts.push(el("h3", null, "Zone"));
      parts.push(el("table", null, ...[row("zone", r.z[0]), row("plane", r.z[1]), row("egress", r.z[3] ? r.z[3] + (r.z[4].length ? " via " + r.z[4].join(", ") : "") : "")].filter(Boolean)));
      if (r.z[2].length) parts.push(el("ul", null, ...r.z[2].map((t) => el("li", null, t))));
    }
    const findings = (r.f || []).slice();
    for (const c of r.cfg || []) for (const f of DATA.resources[c].f || []) findings.push(f.concat([c]));
    parts.push(el("h3", null, "Findings"));
    const failing = findings.filter((f) => f[3] !== "pass");
    if (!failing.length) parts.push(el("div", { class: "muted" }, findings.length ? findings.length + " checks passed" : "no checks apply"));
    for (const f of failing) {
      parts.push(el("div", { class: "finding" },
        el("span", { class: "sev sev-" + f[1] }, f[1]), el("b", null, f[0] + " "), f[2],
        f[3] === "unknown" ? el("div", { class: "muted" }, "result unknown: depends on a value not in the input") : null,
        f[8] ? el("div", { class: "muted" }, f[8]) : null,
        el("div", { class: "ev" }, "evidence: " + f[4] + (f[6] ? " (" + f[6] + ")" : "")),
        el("div", { class: "fix" }, "fix: " + f[5]),
        Object.keys(f[9] || {}).length ? el("div", { class: "muted" }, Object.entries(f[9]).map(([k, v]) => k + " " + v.join(", ")).join(" · ")) : null,
        f[10] !== undefined ? el("div", { class: "muted" }, "on ", resourceLink(f[10])) : null));
    }
    const passed = findings.filter((f) => f[3] === "pass");
    if (passed.length && failing.length) parts.push(el("div", { class: "muted" }, passed.length + " more checks passed"));
    if (r.c) {
      parts.push(el("h3", null, "Cost"));
      parts.push(el("div", null, (r.c[1] ? money(r.c[1]) + "/month" : "") + " (" + r.c[0] + ")"));
      if (r.c[2].length) parts.push(el("table", null, ...r.c[2].map((c) => row(c[0],
        (c[4] !== null ? money(c[4]) + "/month" : "depends on usage") + (c[2] !== null ? " · " + c[2] + " " + c[1] : "") +
        (c[3] !== null ? " × $" + c[3] : "") + (c[5] ? " · " + c[5] : "")))));
    }
    if (r.sv) {
      parts.push(el("h3", null, "Latency"));
      parts.push(el("div", null, "serving: " + r.sv[0] + (r.sv[1] ? " · cold start " + r.sv[1][0] + "–" + r.sv[1][1] + " ms" : "") + (r.sv[2] ? " · " + r.sv[2] : "")));
    }
    for (const p of DATA.paths) {
      if (!p.hops.includes(i)) continue;
      parts.push(el("div", { class: "muted" }, "on request path ", ...p.hops.flatMap((h, n) => [n ? " → " : "", resourceLink(h, typeof h === "number" ? DATA.resources[h].n : String(h))]),
        p.low !== null ? ": about " + Math.round(p.low) + "–" + Math.round(p.high) + " ms (" + p.serving + ")" : ""));
    }
    for (const [key, title] of [["o", "Edges out"], ["i", "Edges in"]]) {
      const edges = r[key] || [];
      if (!edges.length) continue;
      parts.push(el("h3", null, title + " (" + edges.length + ")"));
      parts.push(el("ul", null, ...edges.map((e) => el("li", null, e[1] + (e[3] ? " (inferred)" : "") + " ", resourceLink(e[0]),
        el("div", { class: "muted" }, "via " + e[2] + (e[4] ? " · value " + e[4] : "") + (e[5] ? " · " + e[5] : ""))))));
    }
    const m = currentMap();
    const info = nodeId !== undefined ? m.nodes[nodeId] : null;
    if (info && info.d !== undefined) parts.unshift(el("button", { class: "drill", type: "button", onclick: () => openDetail(info) }, "Open detail of the group"));
    panel(...parts);
    setHash(r.a);
  }

  // ------------------------------------------------------------------ navigation to a resource
  async function goResource(i) {
    const r = DATA.resources[i];
    let target = r;
    if (!r.w && r.fold !== undefined) target = DATA.resources[r.fold];
    const m = currentMap();
    // already drawn on this map?
    if (m) for (const [id, info] of Object.entries(m.nodes)) {
      if (info.m.length === 1 && info.m[0] === INDEX.get(target.a)) { selectNode(id, { zoom: true, resource: i }); return; }
    }
    if (target.w) {
      if (target.w[0] !== state.map) await showMap(target.w[0], { hash: false });
      selectNode(target.w[1], { zoom: true, resource: i });
    } else {
      showResource(i);
    }
  }

  // ------------------------------------------------------------------ search
  let searchIndex = null;
  function buildSearch() {
    searchIndex = DATA.resources.map((r) => [r.a, r.n, r.t, r.k, r.cn || "", ...Object.entries(r.tags || {}).map(([k, v]) => k + "=" + v)].join("\n").toLowerCase());
  }
  function search(text) {
    const q = text.trim().toLowerCase();
    if (!q) return [];
    const out = [];
    for (let i = 0; i < searchIndex.length && out.length < 200; i++) if (searchIndex[i].includes(q)) out.push(i);
    return out;
  }
  function bindSearch() {
    const input = $("search"), list = $("results");
    let hits = [], cursor = 0, timer = 0;
    function highlight() {
      const canvas = $("canvas");
      canvas.querySelectorAll("g.match").forEach((g) => g.classList.remove("match"));
      const set = new Set(hits);
      let any = false;
      if (set.size) for (const [id, info] of Object.entries(currentMap().nodes)) {
        if (info.m.some((i) => set.has(i))) { const g = nodeElement(id); if (g) { g.classList.add("match"); any = true; } }
      }
      canvas.classList.toggle("dim", any);
    }
    function renderResults() {
      list.hidden = !hits.length && !input.value.trim();
      if (!input.value.trim()) { list.replaceChildren(); return; }
      if (!hits.length) { list.replaceChildren(el("li", { class: "muted" }, "no match")); return; }
      list.replaceChildren(...hits.slice(0, 50).map((i, n) => {
        const r = DATA.resources[i];
        const li = el("li", { role: "option", "aria-selected": String(n === cursor) }, r.a, el("small", null, r.k + " · " + r.t));
        li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(i); });
        return li;
      }));
    }
    function choose(i) {
      list.hidden = true;
      goResource(i);
    }
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => { hits = search(input.value); cursor = 0; renderResults(); highlight(); }, 80);
    });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") { cursor = Math.min(cursor + 1, Math.min(hits.length, 50) - 1); renderResults(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { cursor = Math.max(cursor - 1, 0); renderResults(); e.preventDefault(); }
      else if (e.key === "Enter") { hits = search(input.value); if (hits.length) choose(hits[Math.min(cursor, hits.length - 1)]); e.preventDefault(); }
      else if (e.key === "Escape") { input.value = ""; hits = []; renderResults(); highlight(); list.hidden = true; }
    });
    input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));
    input.addEventListener("focus", () => { if (hits.length) list.hidden = false; });
    document.addEventListener("keydown", (e) => {
      if (e.key === "/" && document.activeElement !== input) { e.preventDefault(); input.focus(); }
      if (e.key === "Escape" && document.activeElement !== input) $("panel").hidden = true;
    });
    window.__explorerHighlight = highlight;
  }

  // ------------------------------------------------------------------ notes and gaps
  function renderNotes() {
    const m = currentMap();
    const body = [el("h2", null, "Notes and gaps")];
    body.push(el("h3", null, "This map: " + m.title));
    body.push(m.notes.length ? el("ul", null, ...m.notes.map((n) => el("li", null, n))) : el("div", { class: "muted" }, "nothing collapsed or left out"));
    if (DATA.notes.length) { body.push(el("h3", null, "Explorer")); body.push(el("ul", null, ...DATA.notes.map((n) => el("li", null, n)))); }
    body.push(el("h3", null, DATA.gaps.length + " gaps: what could not be read or resolved"));
    const byKind = {};
    for (const g of DATA.gaps) (byKind[g[0]] = byKind[g[0]] || []).push(g);
    for (const [kind, gaps] of Object.entries(byKind).sort()) {
      const d = el("details", null, el("summary", null, kind + " (" + gaps.length + ")"));
      d.append(el("ul", null, ...gaps.slice(0, 2000).map((g) => el("li", null, el("b", null, g[1]), ": " + g[2] + (g[3] && g[3] !== "unknown" ? " (" + g[3] + ")" : "")))));
      if (gaps.length > 2000) d.append(el("div", { class: "muted" }, (gaps.length - 2000) + " more in graph.json"));
      body.push(d);
    }
    const meta = DATA.meta || {};
    if (Object.keys(meta).length) body.push(el("h3", null, "Data sources"), el("pre", { style: "white-space:pre-wrap" }, JSON.stringify(meta, null, 1)));
    $("notes-body").replaceChildren(...body);
  }

  // ------------------------------------------------------------------ deep links
  let hashFromUs = "";
  function setHash(value) {
    const next = "#" + encodeURIComponent(value).replace(/%2F/g, "/").replace(/%3D/g, "=").replace(/%5B/g, "[").replace(/%5D/g, "]").replace(/%22/g, '"');
    if (location.hash === next) return;
    hashFromUs = next;
    history.replaceState(null, "", next);
  }
  async function followHash() {
    if (location.hash === hashFromUs) return;
    let h = "";
    try { h = decodeURIComponent(location.hash.slice(1)); } catch (e) { h = location.hash.slice(1); }
    if (!h) return;
    if (h.startsWith("view=")) {
      const i = DATA.views.find((v) => DATA.maps[v].view === h.slice(5));
      if (i !== undefined) await showMap(i, { hash: false });
      return;
    }
    if (h.startsWith("map=")) {
      const i = Number(h.slice(4));
      if (DATA.maps[i]) await showMap(i, { hash: false });
      return;
    }
    const i = INDEX.get(h);
    if (i !== undefined) await goResource(i);
    else panel(el("h2", null, "Not in this scan"), el("div", { class: "sub" }, h),
               el("p", { class: "muted" }, "The link names no resource of this scan. Search for part of it above."));
  }

  // ------------------------------------------------------------------ start
  async function start() {
    DATA = JSON.parse(await gunzip($("data").textContent.trim()));
    ICONS = JSON.parse(await gunzip($("icons").textContent.trim()));
    DATA.resources.forEach((r, i) => INDEX.set(r.a, i));
    $("scan-title").textContent = DATA.title;
    $("scan-kind").textContent = DATA.kind + " scan · " + DATA.resources.length + " resources · " + DATA.maps.length + " maps";
    $("gap-count").textContent = String(DATA.gaps.length);
    bindStage();
    bindSearch();
    buildSearch();
    $("panel-close").addEventListener("click", () => { $("panel").hidden = true; });
    $("notes-button").addEventListener("click", () => { renderNotes(); $("notes").showModal(); });
    $("notes-close").addEventListener("click", () => $("notes").close());
    const first = DATA.views.find((v) => DATA.maps[v].view === "engineering") ?? DATA.views[0];
    await showMap(first, { hash: false });
    await followHash();
    window.addEventListener("hashchange", followHash);
    document.body.setAttribute("data-ready", "true");
    window.explorerReady = true;
  }
  start().catch((err) => {
    const box = el("div", { id: "loading" }, "The explorer could not start: " + (err && err.message ? err.message : String(err)));
    $("stage").append(box);
    throw err;
  });
})();
