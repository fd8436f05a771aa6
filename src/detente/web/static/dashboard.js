/* detente dashboard: timeline, dyads, alignment network, expectations ledger.
 *
 * The same script runs in two places:
 *  - served by `detente serve` (config.mode "api"): data comes from the JSON API; when the
 *    server was started with --token, open the page as /?token=TOKEN and every API request
 *    carries it as "Authorization: Bearer TOKEN" (the token is then kept in sessionStorage
 *    and removed from the address bar);
 *  - inlined in the file `detente report` writes (config.mode "embedded"): data comes from
 *    the JSON embedded in the page, filtered here the way the API filters it.
 * Text from articles is only ever inserted with textContent, never as HTML.
 */
(function () {
  'use strict';

  var QUAD = {
    1: { label: 'Verbal cooperation', colour: '#7fbf7b' },
    2: { label: 'Material cooperation', colour: '#1b7837' },
    3: { label: 'Verbal conflict', colour: '#f1a340' },
    4: { label: 'Material conflict', colour: '#b2182b' }
  };
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  var config = JSON.parse(document.getElementById('detente-config').textContent);
  var PAGE = config.page_size || 50;

  // ------------------------------------------------------------------ helpers
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var v = attrs[key];
      if (v === null || v === undefined || v === false) { return; }
      if (key === 'text') { node.textContent = v; } else if (key === 'cls') { node.className = v; } else { node.setAttribute(key, v); }
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) { continue; }
      if (Array.isArray(child)) {
        child.forEach(function (c) { if (c !== null && c !== undefined) { node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } });
      } else {
        node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
      }
    }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } return node; }
  function $(sel) { return document.querySelector(sel); }

  function showNotice(message, kind) {
    var box = $('#notice');
    box.textContent = message;
    box.className = 'notice' + (kind ? ' ' + kind : '');
    box.hidden = false;
  }
  function hideNotice() { $('#notice').hidden = true; }

  function monthLabel(iso) { return MONTHS[Number(iso.slice(5, 7)) - 1] + ' ' + iso.slice(0, 4); }
  function periodLabel(iso, by) {
    if (by === 'year') { return iso.slice(0, 4); }
    if (by === 'month') { return monthLabel(iso); }
    return iso.slice(0, 10);
  }

  function fmtSpan(d) {
    var s;
    if (d.precision === 'year') { s = d.start.slice(0, 4); }
    else if (d.precision === 'month') { s = monthLabel(d.start); }
    else if (d.start === d.end) { s = d.start; }
    else { s = d.start + ' – ' + d.end; }
    return (d.approximate ? '~' : '') + s;
  }

  function quadDot(q) { return el('i', { cls: 'qdot q' + q, title: QUAD[q] ? QUAD[q].label : '' }); }
  function statusBadge(status) { return el('span', { cls: 'badge st-' + status, text: status }); }
  function actorNode(a) {
    if (!a) { return el('span', { cls: 'muted', text: '—' }); }
    return el('span', { cls: 'actor', title: a.name || '' }, a.code, a.person ? el('span', { cls: 'person', text: ' ' + a.person }) : null);
  }
  function actorList(list) {
    if (!list || !list.length) { return el('span', { cls: 'muted', text: '—' }); }
    var out = el('span');
    list.forEach(function (a, i) { if (i) { out.appendChild(document.createTextNode(', ')); } out.appendChild(actorNode(a)); });
    return out;
  }
  function safeUrl(url) { return /^https?:\/\//i.test(url || '') ? url : null; }

  /* A sentence with its trigger word marked. */
  function markTrigger(sentence, trigger) {
    var span = el('span');
    if (!trigger) { span.textContent = sentence; return span; }
    var at = sentence.toLowerCase().indexOf(trigger.toLowerCase());
    if (at < 0) { span.textContent = sentence; return span; }
    span.appendChild(document.createTextNode(sentence.slice(0, at)));
    span.appendChild(el('mark', { text: sentence.slice(at, at + trigger.length) }));
    span.appendChild(document.createTextNode(sentence.slice(at + trigger.length)));
    return span;
  }

  // ------------------------------------------------------------------ data sources
  function ApiSource(base, token) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
  }
  ApiSource.prototype.get = function (path, params) {
    var query = [];
    Object.keys(params || {}).forEach(function (k) {
      var v = params[k];
      if (v !== null && v !== undefined && v !== '') { query.push(encodeURIComponent(k) + '=' + encodeURIComponent(v)); }
    });
    var url = this.base + path + (query.length ? '?' + query.join('&') : '');
    var headers = { Accept: 'application/json' };
    if (this.token) { headers.Authorization = 'Bearer ' + this.token; }
    return fetch(url, { headers: headers, credentials: 'same-origin' }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) {
          var msg = body && body.message ? body.message : res.status + ' ' + res.statusText;
          if (res.status === 401) { msg += ' — this server needs a token: open the dashboard as /?token=YOUR_TOKEN'; }
          var err = new Error(msg);
          err.status = res.status;
          throw err;
        }
        return body;
      });
    });
  };
  ApiSource.prototype.meta = function () { return this.get('/meta'); };
  ApiSource.prototype.events = function (f, limit, offset) {
    return this.get('/events', Object.assign({}, f, { limit: limit, offset: offset }));
  };
  ApiSource.prototype.timeline = function (f, by) { return this.get('/events/timeline', Object.assign({}, f, { by: by })); };
  // occurred events only, as the dyad series counts them
  ApiSource.prototype.dyads = function () { return this.get('/dyads', { limit: 200, status: 'occurred' }); };
  ApiSource.prototype.dyadSeries = function (a, b) {
    return this.get('/dyads/' + encodeURIComponent(a) + '/' + encodeURIComponent(b), { by: 'month' });
  };
  ApiSource.prototype.blocs = function (last) {
    // the latest three years of monthly windows, oldest first like the report's; `since`
    // spares the server finding communities for the whole history
    var params = { window: 'month', newest_first: 'true', limit: 36 };
    if (last) { params.since = (Number(last.slice(0, 4)) - 3) + last.slice(4, 7) + '-01'; }
    return this.get('/blocs', params).then(function (p) { return p.items.slice().reverse(); });
  };
  ApiSource.prototype.ledger = function () { return this.get('/expectations', { limit: 1000 }); };

  function EmbeddedSource(data) { this.data = data; }
  EmbeddedSource.prototype.meta = function () { return Promise.resolve(this.data.meta); };
  /* The API's EventFilter, in JS: actor on either side, dyad either way, span overlap for dates. */
  EmbeddedSource.prototype.filter = function (f) {
    var pair = null;
    if (f.dyad) {
      var m = /^([A-Za-z0-9][A-Za-z0-9_.-]*):([A-Za-z0-9][A-Za-z0-9_.-]*)$/.exec(f.dyad);
      if (!m) { throw new Error('dyad: use A:B with two actor codes, e.g. PRK:USA'); }
      pair = [m[1].toUpperCase(), m[2].toUpperCase()];
    }
    var actor = f.actor ? f.actor.toUpperCase() : null;
    if (f.since && f.until && f.since > f.until) { throw new Error('since (' + f.since + ') is after until (' + f.until + ')'); }
    return this.data.events.filter(function (ev) {
      if (f.type && ev.event_type !== f.type) { return false; }
      if (f.status && ev.status !== f.status) { return false; }
      if (actor) {
        var all = ev.sources.concat(ev.targets);
        if (!all.some(function (a) { return a.code === actor; })) { return false; }
      }
      if (pair && !ev.dyads.some(function (d) {
        return (d.source === pair[0] && d.target === pair[1]) || (d.source === pair[1] && d.target === pair[0]);
      })) { return false; }
      var published = ev.doc ? ev.doc.published : null;
      if (f.since) {
        var last = ev.date ? ev.date.end : published;
        if (!last || last < f.since) { return false; }
      }
      if (f.until) {
        var first = ev.date ? ev.date.start : published;
        if (!first || first > f.until) { return false; }
      }
      return true;
    });
  };
  EmbeddedSource.prototype.events = function (f, limit, offset) {
    var self = this;
    return new Promise(function (resolve) {
      var all = self.filter(f);
      resolve({ total: all.length, limit: limit, offset: offset, items: all.slice(offset, offset + limit) });
    });
  };
  EmbeddedSource.prototype.timeline = function (f, by) {
    var self = this;
    return new Promise(function (resolve) {
      var periods = {};
      var undated = 0;
      self.filter(f).forEach(function (ev) {
        if (!ev.event_date) { undated += 1; return; }
        var key = by === 'year' ? ev.event_date.slice(0, 4) + '-01-01' : ev.event_date.slice(0, 7) + '-01';
        var p = periods[key] || (periods[key] = { start: key, q1: 0, q2: 0, q3: 0, q4: 0, total: 0 });
        p['q' + ev.quad_class] += 1;
        p.total += 1;
      });
      var list = Object.keys(periods).sort().map(function (k) { return periods[k]; });
      resolve({ by: by, periods: list, undated: undated });
    });
  };
  EmbeddedSource.prototype.dyads = function () { return Promise.resolve(this.data.dyads); };
  EmbeddedSource.prototype.dyadSeries = function (a, b) {
    var s = this.data.dyad_series[a + ':' + b] || this.data.dyad_series[b + ':' + a];
    return s ? Promise.resolve(s) : Promise.reject(new Error('this report holds monthly series for the top dyads only'));
  };
  EmbeddedSource.prototype.blocs = function () { return Promise.resolve(this.data.blocs); };
  EmbeddedSource.prototype.ledger = function () { return Promise.resolve(this.data.expectations); };

  function makeSource() {
    if (config.mode === 'embedded') {
      return new EmbeddedSource(JSON.parse(document.getElementById('detente-data').textContent));
    }
    var params = new URLSearchParams(window.location.search);
    var token = params.get('token');
    try {
      if (token) {
        window.sessionStorage.setItem('detente-token', token);
        params.delete('token');
        var rest = params.toString();
        window.history.replaceState(null, '', window.location.pathname + (rest ? '?' + rest : '') + window.location.hash);
      } else {
        token = window.sessionStorage.getItem('detente-token');
      }
    } catch (e) { /* storage may be disabled: the token then lives for this page only */ }
    return new ApiSource(config.api_base || 'api', token);
  }

  var source = makeSource();
  var state = { meta: null, filter: {}, offset: 0, by: 'month', loaded: {}, charts: {} };

  // ------------------------------------------------------------------ charts
  function destroyChart(name) { if (state.charts[name]) { state.charts[name].destroy(); delete state.charts[name]; } }

  function fillPeriods(periods, by) {
    if (!periods.length || (by !== 'month' && by !== 'year')) { return periods; }
    var byKey = {};
    periods.forEach(function (p) { byKey[p.start] = p; });
    var out = [];
    var y = Number(periods[0].start.slice(0, 4)), m = Number(periods[0].start.slice(5, 7));
    var last = periods[periods.length - 1].start;
    for (var guard = 0; guard < 5000; guard++) {
      var key = by === 'year' ? y + '-01-01' : y + '-' + (m < 10 ? '0' : '') + m + '-01';
      out.push(byKey[key] || { start: key, q1: 0, q2: 0, q3: 0, q4: 0, total: 0 });
      if (key >= last) { break; }
      if (by === 'year') { y += 1; } else { m += 1; if (m > 12) { m = 1; y += 1; } }
    }
    return out;
  }

  function legend(node, withNet) {
    clear(node);
    [1, 2, 3, 4].forEach(function (q) {
      node.appendChild(el('span', null, el('i', { cls: 'swatch q' + q }), QUAD[q].label));
    });
    if (withNet) { node.appendChild(el('span', null, el('i', { cls: 'swatch line net' }), 'Net')); }
  }

  function drawTimeline(tl) {
    destroyChart('timeline');
    var periods = fillPeriods(tl.periods, tl.by);
    var note = $('#timeline-note');
    note.textContent = tl.undated ? tl.undated + ' matching event(s) have no date and are not shown in the chart.' : '';
    if (typeof Chart === 'undefined') { note.textContent = 'Chart library missing.'; return; }
    state.charts.timeline = new Chart($('#timeline-chart'), {
      type: 'bar',
      data: {
        labels: periods.map(function (p) { return periodLabel(p.start, tl.by); }),
        datasets: [1, 2, 3, 4].map(function (q) {
          return { label: QUAD[q].label, data: periods.map(function (p) { return p['q' + q]; }),
            backgroundColor: QUAD[q].colour, stack: 'events', borderWidth: 0, maxBarThickness: 48 };
        })
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, tooltip: { mode: 'index', intersect: false } },
        scales: {
          x: { stacked: true, grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'events' } }
        }
      }
    });
  }

  // ------------------------------------------------------------------ timeline view
  function readFilter() {
    var form = $('#filters');
    var f = {};
    ['actor', 'dyad', 'type', 'status', 'since', 'until'].forEach(function (name) {
      var v = (form.elements[name].value || '').trim();
      if (v) { f[name] = (name === 'actor' || name === 'dyad') ? v.toUpperCase() : v; }
    });
    return f;
  }

  function eventRow(ev) {
    var dateCell = ev.date
      ? el('td', { cls: 'date', title: ev.date.text ? 'from “' + ev.date.text + '”' : null }, fmtSpan(ev.date))
      : el('td', { cls: 'date' }, ev.event_date ? el('span', { cls: 'pub', title: 'publication date of the article', text: ev.event_date }) : el('span', { cls: 'muted', text: 'undated' }));
    var targets = ev.targets.length ? actorList(ev.targets) : (ev.symmetric && ev.sources.length > 1 ? el('span', { cls: 'muted', text: '(among sources)' }) : actorList([]));
    var doc = ev.doc ? (ev.doc.title || ev.doc.name) : (ev.origin + (ev.source_url ? ' · ' + ev.source_url : ''));
    var row = el('tr', { cls: 'event-row', 'data-event-id': ev.event_id, tabindex: '0' },
      dateCell,
      el('td', null, el('span', { cls: 'type-badge' }, quadDot(ev.quad_class), ev.event_type, ev.mode ? el('span', { cls: 'mode', text: ev.mode }) : null)),
      el('td', null, actorList(ev.sources)),
      el('td', null, targets),
      el('td', null, statusBadge(ev.status)),
      el('td', { cls: 'num', text: ev.confidence.toFixed(2) }),
      el('td', { cls: 'doc-cell', text: doc })
    );
    return row;
  }

  function detailRow(ev) {
    var evidence = el('ul', { cls: 'evidence' });
    ev.evidence.forEach(function (m) {
      evidence.appendChild(el('li', null, markTrigger(m.sentence, m.trigger),
        el('span', { cls: 'offsets', text: 'characters ' + m.start + '–' + m.end + (m.trigger ? ' · trigger “' + m.trigger + '”' : '') })));
    });
    if (!ev.evidence.length) { evidence.appendChild(el('li', { cls: 'muted', text: 'No evidence sentence stored (imported event).' })); }
    var facts = el('dl', { cls: 'facts' });
    function fact(name, value) { if (value !== null && value !== undefined && value !== '') { facts.appendChild(el('dt', { text: name })); facts.appendChild(el('dd', null, value)); } }
    if (ev.doc) {
      var url = safeUrl(ev.doc.url);
      fact('Article', ev.doc.title || ev.doc.name);
      fact('File', ev.doc.name);
      fact('Published', ev.doc.published || 'unknown');
      if (url) { fact('Source', el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: url })); }
    } else {
      fact('Origin', ev.origin);
      var surl = safeUrl(ev.source_url);
      if (surl) { fact('Source', el('a', { href: surl, target: '_blank', rel: 'noopener noreferrer', text: surl })); }
    }
    fact('Type', ev.event_type + (ev.mode ? ' / ' + ev.mode : '') + ' · CAMEO ' + ev.cameo + ' · ' + QUAD[ev.quad_class].label);
    if (ev.intensity !== null && ev.intensity !== undefined) { fact('Intensity', String(ev.intensity)); }
    fact('Date', ev.date ? fmtSpan(ev.date) + ' (' + ev.date.precision + (ev.date.text ? ', from “' + ev.date.text + '”' : '') + ')' : 'none in the text');
    fact('Dyads', ev.dyads.map(function (d) { return d.source + (d.target ? (ev.symmetric ? ' – ' : ' → ') + d.target : ''); }).join(', '));
    if (ev.attributed_to) { fact('Attributed to', actorNode(ev.attributed_to)); }
    if (ev.location) { fact('Location', ev.location.name + (ev.location.country ? ' (' + ev.location.country + ')' : '')); }
    fact('Confidence', ev.confidence.toFixed(2));
    if (ev.cluster_id) { fact('Cluster', ev.cluster_id); }
    fact('Event id', ev.event_id);
    return el('tr', { cls: 'detail', 'data-detail-for': ev.event_id },
      el('td', { colspan: '7' }, el('div', { cls: 'detail-grid' },
        el('div', null, el('h3', { cls: 'small muted', text: 'EVIDENCE' }), evidence),
        el('div', null, el('h3', { cls: 'small muted', text: 'SOURCE AND CODING' }), facts))));
  }

  function toggleDetail(row, ev) {
    var next = row.nextSibling;
    if (next && next.classList && next.classList.contains('detail')) {
      next.parentNode.removeChild(next);
      row.classList.remove('open');
      return;
    }
    row.classList.add('open');
    row.parentNode.insertBefore(detailRow(ev), row.nextSibling);
  }

  function renderEvents(page) {
    var body = clear($('#events-table tbody'));
    page.items.forEach(function (ev) {
      var row = eventRow(ev);
      row.addEventListener('click', function () { toggleDetail(row, ev); });
      row.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggleDetail(row, ev); } });
      body.appendChild(row);
    });
    if (!page.items.length) { body.appendChild(el('tr', null, el('td', { colspan: '7', cls: 'empty', text: 'No events match these filters.' }))); }
    $('#event-count').textContent = page.total + ' matching';
    var pager = clear($('#event-pager'));
    var from = page.total ? page.offset + 1 : 0, to = page.offset + page.items.length;
    var prev = el('button', { type: 'button', 'data-page': 'prev', disabled: page.offset <= 0 ? 'disabled' : null, text: '‹ Previous' });
    var next = el('button', { type: 'button', 'data-page': 'next', disabled: to >= page.total ? 'disabled' : null, text: 'Next ›' });
    prev.addEventListener('click', function () { state.offset = Math.max(0, state.offset - PAGE); loadEvents(false); });
    next.addEventListener('click', function () { state.offset += PAGE; loadEvents(false); });
    pager.appendChild(el('span', { text: from + '–' + to + ' of ' + page.total }));
    pager.appendChild(prev);
    pager.appendChild(next);
  }

  function loadEvents(withChart) {
    var f = state.filter;
    var jobs = [source.events(f, PAGE, state.offset).then(renderEvents)];
    if (withChart) { jobs.push(source.timeline(f, state.by).then(drawTimeline)); }
    document.body.setAttribute('data-loading', 'events');
    return Promise.all(jobs).then(function () { hideNotice(); }).catch(function (e) { showNotice(e.message); })
      .then(function () { document.body.removeAttribute('data-loading'); });
  }

  function setupFilters(meta) {
    var form = $('#filters');
    var typeSel = form.elements.type, statusSel = form.elements.status;
    meta.event_types.forEach(function (t) {
      typeSel.appendChild(el('option', { value: t.name, text: t.name + (t.events ? ' (' + t.events + ')' : '') }));
    });
    meta.statuses.forEach(function (s) { statusSel.appendChild(el('option', { value: s, text: s })); });
    var actors = clear($('#actor-list'));
    meta.actors.forEach(function (a) { actors.appendChild(el('option', { value: a.code, text: (a.name || a.code) + ' · ' + a.events })); });
    form.addEventListener('submit', function (e) { e.preventDefault(); applyFilter(); });
    form.addEventListener('reset', function () { window.setTimeout(applyFilter, 0); });
    ['type', 'status', 'since', 'until'].forEach(function (name) { form.elements[name].addEventListener('change', applyFilter); });
  }

  function applyFilter() {
    state.filter = readFilter();
    state.offset = 0;
    return loadEvents(true);
  }

  // ------------------------------------------------------------------ dyads view
  function mixBar(d) {
    var bar = el('span', { cls: 'mix', title: [1, 2, 3, 4].map(function (q) { return QUAD[q].label + ': ' + d['q' + q]; }).join('\n') });
    var total = d.q1 + d.q2 + d.q3 + d.q4 || 1;
    [1, 2, 3, 4].forEach(function (q) {
      if (d['q' + q]) { bar.appendChild(el('span', { cls: 'q' + q, style: 'width:' + (100 * d['q' + q] / total).toFixed(1) + '%' })); }
    });
    return bar;
  }

  function drawDyadSeries(series, a, b) {
    destroyChart('dyad');
    var points = series.points || [];
    if (typeof Chart === 'undefined') { return; }
    var ds = [1, 2, 3, 4].map(function (q) {
      var sign = q >= 3 ? -1 : 1;
      return { type: 'bar', label: QUAD[q].label, backgroundColor: QUAD[q].colour, stack: 'quad', borderWidth: 0, maxBarThickness: 48,
        data: points.map(function (p) { return sign * (p['q' + q] || 0); }) };
    });
    // net is a balance in [-1, 1] (cooperation minus conflict over all events): its own axis
    ds.push({ type: 'line', label: 'Net', data: points.map(function (p) { return p.events ? p.net : null; }), stack: 'net',
      // no line across empty months: a trend drawn through them would be invented
      yAxisID: 'net', spanGaps: false, borderColor: '#222', backgroundColor: '#222', borderWidth: 1.5, pointRadius: 3, tension: 0 });
    state.charts.dyad = new Chart($('#dyad-chart'), {
      data: { labels: points.map(function (p) { return /^\d{4}-\d{2}-\d{2}$/.test(String(p.period)) ? monthLabel(p.period) : String(p.period); }), datasets: ds },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false }, title: { display: true, text: a + ' – ' + b },
          tooltip: { mode: 'index', intersect: false, callbacks: { label: function (c) {
            return c.dataset.label + ': ' + (c.dataset.yAxisID === 'net' ? Number(c.parsed.y).toFixed(2) : Math.abs(c.parsed.y)); } } } },
        scales: { x: { stacked: true, grid: { display: false } },
          y: { stacked: true, ticks: { precision: 0 }, title: { display: true, text: '← conflict · cooperation → (events)' } },
          net: { position: 'right', min: -1, max: 1, grid: { drawOnChartArea: false }, title: { display: true, text: 'net balance' } } }
      }
    });
  }

  function selectDyad(a, b) {
    var sel = $('#dyad-select');
    sel.value = a + ':' + b;
    Array.prototype.forEach.call(document.querySelectorAll('#dyads-table tbody tr'), function (tr) {
      tr.classList.toggle('selected', tr.getAttribute('data-dyad') === a + ':' + b);
    });
    return source.dyadSeries(a, b).then(function (s) { hideNotice(); drawDyadSeries(s, a, b); })
      .catch(function (e) { destroyChart('dyad'); showNotice(e.message, 'info'); });
  }

  function loadDyads() {
    return source.dyads().then(function (page) {
      var items = page.items;
      var sel = clear($('#dyad-select'));
      var body = clear($('#dyads-table tbody'));
      var series = source.data ? (source.data.dyad_series || {}) : null;
      items.forEach(function (d) {
        var key = d.a + ':' + d.b;
        if (!series || series[key]) { sel.appendChild(el('option', { value: key, text: d.a + ' – ' + d.b + ' (' + d.events + ')' })); }
        var tr = el('tr', { cls: 'clickable', 'data-dyad': key },
          el('td', { cls: 'actor', text: d.a + ' – ' + d.b }), el('td', { cls: 'num', text: String(d.events) }),
          el('td', null, mixBar(d)), el('td', { cls: 'num', text: (d.net > 0 ? '+' : '') + d.net }),
          el('td', { text: d.first || '' }), el('td', { text: d.last || '' }));
        tr.addEventListener('click', function () { selectDyad(d.a, d.b); });
        body.appendChild(tr);
      });
      var dl = clear($('#dyad-list'));
      items.forEach(function (d) { dl.appendChild(el('option', { value: d.a + ':' + d.b })); });
      if (!items.length) {
        body.appendChild(el('tr', null, el('td', { colspan: '6', cls: 'empty', text: 'No dyads between two actors yet.' })));
        return null;
      }
      sel.onchange = function () { var p = sel.value.split(':'); selectDyad(p[0], p[1]); };
      return selectDyad(items[0].a, items[0].b);
    });
  }

  // ------------------------------------------------------------------ network view
  function loadNetwork() {
    // counted back from the newest article, not the latest event: one event misdated years
    // ahead must not hide every other window
    var newest = state.meta ? (state.meta.latest_published || state.meta.last) : null;
    return source.blocs(newest).then(function (windows) {
      var sel = clear($('#window-select'));
      var usable = windows.filter(function (w) { return (w.edges || []).length; });
      var list = usable.length ? usable : windows;
      list.forEach(function (w, i) {
        sel.appendChild(el('option', { value: String(i), text: w.start + ' – ' + w.end + ' · ' + (w.edges || []).length + ' ties' }));
      });
      function show(i) {
        var w = list[i];
        var info = clear($('#network-info'));
        if (!w) { DetenteNetwork.draw($('#network'), { nodes: [], edges: [], communities: [] }); return; }
        var drawn = DetenteNetwork.draw($('#network'), w);
        info.appendChild(el('div', null, el('strong', { text: 'Window ' }), w.start + ' – ' + w.end));
        if (w.modularity !== null && w.modularity !== undefined) { info.appendChild(el('div', null, el('strong', { text: 'Modularity ' }), Number(w.modularity).toFixed(3))); }
        var comm = el('div', null, el('strong', { text: 'Communities ' }));
        (w.communities || []).forEach(function (members, k) {
          comm.appendChild(el('span', { cls: 'community' }, el('i', { cls: 'swatch', style: 'background:' + DetenteNetwork.colours[k % DetenteNetwork.colours.length] }),
            members.map(DetenteNetwork.nodeCode).join(', ')));
        });
        info.appendChild(comm);
        info.appendChild(el('div', { cls: 'muted', text: drawn.codes.length + ' actors, ' + (w.edges || []).length + ' ties' }));
      }
      sel.onchange = function () { show(Number(sel.value)); };
      // open on the busiest window (the latest of equals): the most to read in one picture
      var best = list.length - 1;
      list.forEach(function (w, i) { if ((w.edges || []).length > (list[best].edges || []).length) { best = i; } });
      if (list.length) { sel.value = String(best); }
      show(best);
    });
  }

  // ------------------------------------------------------------------ ledger view
  var OUTCOMES = ['fulfilled', 'pending', 'overdue', 'cancelled', 'failed'];
  function outcomeBadge(outcome) {
    var o = String(outcome || 'unknown').toLowerCase();
    return el('span', { cls: 'badge ' + (OUTCOMES.indexOf(o) >= 0 ? 'oc-' + o : 'oc-other'), text: o });
  }
  function pct(x) { return x === null || x === undefined ? '–' : Math.round(100 * x) + '%'; }
  function accuracyTable(title, rows, keyName) {
    if (!rows || !rows.length) { return null; }
    var cols = ['total', 'fulfilled', 'overdue', 'cancelled', 'failed', 'pending'];
    var t = el('table', { cls: 'acc' }, el('thead', null, el('tr', null, el('th', { text: keyName }),
      cols.map(function (c) { return el('th', { cls: 'num', text: c }); }), el('th', { cls: 'num', text: 'accuracy' }))));
    var tb = el('tbody');
    rows.slice(0, 12).forEach(function (r) {
      tb.appendChild(el('tr', null, el('td', { cls: 'actor', text: r.key }),
        cols.map(function (c) { return el('td', { cls: 'num', text: String(r[c] || 0) }); }),
        el('td', { cls: 'num', title: 'fulfilled / resolved (pending excluded)', text: pct(r.accuracy) })));
    });
    t.appendChild(tb);
    return el('div', null, el('h3', { text: title + (rows.length > 12 ? ' (top 12 of ' + rows.length + ')' : '') }), t);
  }
  function signed(n) { return n === null || n === undefined ? '' : (n > 0 ? '+' : '') + n; }
  function ledgerRow(e) {
    var actors = e.source + (e.target ? ' → ' + e.target : '');
    var outcome = el('td', null, outcomeBadge(e.outcome));
    if (e.outcome === 'fulfilled' && e.lead_days !== null && e.lead_days !== undefined) {
      outcome.appendChild(el('span', { cls: 'muted small', text: ' after ' + e.lead_days + ' d' +
        (e.date_error_days ? ', ' + signed(e.date_error_days) + ' d off' : '') }));
    }
    return el('tr', { cls: 'ledger-row', 'data-outcome': e.outcome },
      el('td', { cls: 'date', text: e.reported || '' }),
      el('td', { cls: 'date', title: e.predicted && e.predicted.text ? 'from “' + e.predicted.text + '”' : null,
        text: e.predicted ? fmtSpan(e.predicted) : 'undated' }),
      el('td', null, el('span', { cls: 'type-badge', text: e.event_type })),
      el('td', { cls: 'actor', text: actors }),
      el('td', null, statusBadge(e.status)),
      el('td', { text: e.predictor || '' }),
      el('td', { cls: 'doc-cell', text: e.doc_name || '' }),
      el('td', { cls: 'num', text: String(e.reports) }),
      outcome);
  }
  function loadLedger() {
    return source.ledger().then(function (ledger) {
      var entries = ledger.entries || [];
      var total = ledger.total !== undefined ? ledger.total : entries.length;
      $('#ledger-count').textContent = total + ' predictions' + (ledger.as_of ? ', judged as of ' + ledger.as_of : '');
      var lg = clear($('#ledger-legend'));
      OUTCOMES.forEach(function (k) {
        var n = ledger.outcomes ? ledger.outcomes[k] || 0 : 0;
        lg.appendChild(el('span', null, outcomeBadge(k), String(n)));
      });
      var acc = clear($('#ledger-accuracy'));
      [accuracyTable('By predictor', ledger.by_predictor, 'predictor'), accuracyTable('By news source', ledger.by_source, 'source')]
        .forEach(function (t) { if (t) { acc.appendChild(t); } });
      var table = $('#ledger-table');
      var head = clear(table.querySelector('thead')), body = clear(table.querySelector('tbody'));
      head.appendChild(el('tr', null, ['Reported', 'Predicted for', 'Event', 'Actors', 'Stated', 'Predictor', 'First report', 'Reports', 'Outcome']
        .map(function (c, i) { return el('th', { cls: i === 7 ? 'num' : null, text: c }); })));
      if (!entries.length) {
        body.appendChild(el('tr', null, el('td', { colspan: '9', cls: 'empty', text: 'No planned or expected events in the store.' })));
        return;
      }
      entries.forEach(function (e) { body.appendChild(ledgerRow(e)); });
      if (entries.length < total) {
        body.appendChild(el('tr', null, el('td', { colspan: '9', cls: 'muted small', text: 'Showing the latest ' + entries.length + ' of ' + total + '.' })));
      }
    });
  }

  // ------------------------------------------------------------------ tabs and start-up
  var loaders = { dyads: loadDyads, network: loadNetwork, ledger: loadLedger };
  function showView(name) {
    Array.prototype.forEach.call(document.querySelectorAll('.tabs button'), function (b) {
      b.setAttribute('aria-selected', b.getAttribute('data-view') === name ? 'true' : 'false');
    });
    Array.prototype.forEach.call(document.querySelectorAll('main .view'), function (v) { v.hidden = v.getAttribute('data-view') !== name; });
    document.body.setAttribute('data-view', name);
    if (loaders[name] && !state.loaded[name]) {
      state.loaded[name] = true;
      document.body.setAttribute('data-loading', name);
      loaders[name]().catch(function (e) { state.loaded[name] = false; showNotice(e.message); })
        .then(function () { document.body.removeAttribute('data-loading'); });
    }
  }

  function start() {
    legend(document.querySelector('[data-legend="quad"]'), false);
    legend(document.querySelector('[data-legend="quad-net"]'), true);
    Array.prototype.forEach.call(document.querySelectorAll('.tabs button'), function (b) {
      b.addEventListener('click', function () { showView(b.getAttribute('data-view')); });
    });
    document.body.setAttribute('data-loading', 'meta');
    source.meta().then(function (meta) {
      state.meta = meta;
      var s = meta.stats;
      $('#stats').textContent = s.documents + ' documents · ' + s.events + ' events' +
        (meta.first ? ' · ' + meta.first + ' – ' + meta.last : '');
      var years = meta.first && meta.last ? Number(meta.last.slice(0, 4)) - Number(meta.first.slice(0, 4)) : 0;
      state.by = years > 25 ? 'year' : 'month';
      setupFilters(meta);
      return applyFilter();
    }).catch(function (e) { showNotice(e.message); }).then(function () {
      document.body.removeAttribute('data-loading');
      document.body.setAttribute('data-ready', 'true');
    });
  }

  start();
})();
