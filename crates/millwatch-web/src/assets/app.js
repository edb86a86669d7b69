// millwatch UI scripts: the graph view (operations, records and selectors, expanded on
// click) and the progress of background jobs. Served by millwatch itself; no framework.
// Labels are set with textContent only.
'use strict';
(function () {
  const box = document.getElementById('graph');
  if (!box) return;
  const svg = document.getElementById('graph-svg');
  const info = document.getElementById('graph-info');
  const NS = 'http://www.w3.org/2000/svg';
  const nodes = new Map();
  const edges = new Map();
  let W = box.clientWidth || 900, H = box.clientHeight || 600;

  function add(n, near, i, count) {
    if (nodes.has(n.id)) return nodes.get(n.id);
    // New neighbours start on a ring around the node they came from.
    const a = 2 * Math.PI * (i || 0) / Math.max(1, count || 1) + Math.random() * 0.2;
    const r = 50 + 4 * (count || 0);
    const x = near ? near.x + r * Math.cos(a) : W / 2, y = near ? near.y + r * Math.sin(a) : H / 2;
    const v = { id: n.id, kind: n.kind, label: n.label, href: n.href, x, y, vx: 0, vy: 0, expanded: false };
    nodes.set(n.id, v);
    return v;
  }

  async function expand(id) {
    const res = await fetch('/api/neighbours?node=' + encodeURIComponent(id), { credentials: 'same-origin' });
    if (!res.ok) { info.textContent = 'Could not expand this node.'; return; }
    const data = await res.json();
    const c = add(data.node, null);
    c.expanded = true;
    data.neighbours.forEach((n, i) => {
      const v = add(n, c, i, data.neighbours.length);
      const key = c.id < v.id ? c.id + '|' + v.id : v.id + '|' + c.id;
      edges.set(key, [c.id, v.id]);
    });
    info.textContent = nodes.size + ' nodes, ' + edges.size + ' links. Expanded: ' + c.label;
    settle(200);
  }

  function settle(steps) {
    const vs = [...nodes.values()];
    for (let s = 0; s < steps; s++) {
      for (let i = 0; i < vs.length; i++) for (let j = i + 1; j < vs.length; j++) {
        const a = vs[i], b = vs[j];
        let dx = a.x - b.x, dy = a.y - b.y, d2 = dx * dx + dy * dy + 0.01;
        if (d2 > 90000) continue;
        const f = 900 / d2; dx *= f; dy *= f;
        a.vx += dx; a.vy += dy; b.vx -= dx; b.vy -= dy;
      }
      for (const [p, q] of edges.values()) {
        const a = nodes.get(p), b = nodes.get(q);
        const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) + 0.01;
        const f = (d - 70) * 0.05;
        a.vx += dx / d * f; a.vy += dy / d * f; b.vx -= dx / d * f; b.vy -= dy / d * f;
      }
      for (const v of vs) {
        v.vx += (W / 2 - v.x) * 0.002; v.vy += (H / 2 - v.y) * 0.002;
        v.x += Math.max(-10, Math.min(10, v.vx)); v.y += Math.max(-10, Math.min(10, v.vy));
        v.vx *= 0.6; v.vy *= 0.6;
      }
    }
    fit(vs);
    draw();
  }

  // Zoom out to show every node instead of piling them on the edges.
  function fit(vs) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const v of vs) { x0 = Math.min(x0, v.x); y0 = Math.min(y0, v.y); x1 = Math.max(x1, v.x); y1 = Math.max(y1, v.y); }
    if (!isFinite(x0)) return;
    const pad = 40, labels = 140;
    let w = Math.max(W, x1 - x0 + 2 * pad + labels), h = Math.max(H, y1 - y0 + 2 * pad);
    const scale = Math.max(w / W, h / H);
    w = W * scale; h = H * scale;
    const cx = (x0 + x1 + labels) / 2, cy = (y0 + y1) / 2;
    svg.setAttribute('viewBox', (cx - w / 2) + ' ' + (cy - h / 2) + ' ' + w + ' ' + h);
  }

  function el(name, attrs) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }

  function draw() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    for (const [p, q] of edges.values()) {
      const a = nodes.get(p), b = nodes.get(q);
      svg.appendChild(el('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y }));
    }
    for (const v of nodes.values()) {
      const g = el('g', { class: 'node ' + (v.kind === 'operation' || v.kind === 'record' ? v.kind : 'selector') + (v.expanded ? ' expanded' : ''), transform: 'translate(' + v.x + ',' + v.y + ')', 'data-id': v.id });
      let shape;
      if (v.kind === 'operation') shape = el('path', { d: 'M0,-10 L10,0 L0,10 L-10,0 Z' });
      else if (v.kind === 'record') shape = el('rect', { x: -6, y: -6, width: 12, height: 12 });
      else shape = el('circle', { r: 7 });
      g.appendChild(shape);
      const t = el('text', { x: 10, y: 4 });
      // Records are numbered; their kind is in the tooltip.
      const text = v.kind === 'record' ? v.label.split(' ')[0] : v.label;
      t.textContent = text.length > 40 ? text.slice(0, 39) + '…' : text;
      g.appendChild(t);
      const title = el('title', {});
      title.textContent = v.label;
      g.appendChild(title);
      g.addEventListener('click', () => { if (!v.expanded) expand(v.id); });
      g.addEventListener('dblclick', () => {
        if (v.href.startsWith('/') && !v.href.startsWith('//')) window.location.assign(v.href);
      });
      svg.appendChild(g);
    }
  }

  const start = box.getAttribute('data-node');
  if (start) expand(start); else info.textContent = 'Open the graph from an operation, record or selector page.';
})();

// Job progress: poll the status until the job ends, then reload to show the result the
// server renders (files, records, problems, operations).
(function () {
  const job = document.getElementById('job');
  if (!job) return;
  const id = job.getAttribute('data-job');
  const bar = document.getElementById('job-bar');
  const state = document.getElementById('job-state');
  const stage = document.getElementById('job-stage');
  const elapsed = document.getElementById('job-elapsed');
  const files = document.getElementById('job-files');
  function size(n) {
    if (n >= 1048576) return (n / 1048576).toFixed(1).replace(/\.0$/, '') + ' MB';
    if (n >= 1024) return (n / 1024).toFixed(1) + ' kB';
    return n + ' bytes';
  }
  function show(s) {
    bar.value = Math.round(100 * s.step / Math.max(1, s.steps));
    state.textContent = s.state;
    state.className = 'badge ' + s.state;
    job.className = 'job ' + s.state;
    stage.textContent = s.state === 'running' ? s.stage : '';
    elapsed.textContent = (s.elapsed_ms / 1000).toFixed(1) + ' s';
    if (files && s.files) {
      const f = s.files;
      files.textContent = f.files_done + ' of ' + f.files_total + ' files \u00b7 ' +
        size(f.bytes_done) + ' of ' + size(f.bytes_total);
    }
  }
  async function poll() {
    try {
      const res = await fetch('/api/jobs/' + encodeURIComponent(id), { credentials: 'same-origin' });
      if (res.ok) {
        const s = await res.json();
        show(s);
        if (s.state !== 'running') { window.location.reload(); return; }
      }
    } catch (e) { /* the server may be busy; try again */ }
    setTimeout(poll, 400);
  }
  if (job.classList.contains('running')) poll();
})();
