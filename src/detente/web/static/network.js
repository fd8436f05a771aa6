/* detente alignment network: a small signed force layout drawn as SVG.
 *
 * Written for detente instead of vendoring d3: a window rarely has more than a few dozen
 * actors, so an O(n^2) Fruchterman-Reingold pass is instant. The layout is deterministic
 * (nodes start on a circle in code order, no randomness), so the same window always draws
 * the same picture, in the dashboard, in the report and in screenshots.
 */
(function (global) {
  'use strict';

  var SVG_NS = 'http://www.w3.org/2000/svg';
  var COMMUNITY_COLOURS = ['#2457a6', '#7b3fa0', '#0f8b8d', '#8c5a2b', '#c2408a', '#5f6b7a', '#7a7f1d', '#1d3557'];

  function nodeCode(n) {
    if (typeof n === 'string') { return n; }
    return n.code || n.id || n.name || String(n);
  }

  /* Positions for `codes` given signed `edges` [{a, b, weight}] inside width x height. */
  function layout(codes, edges, width, height, iterations) {
    var n = codes.length;
    var index = {};
    codes.forEach(function (c, i) { index[c] = i; });
    var cx = width / 2, cy = height / 2;
    var radius = Math.min(width, height) * 0.35;
    var pos = codes.map(function (_, i) {
      var angle = (2 * Math.PI * i) / Math.max(n, 1) - Math.PI / 2;
      return { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
    });
    if (n <= 1) { return pos.map(function () { return { x: cx, y: cy }; }); }
    var maxW = edges.reduce(function (m, e) { return Math.max(m, Math.abs(e.weight) || 0); }, 0) || 1;
    var k = Math.sqrt((width * height) / n) * 0.55;  // ideal edge length
    var temperature = width / 6;
    var steps = iterations || 300;
    for (var step = 0; step < steps; step++) {
      var disp = pos.map(function () { return { x: 0, y: 0 }; });
      // every pair repels
      for (var i = 0; i < n; i++) {
        for (var j = i + 1; j < n; j++) {
          var dx = pos[i].x - pos[j].x, dy = pos[i].y - pos[j].y;
          var dist = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
          var f = (k * k) / dist;
          disp[i].x += (dx / dist) * f; disp[i].y += (dy / dist) * f;
          disp[j].x -= (dx / dist) * f; disp[j].y -= (dy / dist) * f;
        }
      }
      // cooperative ties pull together; conflictual ones push apart a little more
      edges.forEach(function (e) {
        var a = index[e.a], b = index[e.b];
        if (a === undefined || b === undefined || a === b) { return; }
        var dx = pos[a].x - pos[b].x, dy = pos[a].y - pos[b].y;
        var dist = Math.max(Math.sqrt(dx * dx + dy * dy), 0.01);
        var w = Math.abs(e.weight) / maxW;
        var f = e.weight >= 0 ? -((dist * dist) / k) * (0.3 + w) : ((k * k) / dist) * 0.6 * w;
        disp[a].x += (dx / dist) * f; disp[a].y += (dy / dist) * f;
        disp[b].x -= (dx / dist) * f; disp[b].y -= (dy / dist) * f;
      });
      for (var m = 0; m < n; m++) {
        // gravity keeps disconnected parts on screen
        disp[m].x -= (pos[m].x - cx) * 0.08 * (k / 50);
        disp[m].y -= (pos[m].y - cy) * 0.08 * (k / 50);
        var len = Math.max(Math.sqrt(disp[m].x * disp[m].x + disp[m].y * disp[m].y), 0.01);
        var move = Math.min(len, temperature);
        pos[m].x += (disp[m].x / len) * move;
        pos[m].y += (disp[m].y / len) * move;
      }
      temperature = Math.max(temperature * 0.97, 0.5);
    }
    // fit into the box with a margin for labels
    var margin = 40;
    var xs = pos.map(function (p) { return p.x; }), ys = pos.map(function (p) { return p.y; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var sx = (width - 2 * margin) / Math.max(maxX - minX, 1), sy = (height - 2 * margin) / Math.max(maxY - minY, 1);
    var s = Math.min(sx, sy, 1.5);
    var ox = (width - (maxX - minX) * s) / 2, oy = (height - (maxY - minY) * s) / 2;
    return pos.map(function (p) { return { x: ox + (p.x - minX) * s, y: oy + (p.y - minY) * s }; });
  }

  function svgEl(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    return node;
  }

  /* Draw one alignment window into `svg`. Returns {codes, community} for the caller's legend. */
  function draw(svg, win) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var box = svg.getBoundingClientRect();
    var width = Math.max(box.width || 0, 320), height = Math.max(box.height || 0, 240);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    var codes = [];
    var seen = {};
    function add(c) { if (c && !seen[c]) { seen[c] = true; codes.push(c); } }
    (win.nodes || []).forEach(function (n) { add(nodeCode(n)); });
    (win.edges || []).forEach(function (e) { add(e.a); add(e.b); });
    codes.sort();
    var community = {};
    (win.communities || []).forEach(function (members, i) {
      members.forEach(function (c) { community[nodeCode(c)] = i; });
    });
    if (!codes.length) {
      var t = svgEl('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', fill: '#66727f' });
      t.textContent = 'No ties between actors in this window.';
      svg.appendChild(t);
      return { codes: codes, community: community };
    }
    var edges = (win.edges || []).filter(function (e) { return e.a !== e.b; });
    var pos = layout(codes, edges, width, height);
    var at = {};
    codes.forEach(function (c, i) { at[c] = pos[i]; });
    var maxW = edges.reduce(function (m, e) { return Math.max(m, Math.abs(e.weight) || 0); }, 0) || 1;
    var strength = {};
    edges.forEach(function (e) {
      var w = Math.abs(e.weight) || 0;
      strength[e.a] = (strength[e.a] || 0) + w;
      strength[e.b] = (strength[e.b] || 0) + w;
    });
    var maxS = Math.max.apply(null, codes.map(function (c) { return strength[c] || 0; }).concat([1]));

    var gEdges = svgEl('g', { 'class': 'edges' });
    edges.forEach(function (e) {
      var p = at[e.a], q = at[e.b];
      var line = svgEl('line', {
        x1: p.x, y1: p.y, x2: q.x, y2: q.y,
        'class': 'edge ' + (e.weight >= 0 ? 'pos' : 'neg'),
        'stroke-width': (1.2 + 5 * (Math.abs(e.weight) / maxW)).toFixed(2),
        'stroke-opacity': 0.75,
        'data-a': e.a, 'data-b': e.b
      });
      var title = svgEl('title');
      title.textContent = e.a + ' – ' + e.b + ': weight ' + Number(e.weight).toFixed(2) +
        (e.n !== undefined ? ' (' + e.n + ' events)' : '');
      line.appendChild(title);
      gEdges.appendChild(line);
    });
    svg.appendChild(gEdges);

    var gNodes = svgEl('g', { 'class': 'nodes' });
    codes.forEach(function (c) {
      var p = at[c];
      var g = svgEl('g', { 'class': 'node', 'data-code': c, transform: 'translate(' + p.x.toFixed(1) + ',' + p.y.toFixed(1) + ')' });
      var r = 9 + 11 * Math.sqrt((strength[c] || 0) / maxS);
      var colour = community[c] === undefined ? '#8795a1' : COMMUNITY_COLOURS[community[c] % COMMUNITY_COLOURS.length];
      g.appendChild(svgEl('circle', { r: r.toFixed(1), fill: colour }));
      var label = svgEl('text', { y: (-r - 5).toFixed(1), 'text-anchor': 'middle' });
      label.textContent = c;
      g.appendChild(label);
      var title = svgEl('title');
      title.textContent = c + (community[c] === undefined ? '' : ' · community ' + (community[c] + 1));
      g.appendChild(title);
      gNodes.appendChild(g);
    });
    svg.appendChild(gNodes);
    return { codes: codes, community: community };
  }

  global.DetenteNetwork = { layout: layout, draw: draw, colours: COMMUNITY_COLOURS, nodeCode: nodeCode };
})(window);
