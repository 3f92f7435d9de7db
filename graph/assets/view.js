// In-page exports of what the page draws (a page written to a file has no server to ask):
// nodes.csv and edges.csv (cells a spreadsheet would run as formulas start with '), GraphML, GEXF.
window.ttkgExport = function (D, t, format) {
  "use strict";
  var graphMode = D.mode !== "aggregate";
  function kindOf(row) { return D.kinds[row[2]]; }
  function mark(row) { return row[6] === 2 ? t("示例") : row[6] === 1 ? t("含示例") : ""; }
  function sources(i) {
    var info = D.info[i] || {};
    return (info.provenance || []).map(function (p) {
      return [p.source, p.locator].filter(Boolean).join(" ") + (p.synthetic ? "（" + t("示例数据") + "）" : "");
    }).join("; ");
  }
  var nodeCols = ["id", "label", "kind", "kind_label", "synthetic", "community", "count", "sources"];
  var nodeRows = D.nodes.map(function (row, i) {
    var info = D.info[i] || {};
    return [row[0], row[1], kindOf(row)[0], kindOf(row)[1], graphMode ? mark(row) : "",
      graphMode ? row[7] : -1, graphMode ? 1 : info.group.count, graphMode ? sources(i) : ""];
  });
  var edgeCols = ["source", "target", "kind", "label", "count"];
  var edgeRows = D.edges.map(function (e) {
    var k = D.edgeKinds[e[2]];
    return [D.nodes[e[0]][0], D.nodes[e[1]][0], k[0], k[1], graphMode ? 1 : e[3]];
  });
  // The same rule as graph.exports.spreadsheet_safe: after NFKC, a cell starting with = + - @,
  // a tab or a line break, or with = + - @ after spaces and invisible characters, is a formula.
  function safeCell(v) {
    if (typeof v === "number") return String(v);
    var s = String(v === null || v === undefined ? "" : v), n = s.normalize("NFKC");
    var risky = /^[=+\-@\t\r\n]/.test(n) || /^[\s\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]*[=+\-@]/.test(n);
    return risky ? "'" + s : s;
  }
  function csv(cols, rows) {
    return "\ufeff" + [cols].concat(rows).map(function (r) {
      return r.map(function (v) {
        var c = safeCell(v);
        return /[",\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }
  function x(v) {
    return String(v).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  var nodeTypes = ["string", "string", "string", "string", "string", "int", "int", "string"];
  function graphml() {
    var out = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
    nodeCols.slice(1).forEach(function (c, j) { out.push('<key id="n' + j + '" for="node" attr.name="' + c + '" attr.type="' + nodeTypes[j + 1] + '"/>'); });
    edgeCols.slice(2).forEach(function (c, j) { out.push('<key id="e' + j + '" for="edge" attr.name="' + c + '" attr.type="' + (c === "count" ? "int" : "string") + '"/>'); });
    out.push('<graph edgedefault="directed">');
    nodeRows.forEach(function (r) {
      out.push('<node id="' + x(r[0]) + '">' + r.slice(1).map(function (v, j) { return '<data key="n' + j + '">' + x(v) + "</data>"; }).join("") + "</node>");
    });
    edgeRows.forEach(function (r) {
      out.push('<edge source="' + x(r[0]) + '" target="' + x(r[1]) + '">' + r.slice(2).map(function (v, j) { return '<data key="e' + j + '">' + x(v) + "</data>"; }).join("") + "</edge>");
    });
    out.push("</graph>", "</graphml>");
    return out.join("\n");
  }
  function gexf() {
    var out = ['<?xml version="1.0" encoding="UTF-8"?>', '<gexf xmlns="http://gexf.net/1.3" version="1.3">', '<graph defaultedgetype="directed" mode="static">'];
    out.push('<attributes class="node">');
    nodeCols.slice(2).forEach(function (c, j) { out.push('<attribute id="' + j + '" title="' + c + '" type="' + (nodeTypes[j + 2] === "int" ? "integer" : "string") + '"/>'); });
    out.push("</attributes>", '<attributes class="edge">');
    edgeCols.slice(2).forEach(function (c, j) { out.push('<attribute id="' + j + '" title="' + c + '" type="' + (c === "count" ? "integer" : "string") + '"/>'); });
    out.push("</attributes>", "<nodes>");
    nodeRows.forEach(function (r) {
      out.push('<node id="' + x(r[0]) + '" label="' + x(r[1]) + '"><attvalues>' + r.slice(2).map(function (v, j) { return '<attvalue for="' + j + '" value="' + x(v) + '"/>'; }).join("") + "</attvalues></node>");
    });
    out.push("</nodes>", "<edges>");
    edgeRows.forEach(function (r, i) {
      out.push('<edge id="' + i + '" source="' + x(r[0]) + '" target="' + x(r[1]) + '"><attvalues>' + r.slice(2).map(function (v, j) { return '<attvalue for="' + j + '" value="' + x(v) + '"/>'; }).join("") + "</attvalues></edge>");
    });
    out.push("</edges>", "</graph>", "</gexf>");
    return out.join("\n");
  }
  // A zip of stored (uncompressed) files: the two CSVs travel as one download, as from the API.
  function zip(files) {
    var crcTable = [];
    for (var n = 0; n < 256; n++) { var c = n; for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crcTable[n] = c >>> 0; }
    function crc32(bytes) { var c = 0xffffffff; for (var i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; }
    function u16(v) { return [v & 0xff, (v >>> 8) & 0xff]; }
    function u32(v) { return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]; }
    var enc = new TextEncoder(), parts = [], central = [], offset = 0;
    files.forEach(function (f) {
      var name = enc.encode(f[0]), data = enc.encode(f[1]), crc = crc32(data);
      var common = [].concat(u16(20), u16(0x0800), u16(0), u16(0), u16(0x21), u32(crc), u32(data.length), u32(data.length), u16(name.length), u16(0));
      var local = new Uint8Array([].concat(u32(0x04034b50), common));
      parts.push(local, name, data);
      central.push(new Uint8Array([].concat(u32(0x02014b50), u16(20), common, u16(0), u16(0), u16(0), u32(0), u32(offset))), name);
      offset += local.length + name.length + data.length;
    });
    var size = central.reduce(function (a, b) { return a + b.length; }, 0);
    var end = new Uint8Array([].concat(u32(0x06054b50), u16(0), u16(0), u16(files.length), u16(files.length), u32(size), u32(offset), u16(0)));
    return new Blob(parts.concat(central, [end]), { type: "application/zip" });
  }
  if (format === "csv") return [["network.zip", zip([["nodes.csv", csv(nodeCols, nodeRows)], ["edges.csv", csv(edgeCols, edgeRows)]]), "application/zip"]];
  if (format === "graphml") return [["network.graphml", graphml(), "application/graphml+xml"]];
  return [["network.gexf", gexf(), "application/gexf+xml"]];
};
// The network view: draws the embedded graph with vis-network, filters, search, details, exports.
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
  var hubsOn = false, colorMode = "kind";
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
  // Texts in the language the page was rendered in (message ids are the Chinese texts).
  function t(id, params) {
    var text = (meta.text && meta.text[id]) || id;
    Object.keys(params || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(params[k])); });
    return text;
  }
  function norm(s) { return String(s).normalize("NFKC").toLowerCase(); }
  function fmt(n) { return Number(n).toLocaleString(meta.lang || "zh-CN"); }
  function short(s) { s = String(s); return s.length > 24 ? s.slice(0, 23) + "…" : s; }

  // ---- items -------------------------------------------------------------
  function nodeTitle(i) {
    var row = D.nodes[i], k = kinds[row[2]], info = D.info[i] || {};
    var lines = [row[1], k[1] + " (" + k[0] + ")"];
    if (aggregate) {
      var g = info.group;
      lines.push(t("节点数") + ": " + fmt(g.count), t("组内关系") + ": " + fmt(g.internalEdges));
      (info.top || []).slice(0, 5).forEach(function (t) { lines.push("· " + t[1]); });
      return lines.join("\n");
    }
    (info.flags || []).forEach(function (f) { lines.push("【" + f + "】"); });
    (info.provenance || []).forEach(function (p) { lines.push(t("来源") + ": " + provText(p)); });
    if (info.aliases && info.aliases.length) lines.push(t("别名") + ": " + info.aliases.join("、"));
    (info.facts || []).slice(0, 12).forEach(function (f) { lines.push(f[0] + ": " + f[1]); });
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
    return parts.join(" · ") + (p.synthetic ? "（" + t("示例数据") + "）" : "");
  }
  // A synthetic node says so on its label, not only in its tooltip.
  function nodeLabel(row) {
    return short(row[1]) + (row[6] === 2 ? "（" + t("示例") + "）" : row[6] === 1 ? "（" + t("含示例") + "）" : "");
  }
  function isHidden(row) { return !nodeOn[row[2]] || (!!row[8] && !hubsOn); }
  function makeNode(row, i) {
    // Style comes from the kind's group: per-node style objects make vis parse each one.
    var item = { id: i, nid: row[0], k: row[2], group: "k" + row[2], label: nodeLabel(row), title: nodeTitle(i), x: row[3], y: row[4], value: row[5] };
    if (row[8]) { item.hidden = true; item.physics = false; }
    if (row[6] === 2) item.shapeProperties = { borderDashes: [4, 3] };
    return item;
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
      var hide = dataset === nodes ? isHidden(D.nodes[item.id]) : !on[item.k];
      if (!!item.hidden !== hide) {
        var change = { id: item.id, hidden: hide };
        if (dataset === nodes) change.physics = !hide;
        changes.push(change);
      }
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

  // Fit every drawn node in the canvas; small graphs may zoom in past 1:1 so their labels read.
  function fitView() { network.fit({ animation: false, maxZoomLevel: 1.5 }); }
  // Stabilise (when physics is on), then fit; then the picture holds still.
  function settle(done) {
    if (meta.options.physics.enabled && physicsBox.checked && nodeItems.length) {
      network.once("stabilizationIterationsDone", function () {
        network.stopSimulation();
        fitView();
        if (done) done();
      });
      network.stabilize(meta.options.physics.stabilization.iterations);
    } else {
      fitView();
      if (done) done();
    }
  }
  state.fit = fitView;
  function markReady() {
    network.once("afterDrawing", function () {
      if (meta.focus !== null && meta.focus !== undefined) focusId(meta.focus, true);
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
    // A bounded stabilisation from the server's layout, in short batches, then the view is
    // fitted (dragging a node or the physics switch sets it moving again).
    settle(markReady);
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
    ? t("共 {nodes} 个节点、{edges} 条关系，按类型与产业聚合为 {groups} 组（点击一组查看成员）", { nodes: fmt(D.total.nodes), edges: fmt(D.total.edges), groups: fmt(D.nodes.length) })
    : D.nodes.length ? t("{nodes} 个节点、{edges} 条关系", { nodes: fmt(D.nodes.length), edges: fmt(D.edges.length) }) : t("没有符合条件的节点");
  if (aggregate && D.membersLeftOut > 0 && !meta.api) summary.textContent += " · " + t("另有 {n} 个成员未随页面附带，请在服务端视图中搜索", { n: fmt(D.membersLeftOut) });
  // A banner whenever the drawing rests on example (synthetic) records.
  var banner = document.getElementById("ttkg-banner");
  var syntheticCount = (D.synthetic && D.synthetic.nodes) || 0;
  if (syntheticCount) {
    banner.textContent = t("本图含示例数据：{n} 个节点的全部或部分记录是合成的示例，不是真实记录。", { n: fmt(syntheticCount) });
    banner.hidden = false;
  }

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
        details.appendChild(dl([[t("所在组"), row[1]], [t("编号"), member[3]]].concat(member[1].length ? [[t("别名"), member[1].join("、")]] : [])));
        if (meta.links) details.appendChild(link(t("打开邻域视图"), egoHref(member[3])));
        if (meta.api && meta.api.node) {
          // Flags, sources and facts of one member come from the server when asked for.
          var about = el("div", null, "ttkg-member");
          details.appendChild(about);
          fetch(meta.api.node + "/" + encodeURIComponent(member[3])).then(function (r) { return r.ok ? r.json() : null; }).then(function (n) {
            if (!n || state.focusedMember !== member[3]) return;
            var flags = el("ul", null, "ttkg-flags");
            flags.setAttribute("aria-label", t("标记"));
            n.flags.forEach(function (f, j) { flags.appendChild(el("li", f, j === 0 && n.provenance.some(function (p) { return p.synthetic; }) ? "ttkg-synthetic" : null)); });
            if (flags.childNodes.length) about.appendChild(flags);
            about.appendChild(el("h3", t("来源")));
            var pl = el("ul", null, "ttkg-provenance");
            n.provenance.forEach(function (p) { pl.appendChild(el("li", provText(p))); });
            about.appendChild(pl);
            if (n.facts.length) {
              about.appendChild(el("h3", t("事实")));
              var facts = dl(n.facts.map(function (f) { return [f[0], f[1]]; }));
              facts.className = "ttkg-facts";
              about.appendChild(facts);
            }
          }, function () {});
        }
      }
      details.appendChild(el(member ? "h3" : "h2", row[1]));
      details.appendChild(dl([[t("类型"), k[1] + " (" + k[0] + ")"], [t("产业"), g.industry || "—"], [t("节点数"), fmt(g.count)], [t("组内关系"), fmt(g.internalEdges)]]));
      if (meta.links && !g.folded) {
        var q = new URLSearchParams({ kind: g.kind });
        if (g.industry) q.set("industry", g.industry);
        details.appendChild(link(t("查看该组全部节点"), meta.links.network + "?" + q.toString()));
      }
      if (g.synthetic) details.appendChild(el("p", t("其中 {n} 个节点含示例数据", { n: fmt(g.synthetic) }), "ttkg-synthetic"));
      details.appendChild(el("h3", t("联系最多的成员")));
      var ul = el("ul");
      ul.id = "ttkg-members";
      function addMember(id, name) {
        var li = el("li");
        li.appendChild(meta.links ? link(name, egoHref(id)) : el("span", name));
        ul.appendChild(li);
      }
      (info.top || []).forEach(function (m) { addMember(m[0], m[1]); });
      details.appendChild(ul);
      if (meta.api) {
        // The rest of the group comes from the server a page at a time.
        var more = el("button", t("显示更多成员"), "ttkg-link"), shown = (info.top || []).length;
        more.type = "button";
        more.id = "ttkg-more-members";
        more.hidden = shown >= g.count;
        more.addEventListener("click", function () {
          var q = new URLSearchParams({ group: row[0], offset: String(shown), size: "100" });
          fetch(meta.api.members + "&" + q.toString()).then(function (r) { return r.ok ? r.json() : { items: [], total: 0 }; }).then(function (page) {
            page.items.forEach(function (m) { addMember(m.id, m.name); });
            shown += page.items.length;
            more.hidden = shown >= page.total || !page.items.length;
          }, function () { more.disabled = true; });
        });
        details.appendChild(more);
      } else {
        var inline = D.members.filter(function (m) { return m[2] === i; }).length;
        if (g.count > inline) details.appendChild(el("p", t("本文件附带该组 {shown} / {total} 个成员；全部成员请在服务端视图中查看", { shown: fmt(Math.max(inline, (info.top || []).length)), total: fmt(g.count) })));
      }
      return;
    }
    // Name, kind, flags and provenance first; then the facts, labelled with their units.
    details.appendChild(el("h2", row[1]));
    details.appendChild(dl([[t("类型"), k[1] + " (" + k[0] + ")"]]));
    var flags = el("ul", null, "ttkg-flags");
    flags.setAttribute("aria-label", t("标记"));
    (info.flags || []).forEach(function (f, j) { flags.appendChild(el("li", f, j === 0 && row[6] ? "ttkg-synthetic" : null)); });
    if (flags.childNodes.length) details.appendChild(flags);
    details.appendChild(el("h3", t("来源")));
    var pl = el("ul", null, "ttkg-provenance");
    (info.provenance || []).forEach(function (p) { pl.appendChild(el("li", provText(p))); });
    details.appendChild(pl);
    if (meta.links) details.appendChild(link(t("打开邻域视图"), egoHref(row[0])));
    details.appendChild(el("h3", t("事实")));
    var facts = [[t("编号"), row[0]]];
    if (info.aliases && info.aliases.length) facts.push([t("别名"), info.aliases.join("、")]);
    (info.facts || []).forEach(function (f) { facts.push([f[0], f[1]]); });
    var factList = dl(facts);
    factList.className = "ttkg-facts";
    details.appendChild(factList);
    var near = neighbours(i);
    details.appendChild(el("h3", t("相邻节点 ({n})", { n: near.length })));
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
  function focusNode(i, member, stay) {
    var kindIndex = D.nodes[i][2];
    if (!nodeOn[kindIndex]) {
      nodeOn[kindIndex] = true;
      var box = document.querySelectorAll("#ttkg-legend-nodes input")[kindIndex];
      if (box) box.checked = true;
      applyFilter(nodes, nodeOn);
    }
    if (D.nodes[i][8] && !hubsOn) setHubs(true);
    if (highlighted !== null) nodes.update({ id: highlighted, borderWidth: 1 });
    nodes.update({ id: i, borderWidth: 5 });
    highlighted = i;
    network.selectNodes([i]);
    // On load the fitted view stays: the focused node is outlined and described.
    if (!stay) network.focus(i, { scale: Math.max(network.getScale(), 1.2), animation: false });
    state.focused = D.nodes[i][0];
    state.focusedMember = member ? member[3] : null;
    showDetails(i, member);
  }
  state.focusNode = focusNode;
  function focusId(id, stay) {
    if (aggregate) {
      for (var m = 0; m < D.members.length; m++) if (D.members[m][3] === id) return focusNode(D.members[m][2], D.members[m], stay);
    } else {
      for (var i = 0; i < D.nodes.length; i++) if (D.nodes[i][0] === id) return focusNode(i, null, stay);
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
  var groupIndex = {};
  D.nodes.forEach(function (row, i) { groupIndex[row[0]] = i; });
  var asked = 0;
  // A served page of groups asks the server's name index; it does not carry every member.
  function askServer(text) {
    var mine = ++asked;
    if (!text.trim()) { current = []; results.replaceChildren(); return; }
    fetch(meta.api.search + "&q=" + encodeURIComponent(text.trim())).then(function (r) { return r.ok ? r.json() : { items: [] }; }).then(function (found) {
      if (mine !== asked) return;  // an older answer after a newer question
      entries = found.items.filter(function (h) { return h.group in groupIndex; }).map(function (h) {
        var member = [h.name, h.aliases || [], groupIndex[h.group], h.id];
        return { names: [h.name], node: member[2], member: member };
      });
      current = entries.map(function (e, k) { return [0, k, 0]; });
      showResults();
    }, function () { if (mine === asked) { current = []; results.replaceChildren(); } });
  }
  state.searchedOnServer = function () { return asked; };
  input.addEventListener("input", function () {
    if (aggregate && meta.api) return askServer(input.value);
    current = search(input.value);
    showResults();
  });
  function showResults() {
    results.replaceChildren();
    current.forEach(function (hit) {
      var e = entries[hit[1]], text = e.names[0];
      if (hit[2] > 0) text += t("（别名：{alias}）", { alias: e.names[hit[2]] });
      text += " · " + kinds[D.nodes[e.node][2]][1];
      var li = el("li"), b = el("button", text);
      b.type = "button";
      b.addEventListener("click", function () { choose(hit); });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
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
  document.getElementById("ttkg-fit").addEventListener("click", fitView);

  // ---- hubs toggle ------------------------------------------------------
  var hubsBox = document.getElementById("ttkg-hubs");
  var optionalCount = aggregate ? 0 : D.nodes.filter(function (row) { return row[8]; }).length;
  if (optionalCount) document.getElementById("ttkg-hubs-label").hidden = false;
  function setHubs(on) {
    hubsOn = on;
    hubsBox.checked = on;
    applyFilter(nodes, nodeOn);
    settle();
  }
  hubsBox.addEventListener("change", function () { setHubs(hubsBox.checked); });
  state.setHubs = setHubs;

  // ---- colour by kind or by community ------------------------------------
  var communityBox = document.getElementById("ttkg-color-community");
  if (!D.communities) communityBox.disabled = true;
  function setColorMode(mode) {
    colorMode = mode;
    var palette = meta.communityColors, last = palette.length - 1;
    nodes.update(D.nodes.map(function (row, i) {
      if (mode === "kind") return { id: i, color: null, group: "k" + row[2] };
      var c = row[7] >= 0 && row[7] < last ? palette[row[7]] : palette[last];
      return { id: i, color: { background: c, border: "#333", highlight: { background: c, border: "#000" }, hover: { background: c, border: "#000" } } };
    }));
    document.querySelectorAll("input[name='ttkg-color']").forEach(function (r) { r.checked = r.value === mode; });
  }
  document.querySelectorAll("input[name='ttkg-color']").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) setColorMode(r.value); });
  });
  state.setColorMode = setColorMode;
  state.colorOf = function (id) {
    var i = D.nodes.findIndex(function (row) { return row[0] === id; });
    var item = network.body.nodes[i];
    return item ? item.options.color.background : null;
  };
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
  function download(href, name) {
    var a = el("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  document.getElementById("ttkg-png").addEventListener("click", function () { download(pngDataUrl(), "network.png"); });
  document.querySelectorAll("#ttkg-exports button[data-export]").forEach(function (b) {
    b.addEventListener("click", function () {
      var fmt = b.getAttribute("data-export");
      if (meta.exports && meta.exports[fmt]) return download(meta.exports[fmt], "network." + (fmt === "csv" ? "zip" : fmt));
      window.ttkgExport(D, t, fmt).forEach(function (file) {
        download(URL.createObjectURL(new Blob([file[1]], { type: file[2] })), file[0]);
      });
    });
  });
  performance.mark("ttkg:script-end");
})();
