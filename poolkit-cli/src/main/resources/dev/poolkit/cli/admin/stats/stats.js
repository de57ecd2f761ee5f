// The poolkit stats page: polls the admin endpoint's JSON and redraws in place. No dependencies.
(function () {
  'use strict';

  // The token comes once in the page's URL (?token=...); it is kept in memory only and taken
  // out of the address bar so that it is not bookmarked or shared by accident.
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token');
  const refreshMs = Math.max(200, parseInt(params.get('refresh') || '2000', 10) || 2000);
  if (token !== null) {
    params.delete('token');
    const query = params.toString();
    window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
  }

  const SAMPLES = 90;
  const samples = []; // {requests, errors} per second, oldest first
  let previous = null; // {time, requests, errors} totals of the last refresh
  let timer = null;

  function api(method, path) {
    const headers = {};
    if (token) {
      headers.Authorization = 'Bearer ' + token;
    }
    return fetch(path, {method: method, headers: headers, cache: 'no-store'}).then(function (response) {
      return response.text().then(function (text) {
        let body = null;
        try {
          body = text ? JSON.parse(text) : null;
        } catch (e) {
          body = null;
        }
        if (!response.ok) {
          throw new Error(method + ' ' + path + ': ' + ((body && body.error) || ('HTTP ' + response.status)));
        }
        return body;
      });
    });
  }

  // /hosts and /pools may be a list, or an object holding it beside context fields.
  function listOf(body, key) {
    if (Array.isArray(body)) {
      return body;
    }
    return body && Array.isArray(body[key]) ? body[key] : [];
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function badge(cell, text) {
    let span = cell.firstChild;
    if (!span) {
      span = cell.appendChild(el('span'));
    }
    span.className = 'badge ' + String(text).toLowerCase();
    span.textContent = text;
  }

  function number(value) {
    return typeof value === 'number' ? value.toLocaleString('en-US') : '-';
  }

  // Rows are kept per key and updated in place, so that a button is never replaced under the
  // operator's pointer by a refresh.
  function syncRows(tbody, keys, create) {
    const wanted = new Set(keys);
    Array.from(tbody.rows).forEach(function (row) {
      if (!wanted.has(row.dataset.key)) {
        tbody.removeChild(row);
      }
    });
    const rows = {};
    Array.from(tbody.rows).forEach(function (row) {
      rows[row.dataset.key] = row;
    });
    keys.forEach(function (key) {
      let row = rows[key];
      if (!row) {
        row = create(key);
        row.dataset.key = key;
        rows[key] = row;
      }
      tbody.appendChild(row); // keeps the endpoint's order
    });
    return rows;
  }

  function actionButton(label, action, onClick) {
    const button = el('button', 'action', label);
    button.type = 'button';
    button.dataset.action = action;
    button.addEventListener('click', function () {
      button.disabled = true;
      onClick().then(refresh, showError).then(function () {
        button.disabled = false;
      });
    });
    return button;
  }

  function newBackendRow(host) {
    const row = el('tr');
    row.dataset.host = host;
    const names = ['host', 'state', 'monitor', 'latency num', 'score num', 'share', 'requests num',
      'failures num', 'size num', 'idle num', 'leased num', 'waiting num', 'actions'];
    names.forEach(function (name) {
      row.appendChild(el('td', name));
    });
    row.cells[0].textContent = host;
    const share = row.cells[5];
    const bar = share.appendChild(el('div', 'share-bar'));
    bar.appendChild(el('div', 'bar')).appendChild(el('div', 'fill'));
    bar.appendChild(el('span', 'pct'));
    const actions = row.cells[12];
    const segment = encodeURIComponent(host).replace(/%3A/g, ':');
    actions.appendChild(actionButton('Disable', 'disable', function () {
      return api('POST', 'hosts/' + segment + '/disable');
    }));
    actions.appendChild(actionButton('Enable', 'enable', function () {
      return api('POST', 'hosts/' + segment + '/enable');
    }));
    return row;
  }

  function renderBackends(hosts, pools, monitors) {
    const poolsByHost = {};
    pools.forEach(function (p) {
      poolsByHost[p.host] = p;
    });
    const tbody = document.querySelector('#backends tbody');
    const rows = syncRows(tbody, hosts.map(function (h) {
      return h.host;
    }), newBackendRow);
    document.getElementById('no-backends').hidden = hosts.length > 0;
    hosts.forEach(function (h) {
      const cells = rows[h.host].cells;
      const monitor = monitors[h.host];
      const pool = poolsByHost[h.host] || h.pool || {};
      const enabled = h.enabled !== false;
      badge(cells[1], enabled ? 'enabled' : 'disabled');
      badge(cells[2], h.monitor || (monitor ? monitor.status : 'none'));
      cells[3].textContent = monitor ? monitor.latency : '-';
      cells[4].textContent = typeof h.score === 'number' && h.score >= 0 ? h.score.toFixed(3) : '-';
      const pct = typeof h.share === 'number' ? (100 * h.share).toFixed(1) + '%' : '-';
      cells[5].querySelector('.fill').style.width = typeof h.share === 'number' ? (100 * h.share) + '%' : '0';
      cells[5].querySelector('.pct').textContent = pct;
      cells[6].textContent = number(h.requests);
      cells[7].textContent = number((h.getFailures || 0) + (h.failures || 0));
      cells[8].textContent = typeof pool.size === 'number' ? pool.size + ' / ' + pool.maxSize : '-';
      cells[9].textContent = number(pool.idle);
      cells[10].textContent = number(pool.leased);
      cells[11].textContent = number(pool.waiting);
      cells[12].querySelector('[data-action=disable]').hidden = !enabled;
      cells[12].querySelector('[data-action=enable]').hidden = enabled;
    });
  }

  function newMonitorRow(name) {
    const row = el('tr');
    row.dataset.monitor = name;
    ['name', 'status', 'latency num', 'uptime num', 'downtime num', 'message', 'actions'].forEach(function (c) {
      row.appendChild(el('td', c));
    });
    row.cells[0].textContent = name;
    const segment = encodeURIComponent(name).replace(/%3A/g, ':');
    ['start', 'stop', 'restart'].forEach(function (verb) {
      const label = verb.charAt(0).toUpperCase() + verb.slice(1);
      row.cells[6].appendChild(actionButton(label, verb, function () {
        return api('POST', 'monitors/' + segment + '/' + verb);
      }));
    });
    return row;
  }

  function renderMonitors(monitors) {
    const names = Object.keys(monitors);
    const rows = syncRows(document.querySelector('#monitors tbody'), names, newMonitorRow);
    document.getElementById('no-monitors').hidden = names.length > 0;
    names.forEach(function (name) {
      const m = monitors[name];
      const cells = rows[name].cells;
      badge(cells[1], m.status);
      cells[2].textContent = m.latency;
      cells[3].textContent = m.uptime;
      cells[4].textContent = m.downtime;
      cells[5].textContent = m.message;
    });
  }

  function renderContext(body) {
    const parts = [];
    if (body && !Array.isArray(body)) {
      if (body.service) {
        parts.push('service ' + body.service);
      }
      if (body.strategy) {
        parts.push('strategy ' + body.strategy);
      }
      if (body.listen) {
        parts.push('listening on ' + body.listen);
      }
    }
    document.getElementById('service').textContent = parts.join(' \u00b7 ');
    document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString('en-GB');
  }

  function sample(hosts) {
    const now = performance.now();
    let requests = 0;
    let errors = 0;
    hosts.forEach(function (h) {
      requests += h.requests || 0;
      errors += (h.getFailures || 0) + (h.failures || 0);
    });
    if (previous && now > previous.time) {
      const seconds = (now - previous.time) / 1000;
      samples.push({
        requests: Math.max(0, requests - previous.requests) / seconds,
        errors: Math.max(0, errors - previous.errors) / seconds
      });
      if (samples.length > SAMPLES) {
        samples.shift();
      }
    }
    previous = {time: now, requests: requests, errors: errors};
  }

  function drawChart() {
    const canvas = document.getElementById('chart');
    const ctx = canvas.getContext('2d');
    const w = canvas.width;
    const h = canvas.height;
    const left = 44;
    const bottom = h - 18;
    const top = 10;
    ctx.clearRect(0, 0, w, h);
    let max = 1;
    samples.forEach(function (s) {
      max = Math.max(max, s.requests, s.errors);
    });
    max = niceCeiling(max);
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = '#687385';
    ctx.strokeStyle = '#dde2ea';
    ctx.lineWidth = 1;
    [0, 0.5, 1].forEach(function (f) {
      const y = bottom - f * (bottom - top);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(w, y);
      ctx.stroke();
      ctx.fillText(formatRate(max * f), 2, y + 4);
    });
    ctx.fillText('last ' + Math.round(SAMPLES * refreshMs / 1000) + ' s', left, h - 4);
    const step = (w - left) / (SAMPLES - 1);
    const x0 = left + (SAMPLES - samples.length) * step;
    [['requests', '#2f6fdf'], ['errors', '#d0342c']].forEach(function (series) {
      ctx.strokeStyle = series[1];
      ctx.lineWidth = 2;
      ctx.beginPath();
      samples.forEach(function (s, i) {
        const x = x0 + i * step;
        const y = bottom - (s[series[0]] / max) * (bottom - top);
        if (i === 0) {
          ctx.moveTo(x, y);
        } else {
          ctx.lineTo(x, y);
        }
      });
      ctx.stroke();
    });
    const last = samples[samples.length - 1];
    document.getElementById('rate-requests').textContent = last ? formatRate(last.requests) : '-';
    document.getElementById('rate-errors').textContent = last ? formatRate(last.errors) : '-';
  }

  function niceCeiling(value) {
    const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    const steps = [1, 2, 5, 10];
    for (let i = 0; i < steps.length; i++) {
      if (value <= steps[i] * magnitude) {
        return steps[i] * magnitude;
      }
    }
    return 10 * magnitude;
  }

  function formatRate(value) {
    return value >= 100 ? Math.round(value).toString() : value.toFixed(1);
  }

  function showError(error) {
    const box = document.getElementById('error');
    box.textContent = error ? String(error.message || error) : '';
    box.hidden = !error;
  }

  function refresh() {
    return Promise.allSettled([api('GET', 'hosts'), api('GET', 'pools'), api('GET', 'monitors')]).then(function (r) {
      const failed = r.filter(function (x) {
        return x.status === 'rejected';
      });
      const hostsBody = r[0].status === 'fulfilled' ? r[0].value : null;
      const hosts = listOf(hostsBody, 'hosts');
      const pools = r[1].status === 'fulfilled' ? listOf(r[1].value, 'pools') : [];
      const monitors = r[2].status === 'fulfilled' && r[2].value ? r[2].value : {};
      renderContext(hostsBody);
      renderBackends(hosts, pools, monitors);
      renderMonitors(monitors);
      if (r[0].status === 'fulfilled') {
        sample(hosts);
      }
      drawChart();
      showError(failed.length ? failed[0].reason : null);
      document.body.dataset.refreshed = String((parseInt(document.body.dataset.refreshed || '0', 10)) + 1);
    });
  }

  function loop() {
    refresh().finally(function () {
      timer = window.setTimeout(loop, refreshMs);
    });
  }

  window.addEventListener('pagehide', function () {
    window.clearTimeout(timer);
  });
  loop();
}());
