// Live charts of the starter's meters, fed from the actuator's Prometheus scrape (one request per second).
// Counters become rates by differencing consecutive scrapes; every endpoint (uri tag) is one series.
(() => {
  'use strict';

  const SCRAPE_URL = '/actuator/prometheus';
  const PERIOD_MS = 1000;
  const WINDOW_S = 60; // the time axis always shows the last minute, labelled with wall-clock times
  const WINDOW = WINDOW_S + 1; // points kept per chart

  // Prometheus text format: `name{label="value",...} number` (comments and blank lines skipped).
  function parseScrape(text) {
    const samples = [];
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
      if (!m) continue;
      const labels = {};
      if (m[3]) {
        for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
      }
      samples.push({ name: m[1], labels, value: Number(m[4]) });
    }
    return samples;
  }

  // Sums a metric per uri (over the other labels, such as type or code).
  function perUri(samples, name) {
    const out = new Map();
    for (const s of samples) {
      if (s.name !== name || s.labels.uri === undefined) continue;
      out.set(s.labels.uri, (out.get(s.labels.uri) || 0) + s.value);
    }
    return out;
  }

  const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4d7c0f', '#be185d'];
  const charts = {};
  let uris = [];
  let times = [];
  const series = { connections: new Map(), messages: new Map(), bytes: new Map() };
  let previous = null;

  // 21:04:30: wall-clock time of day in the browser's zone, never uPlot's sub-minute ":06.400" style.
  const clock = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  let timeLabels = [];
  function clockLabels(u, splits) {
    timeLabels = splits.map(t => clock.format(new Date(t * 1000)));
    return timeLabels;
  }

  // A rolling minute ending at the latest scrape, so the axis neither jumps nor zooms as points arrive.
  function lastMinute() {
    const end = times.length ? times[times.length - 1] : Date.now() / 1000;
    return [end - WINDOW_S, end];
  }

  function makeChart(key, unit) {
    const el = document.getElementById('chart-' + key);
    el.innerHTML = '';
    const opts = {
      width: Math.max(320, el.clientWidth || 520),
      height: 220,
      scales: { x: { time: true, range: lastMinute } },
      axes: [{ space: 70, incrs: [5, 10, 15, 20, 30, 60], values: clockLabels }, { label: unit, size: 60 }],
      series: [{}].concat(uris.map((u, i) => ({ label: u, stroke: COLORS[i % COLORS.length], width: 2 }))),
    };
    charts[key] = new uPlot(opts, [times].concat(uris.map(u => series[key].get(u))), el);
  }

  function rebuild() {
    makeChart('connections', 'connections');
    makeChart('messages', 'msg/s');
    makeChart('bytes', 'B/s');
  }

  function push(key, uri, value) {
    // times already holds this tick: a new series starts with gaps for the ticks before it.
    if (!series[key].has(uri)) series[key].set(uri, new Array(times.length - 1).fill(null));
    const arr = series[key].get(uri);
    arr.push(value);
    while (arr.length > times.length) arr.shift();
  }

  function renderTotals(samples) {
    const cols = [
      'websocket_server_connections_active', 'websocket_server_connections_opened_total',
      'websocket_server_messages_received_total', 'websocket_server_messages_sent_total',
      'websocket_server_data_received_bytes_total', 'websocket_server_data_sent_bytes_total',
      'websocket_server_closes_total', 'websocket_server_errors_total',
    ].map(n => perUri(samples, n));
    const body = document.querySelector('#totals tbody');
    body.innerHTML = '';
    for (const uri of uris) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.textContent = uri;
      tr.appendChild(th);
      for (const col of cols) {
        const td = document.createElement('td');
        td.textContent = String(col.get(uri) || 0);
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  async function tick() {
    const status = document.getElementById('status');
    let samples;
    try {
      const res = await fetch(SCRAPE_URL, { headers: { Accept: 'text/plain' } });
      if (!res.ok) throw new Error('HTTP ' + res.status);
      samples = parseScrape(await res.text());
      status.textContent = 'live';
      status.className = 'status ok';
    } catch (e) {
      status.textContent = 'scrape failed: ' + e.message;
      status.className = 'status error';
      return;
    }
    const now = Date.now() / 1000;
    const active = perUri(samples, 'websocket_server_connections_active');
    const messages = perUri(samples, 'websocket_server_messages_received_total');
    for (const [u, v] of perUri(samples, 'websocket_server_messages_sent_total')) messages.set(u, (messages.get(u) || 0) + v);
    const bytes = perUri(samples, 'websocket_server_data_received_bytes_total');
    for (const [u, v] of perUri(samples, 'websocket_server_data_sent_bytes_total')) bytes.set(u, (bytes.get(u) || 0) + v);

    const seen = [...new Set([...active.keys(), ...messages.keys()])].sort();
    const grew = seen.some(u => !uris.includes(u));
    if (grew) uris = [...new Set([...uris, ...seen])].sort();

    times.push(now);
    while (times.length > WINDOW || (times.length > 1 && times[0] < now - WINDOW_S)) times.shift();
    const dt = previous ? now - previous.time : null;
    for (const u of uris) {
      push('connections', u, active.get(u) || 0);
      const rate = (map, prevMap) => dt && prevMap.has(u) ? Math.max(0, ((map.get(u) || 0) - prevMap.get(u)) / dt) : null;
      push('messages', u, previous ? rate(messages, previous.messages) : null);
      push('bytes', u, previous ? rate(bytes, previous.bytes) : null);
    }
    previous = { time: now, messages, bytes };

    if (grew || !charts.connections) {
      rebuild();
    } else {
      for (const key of Object.keys(charts)) charts[key].setData([times].concat(uris.map(u => series[key].get(u))));
    }
    renderTotals(samples);
  }

  // For tests and curious users: what the charts currently hold.
  window.wsDashboard = {
    endpoints: () => uris.slice(),
    points: () => times.length,
    timeRange: () => charts.connections ? [charts.connections.scales.x.min, charts.connections.scales.x.max] : [],
    timeLabels: () => timeLabels.slice(),
    latest: (key, uri) => {
      const arr = series[key].get(uri);
      return arr ? arr.filter(v => v !== null) : [];
    },
  };

  tick();
  setInterval(tick, PERIOD_MS);
})();
