// The network view: draws the embedded graph with vis-network, filters, search, details, PNG.
// Every string from the data reaches the page through textContent or the canvas, never as HTML.
(function () {
  "use strict";
  performance.mark("ttkg:start");
  var D = JSON.parse(document.getElementById("ttkg-data").textContent);
  performance.mark("ttkg:parsed");
  var meta = D.meta;
  var aggregate = D.mode === "aggregate";
  var kinds = D.kinds, ekinds = D.edgeKinds;
  var nodeOn = kinds.map(function () { return true; });
  var edgeOn = ekinds.map(function () { return true; });
  var container = document.getElementById("ttkg-canvas");
  // Read by the browser tests and the bench.
  var state = { ready: false, readyAt: null, focused: null };
  window.ttkgView = state;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }
  function fmt(n) { return Number(n).toLocaleString("zh-CN"); }
  function short(s) { s = String(s); return s.length > 24 ? s.slice(0, 23) + "…" : s; }

  // ---- items -------------------------------------------------------------
  function nodeTitle(i) {
    var row = D.nodes[i], k = kinds[row[2]], info = D.info[i] || {};
    var lines = [row[1], k[1] + " (" + k[0] + ")"];
    if (aggregate) {
      var g = info.group;
      lines.push("节点数: " + fmt(g.count), "组内关系: " + fmt(g.internalEdges));
      (info.top || []).slice(0, 5).forEach(function (t) { lines.push("· " + t[1]); });
      return lines.join("\n");
    }
    if (info.aliases && info.aliases.length) lines.push("别名: " + info.aliases.join("、"));
    var props = info.properties || {};
    Object.keys(props).forEach(function (name) { lines.push(name + ": " + valueText(props[name])); });
    (info.provenance || []).forEach(function (p) { lines.push("来源: " + provText(p)); });
    return lines.join("\n");
  }
  function valueText(v) {
    if (v === null || v === undefined) return "";
    if (Array.isArray(v)) return v.map(valueText).join("、");
    if (typeof v === "object") return v.$date ? String(v.$date) : JSON.stringify(v);
    return String(v);
  }
  function provText(p) {
    if (!p || typeof p !== "object") return String(p);
    var parts = [p.source];
    if (p.locator) parts.push(p.locator);
    if (p.at) parts.push(String(p.at).slice(0, 10));
    if (p.note) parts.push(p.note);
    return parts.join(" · ") + (p.synthetic ? "（示例数据）" : "");
  }
  function makeNode(row, i) {
    var k = kinds[row[2]];
    // Style comes from the kind's group: per-node style objects make vis parse each one.
    return { id: i, nid: row[0], k: row[2], group: "k" + row[2], label: short(row[1]), title: nodeTitle(i), x: row[3], y: row[4], value: row[5] };
  }
  meta.options.groups = {};
  kinds.forEach(function (k, i) {
    meta.options.groups["k" + i] = {
      shape: k[3],
      color: { background: k[2], border: "#333", highlight: { background: k[2], border: "#000" },
               hover: { background: k[2], border: "#000" } }
    };
  });
  var lean = !meta.options.physics.enabled && D.edges.length > 2000;
  var pairCount = {};
  function makeEdge(row, i) {
    var k = ekinds[row[2]];
    var e = { id: i, k: row[2], from: row[0], to: row[1], color: lean ? k[2] : { color: k[2], highlight: "#000", opacity: 0.7 } };
    if (lean || !meta.directed) e.arrows = "";
    if (aggregate) {
      e.width = 1 + 1.5 * Math.log10(row[3]);
      e.arrows = "";
      e.title = k[1] + " (" + k[0] + "): " + fmt(row[3]);
    } else {
      if (meta.edgeLabels) e.label = k[1];
      e.title = row.length > 3 ? row[3] : k[1] + " (" + k[0] + ")";
      var key = row[0] < row[1] ? row[0] + "," + row[1] : row[1] + "," + row[0];
      var seen = pairCount[key] || 0;
      pairCount[key] = seen + 1;
      if (seen) e.smooth = { enabled: true, type: seen % 2 ? "curvedCW" : "curvedCCW", roundness: 0.15 * Math.ceil(seen / 2) };
    }
    return e;
  }

  // ---- network -----------------------------------------------------------
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  // Filters set `hidden` on the items (a vis.DataView in between doubles the loading work).
  function applyFilter(dataset, on) {
    var changes = [];
    dataset.forEach(function (item) {
      var hide = !on[item.k];
      if (!!item.hidden !== hide) changes.push({ id: item.id, hidden: hide });
    });
    dataset.update(changes);
  }
  // Yield to the browser between slices without setTimeout's 4 ms clamp.
  var channel = new MessageChannel(), queued = [];
  channel.port1.onmessage = function () { queued.shift()(); };
  function later(fn) { queued.push(fn); channel.port2.postMessage(0); }
  var nodeItems = D.nodes.map(makeNode), edgeItems = D.edges.map(makeEdge);
  performance.mark("ttkg:items");
  var network;
  var physicsBox = document.getElementById("ttkg-physics");
  physicsBox.checked = !!meta.options.physics.enabled;

  function markReady() {
    network.once("afterDrawing", function () {
      if (meta.focus !== null && meta.focus !== undefined) focusId(meta.focus);
      performance.mark("ttkg:ready");
      state.ready = true;
      state.readyAt = performance.now();
      document.documentElement.setAttribute("data-ready", "1");
    });
    network.redraw();
  }
  // Items arrive in slices of about 30 ms, so loading never blocks the page for long.
  // vis-network 9.1.2 skips drawing while renderer.allowRedraw is false: no frames of a
  // half-loaded graph.
  network = new vis.Network(container, { nodes: nodes, edges: edges }, meta.options);
  network.renderer.allowRedraw = false;
  // Each add would rescan every node and edge ("_dataChanged"); hold that until the end,
  // so loading stays linear in the graph's size.
  var emitter = network.body.emitter, emit = emitter.emit;
  emitter.emit = function (name) { return name === "_dataChanged" ? emitter : emit.apply(emitter, arguments); };
  var jobs = [], step = 250;
  for (var a = 0; a < nodeItems.length; a += step) jobs.push([nodes, nodeItems.slice(a, a + step)]);
  for (var b = 0; b < edgeItems.length; b += 2 * step) jobs.push([edges, edgeItems.slice(b, b + 2 * step)]);
  // Then one rescan, which also sets each label's size from the node's value...
  jobs.push([null, -1]);
  // ...and the labels are measured in slices (5,000 take vis a few hundred ms in one frame).
  for (var c = 0; c < nodeItems.length; c += step) jobs.push([null, c]);
  var measure = function (start, count) {
    if (start < 0) {
      emitter.emit = emit;
      emitter.emit("_dataChanged");
      return;
    }
    var ctx = network.canvas.getContext(), body = network.body.nodes;
    for (var i = start; i < Math.min(start + count, nodeItems.length); i++) body[i].resize(ctx);
  };
  var loaded = function () {
    performance.mark("ttkg:loaded");
    network.renderer.allowRedraw = true;
    if (meta.options.physics.enabled && nodeItems.length) {
      // A bounded stabilisation from the server's layout, in short batches; then the picture
      // holds still (dragging a node or the physics switch sets it moving again).
      network.once("stabilizationIterationsDone", function () {
        network.stopSimulation();
        network.fit({ animation: false });
        markReady();
      });
      network.stabilize(meta.options.physics.stabilization.iterations);
    } else {
      network.fit({ animation: false });
      markReady();
    }
  };
  var pump = function () {
    var t0 = performance.now();
    while (jobs.length && performance.now() - t0 < 30) { var job = jobs.shift(); if (job[0]) { job[0].add(job[1]); } else { measure(job[1], step); } }
    if (jobs.length) { later(pump); } else { loaded(); }
  };
  later(pump);
  performance.mark("ttkg:network");
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;
  state.drawnNodeCount = function () { return network.body.nodeIndices.length; };

  // ---- summary, legend and filters ---------------------------------------
  var summary = document.getElementById("ttkg-summary");
  summary.textContent = aggregate
    ? "共 " + fmt(D.total.nodes) + " 个节点、" + fmt(D.total.edges) + " 条关系，按类型与产业聚合为 " + fmt(D.nodes.length) + " 组（点击一组查看成员）"
    : D.nodes.length ? fmt(D.nodes.length) + " 个节点、" + fmt(D.edges.length) + " 条关系" : "没有符合条件的节点";

  function legend(listId, table, on, dataset, isEdge) {
    var list = document.getElementById(listId);
    table.forEach(function (k, i) {
      var li = el("li"), box = el("input"), lab = el("label");
      box.type = "checkbox"; box.checked = true; box.setAttribute("data-kind", k[0]);
      box.addEventListener("change", function () { on[i] = box.checked; applyFilter(dataset, on); });
      lab.appendChild(box);
      var mark = el("span", null, isEdge ? "ttkg-line" : "ttkg-swatch");
      mark.style.background = k[2];
      lab.appendChild(mark);
      lab.appendChild(document.createTextNode(" " + k[1]));
      li.appendChild(lab);
      li.appendChild(el("span", fmt(isEdge ? k[3] : k[4]), "ttkg-count"));
      li.title = k[0];
      list.appendChild(li);
    });
  }
  legend("ttkg-legend-nodes", kinds, nodeOn, nodes, false);
  legend("ttkg-legend-edges", ekinds, edgeOn, edges, true);

  // ---- details panel -----------------------------------------------------
  var adjacency = null;
  function neighbours(i) {
    if (!adjacency) {
      adjacency = D.nodes.map(function () { return []; });
      D.edges.forEach(function (e) {
        adjacency[e[0]].push([e[1], e[2], "out"]);
        adjacency[e[1]].push([e[0], e[2], "in"]);
      });
    }
    return adjacency[i];
  }
  var details = document.getElementById("ttkg-details");
  function link(text, href) { var a = el("a", text); a.setAttribute("href", href); return a; }
  function egoHref(id) { return meta.links.ego + "/" + encodeURIComponent(id); }
  function dl(pairs) {
    var d = el("dl");
    pairs.forEach(function (p) { d.appendChild(el("dt", p[0])); d.appendChild(el("dd", p[1])); });
    return d;
  }
  function nodeButton(j, text) {
    var b = el("button", text, "ttkg-link");
    b.type = "button";
    b.addEventListener("click", function () { focusNode(j); });
    return b;
  }
  function showDetails(i, member) {
    var row = D.nodes[i], info = D.info[i] || {}, k = kinds[row[2]];
    details.replaceChildren();
    details.hidden = false;
    if (aggregate) {
      var g = info.group;
      if (member) {
        details.appendChild(el("h2", member[0]));
        details.appendChild(dl([["所在组", row[1]], ["编号", member[3]]].concat(member[1].length ? [["别名", member[1].join("、")]] : [])));
        if (meta.links) details.appendChild(link("打开邻域视图", egoHref(member[3])));
      }
      details.appendChild(el(member ? "h3" : "h2", row[1]));
      details.appendChild(dl([["类型", k[1] + " (" + k[0] + ")"], ["产业", g.industry || "—"], ["节点数", fmt(g.count)], ["组内关系", fmt(g.internalEdges)]]));
      if (meta.links && !g.folded) {
        var q = new URLSearchParams({ kind: g.kind });
        if (g.industry) q.set("industry", g.industry);
        details.appendChild(link("查看该组全部节点", meta.links.network + "?" + q.toString()));
      }
      details.appendChild(el("h3", "联系最多的成员"));
      var ul = el("ul");
      (info.top || []).forEach(function (t) {
        var li = el("li");
        li.appendChild(meta.links ? link(t[1], egoHref(t[0])) : el("span", t[1]));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      return;
    }
    details.appendChild(el("h2", row[1]));
    var facts = [["类型", k[1] + " (" + k[0] + ")"], ["编号", row[0]]];
    if (info.aliases && info.aliases.length) facts.push(["别名", info.aliases.join("、")]);
    var props = info.properties || {};
    Object.keys(props).forEach(function (name) { facts.push([name, valueText(props[name])]); });
    details.appendChild(dl(facts));
    if (meta.links) details.appendChild(link("打开邻域视图", egoHref(row[0])));
    details.appendChild(el("h3", "来源"));
    var pl = el("ul");
    (info.provenance || []).forEach(function (p) { pl.appendChild(el("li", provText(p))); });
    details.appendChild(pl);
    var near = neighbours(i);
    details.appendChild(el("h3", "相邻节点 (" + near.length + ")"));
    var nl = el("ul");
    near.slice(0, 200).forEach(function (n) {
      var li = el("li"), ek = ekinds[n[1]];
      li.appendChild(el("span", (n[2] === "out" ? "→ " : "← ") + ek[1] + " "));
      li.appendChild(nodeButton(n[0], D.nodes[n[0]][1]));
      nl.appendChild(li);
    });
    details.appendChild(nl);
  }

  // ---- focus and search --------------------------------------------------
  var highlighted = null;
  function focusNode(i, member) {
    var kindIndex = D.nodes[i][2];
    if (!nodeOn[kindIndex]) {
      nodeOn[kindIndex] = true;
      var box = document.querySelectorAll("#ttkg-legend-nodes input")[kindIndex];
      if (box) box.checked = true;
      applyFilter(nodes, nodeOn);
    }
    if (highlighted !== null) nodes.update({ id: highlighted, borderWidth: 1 });
    nodes.update({ id: i, borderWidth: 5 });
    highlighted = i;
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: false });
    state.focused = D.nodes[i][0];
    state.focusedMember = member ? member[3] : null;
    showDetails(i, member);
  }
  state.focusNode = focusNode;
  function focusId(id) {
    if (aggregate) {
      for (var m = 0; m < D.members.length; m++) if (D.members[m][3] === id) return focusNode(D.members[m][2], D.members[m]);
    } else {
      for (var i = 0; i < D.nodes.length; i++) if (D.nodes[i][0] === id) return focusNode(i);
    }
  }
  state.focusId = focusId;

  // The search index is built on the first search, not while the page loads.
  var entries = null;
  function index() {
    entries = aggregate
      ? D.members.map(function (m) { return { names: [m[0]].concat(m[1]), node: m[2], member: m }; })
      : D.nodes.map(function (row, i) { return { names: [row[1]].concat((D.info[i] || {}).aliases || []), node: i, member: null }; });
    entries.forEach(function (e) { e.keys = e.names.map(norm); });
  }
  function search(text) {
    if (!entries) index();
    var q = norm(text.trim());
    if (!q) return [];
    var hits = [];
    for (var i = 0; i < entries.length && hits.length < 2000; i++) {
      var keys = entries[i].keys, best = 9, which = 0;
      for (var j = 0; j < keys.length; j++) {
        var rank = keys[j] === q ? 0 : keys[j].indexOf(q) === 0 ? 1 : keys[j].indexOf(q) > 0 ? 2 : 9;
        if (rank < best) { best = rank; which = j; }
      }
      if (best < 9) hits.push([best, i, which]);
    }
    hits.sort(function (x, y) { return x[0] - y[0] || entries[x[1]].names[0].length - entries[y[1]].names[0].length; });
    return hits.slice(0, 20);
  }
  var input = document.getElementById("ttkg-search"), results = document.getElementById("ttkg-results");
  var current = [];
  function choose(hit) {
    var e = entries[hit[1]];
    focusNode(e.node, e.member);
  }
  input.addEventListener("input", function () {
    current = search(input.value);
    results.replaceChildren();
    current.forEach(function (hit) {
      var e = entries[hit[1]], text = e.names[0];
      if (hit[2] > 0) text += "（别名：" + e.names[hit[2]] + "）";
      text += " · " + kinds[D.nodes[e.node][2]][1];
      var li = el("li"), b = el("button", text);
      b.type = "button";
      b.addEventListener("click", function () { choose(hit); });
      li.appendChild(b);
      results.appendChild(li);
    });
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && current.length) { ev.preventDefault(); choose(current[0]); }
  });

  // ---- click, physics, fit, PNG ------------------------------------------
  network.on("click", function (params) {
    if (params.nodes.length) focusNode(params.nodes[0]);
  });
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  document.getElementById("ttkg-fit").addEventListener("click", function () { network.fit({ animation: false }); });
  function pngDataUrl() {
    var src = container.querySelector("canvas");
    var c = document.createElement("canvas");
    c.width = src.width; c.height = src.height;
    var ctx = c.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(src, 0, 0);
    return c.toDataURL("image/png");
  }
  state.pngDataUrl = pngDataUrl;
  document.getElementById("ttkg-png").addEventListener("click", function () {
    var a = el("a");
    a.href = pngDataUrl();
    a.download = "network.png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
  performance.mark("ttkg:script-end");
})();
