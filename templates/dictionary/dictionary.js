// The dictionary's table: search, filters, sorting, columns, CSV download and the state in the
// URL, over the rows of assets/data.js. Plain JavaScript written for this page, no framework
// and no build step: the site must open from disk (file://) and from any static host, and the
// project builds without npm. Only the first rows are put in the page (more on request), so
// each keystroke filters every row but draws few.
(function () {
  'use strict';

  var DATA = window.EVENTDEF_DICTIONARY || { metrics: [], events: [], has_stages: false };
  var PAGE = 100;

  // Columns (shown by default or not), the fields searched, and the facets of each view.
  var VIEWS = {
    metrics: {
      noun: 'metrics',
      rows: DATA.metrics,
      name: 'key_path',
      columns: [
        ['key_path', 'Key path', true], ['description', 'Description', true], ['group', 'Group', true],
        ['data_source', 'Data source', true], ['status', 'Status', true], ['time_frame', 'Time frame', true],
        ['tiers', 'Tiers', true], ['milestone', 'Milestone', true], ['section', 'Section', false],
        ['stage', 'Stage', false], ['categories', 'Feature categories', false],
        ['data_category', 'Data category', false], ['performance_indicator_type', 'Performance indicator', false],
        ['edition', 'CE/EE', false], ['events', 'Events', false], ['problems', 'Problems', false], ['file', 'File', false]
      ],
      search: ['key_path', 'description', 'events'],
      facets: [
        ['section', 'Section', true], ['stage', 'Stage', true], ['group', 'Product group'],
        ['categories', 'Feature category'], ['data_source', 'Data source'], ['status', 'Status'],
        ['time_frame', 'Time frame'], ['tiers', 'Tier'], ['data_category', 'Data category'],
        ['performance_indicator_type', 'Performance indicator'], ['edition', 'CE/EE'],
        ['lifecycle', 'Lifecycle'], ['has_problems', 'Problems']
      ]
    },
    events: {
      noun: 'events',
      rows: DATA.events,
      name: 'action',
      columns: [
        ['action', 'Action', true], ['description', 'Description', true], ['identifiers', 'Identifiers', true],
        ['properties', 'Additional properties', true], ['group', 'Group', true], ['categories', 'Feature categories', false],
        ['tiers', 'Tiers', true], ['status', 'Status', false], ['classification', 'Classification', false],
        ['kind', 'Internal or legacy', true], ['milestone', 'Milestone', false], ['metrics', 'Metrics', false],
        ['section', 'Section', false], ['stage', 'Stage', false], ['edition', 'CE/EE', false],
        ['problems', 'Problems', false], ['file', 'File', false]
      ],
      search: ['action', 'description', 'properties'],
      facets: [
        ['section', 'Section', true], ['stage', 'Stage', true], ['group', 'Product group'],
        ['categories', 'Feature category'], ['identifiers', 'Identifier'], ['properties', 'Property'],
        ['tiers', 'Tier'], ['status', 'Status'], ['classification', 'Classification'],
        ['kind', 'Internal or legacy'], ['edition', 'CE/EE'], ['lifecycle', 'Lifecycle'],
        ['has_problems', 'Problems']
      ]
    }
  };
  var RESERVED = ['view', 'q', 'sort', 'dir', 'cols', 'from', 'to'];

  function $(id) { return document.getElementById(id); }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // A definition's link (`definition.html?id=…`), percent-encoded by the build.
  function pageHref(page) {
    return page;
  }

  // `16.10` → 16010, so milestones sort and compare as numbers; `<16.0` counts as 16.0.
  function milestoneNumber(text) {
    var m = /^<?(\d+)\.(\d+)$/.exec(text || '');
    return m ? Number(m[1]) * 1000 + Number(m[2]) : -1;
  }

  function valuesOf(row, key) {
    if (key === 'has_problems') return [row.problems > 0 ? 'with problems' : 'without problems'];
    if (key === 'lifecycle') return [row.lifecycle || 'current'];
    var v = row[key];
    if (Array.isArray(v)) return v.length ? v : [''];
    return [v === undefined || v === null ? '' : String(v)];
  }

  function cellText(row, key) {
    var v = row[key];
    if (Array.isArray(v)) return v.join(', ');
    return v === undefined || v === null ? '' : String(v);
  }

  // Prepared once per view: each row's searched text, lower case.
  Object.keys(VIEWS).forEach(function (name) {
    var view = VIEWS[name];
    view.haystacks = view.rows.map(function (row) {
      return view.search.map(function (k) { return cellText(row, k); }).join('\n').toLowerCase();
    });
    view.milestones = view.rows.map(function (row) { return milestoneNumber(row.milestone); });
    view.facets = view.facets.filter(function (f) { return !f[2] || DATA.has_stages; });
    view.counts = {};
    view.facets.forEach(function (f) {
      var counts = {};
      view.rows.forEach(function (row) {
        valuesOf(row, f[0]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      view.counts[f[0]] = counts;
    });
    var ms = {};
    view.rows.forEach(function (row) { if (row.milestone) ms[row.milestone] = true; });
    view.allMilestones = Object.keys(ms).sort(function (a, b) { return milestoneNumber(a) - milestoneNumber(b); });
  });

  var state = { view: 'metrics', q: '', filters: {}, from: '', to: '', sort: '', dir: 'asc', cols: null, shown: PAGE };
  var current = [];
  var ownHashChange = false;
  window.__dictionaryTimings = { updates: [] };

  function readState() {
    var params = new URLSearchParams(location.search);
    if (location.hash.length > 1) {
      new URLSearchParams(location.hash.slice(1)).forEach(function (v, k) { params.set(k, v); });
    }
    state.view = params.get('view') === 'events' ? 'events' : 'metrics';
    state.q = params.get('q') || '';
    state.from = params.get('from') || '';
    state.to = params.get('to') || '';
    state.sort = params.get('sort') || '';
    state.dir = params.get('dir') === 'desc' ? 'desc' : 'asc';
    state.cols = params.get('cols') ? params.get('cols').split(',') : null;
    state.filters = {};
    var view = VIEWS[state.view];
    view.facets.forEach(function (f) {
      if (params.has(f[0])) state.filters[f[0]] = params.get(f[0]);
    });
  }

  function writeState() {
    var params = new URLSearchParams();
    if (state.view !== 'metrics') params.set('view', state.view);
    if (state.q) params.set('q', state.q);
    Object.keys(state.filters).forEach(function (k) { params.set(k, state.filters[k]); });
    if (state.from) params.set('from', state.from);
    if (state.to) params.set('to', state.to);
    if (state.sort) { params.set('sort', state.sort); params.set('dir', state.dir); }
    if (state.cols) params.set('cols', state.cols.join(','));
    var query = params.toString();
    var url = location.pathname + (query ? '?' + query : '');
    try {
      history.replaceState(null, '', url);
    } catch (e) {
      // Some browsers refuse to change a file:// address; the fragment always works.
      ownHashChange = true;
      location.hash = query;
    }
  }

  function visibleColumns() {
    var view = VIEWS[state.view];
    return view.columns.filter(function (c) {
      return state.cols ? state.cols.indexOf(c[0]) >= 0 || c[0] === view.name : c[2];
    });
  }

  function matches(view, i, words) {
    var row = view.rows[i];
    var hay = view.haystacks[i];
    for (var w = 0; w < words.length; w++) {
      if (hay.indexOf(words[w]) < 0) return false;
    }
    for (var key in state.filters) {
      if (valuesOf(row, key).indexOf(state.filters[key]) < 0) return false;
    }
    var m = view.milestones[i];
    if (state.from && (m < 0 || m < milestoneNumber(state.from))) return false;
    if (state.to && (m < 0 || m > milestoneNumber(state.to))) return false;
    return true;
  }

  function compute() {
    var view = VIEWS[state.view];
    var words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    var found = [];
    for (var i = 0; i < view.rows.length; i++) {
      if (matches(view, i, words)) found.push(i);
    }
    if (state.sort) {
      var key = state.sort;
      var sign = state.dir === 'desc' ? -1 : 1;
      var keyOf = key === 'milestone'
        ? function (i) { return view.milestones[i]; }
        : key === 'problems'
          ? function (i) { return view.rows[i].problems; }
          : function (i) { return cellText(view.rows[i], key).toLowerCase(); };
      var keys = {};
      found.forEach(function (i) { keys[i] = keyOf(i); });
      found.sort(function (a, b) {
        var x = keys[a], y = keys[b];
        return x < y ? -sign : x > y ? sign : a - b;
      });
    }
    current = found;
  }

  function renderHead() {
    var cols = visibleColumns();
    $('table').querySelector('thead').innerHTML = '<tr>' + cols.map(function (c) {
      var sorted = state.sort === c[0];
      var aria = sorted ? ' aria-sort="' + (state.dir === 'desc' ? 'descending' : 'ascending') + '"' : '';
      var arrow = sorted ? (state.dir === 'desc' ? ' ▼' : ' ▲') : '';
      return '<th scope="col" class="col-' + c[0] + '"' + aria + '><button type="button" data-sort="' + c[0] + '">' +
        escapeHtml(c[1]) + '<span aria-hidden="true">' + arrow + '</span></button></th>';
    }).join('') + '</tr>';
  }

  function renderCell(row, key, view) {
    var text = cellText(row, key);
    if (key === view.name) {
      var badge = row.lifecycle ? ' <span class="badge ' + row.lifecycle + '">' + row.lifecycle + '</span>' : '';
      return '<th scope="row" class="col-' + key + '"><a class="row-link" href="' + escapeHtml(pageHref(row.page)) + '">' +
        escapeHtml(text) + '</a>' + badge + '</th>';
    }
    if (key === 'description') return '<td class="col-description"><div class="clamp" dir="auto">' + escapeHtml(text) + '</div></td>';
    return '<td class="col-' + key + '">' + escapeHtml(text) + '</td>';
  }

  function renderBody() {
    var view = VIEWS[state.view];
    var cols = visibleColumns();
    var html = [];
    var end = Math.min(current.length, state.shown);
    for (var n = 0; n < end; n++) {
      var row = view.rows[current[n]];
      html.push('<tr>' + cols.map(function (c) { return renderCell(row, c[0], view); }).join('') + '</tr>');
    }
    $('table').querySelector('tbody').innerHTML = html.join('');
    var total = view.rows.length;
    $('status').textContent = current.length === total
      ? total + ' ' + view.noun
      : current.length + ' of ' + total + ' ' + view.noun + ' match';
    $('more').hidden = end >= current.length;
    $('more').textContent = 'Show more (' + (current.length - end) + ' left)';
    $('caption').textContent = 'The ' + view.noun + (current.length === total ? '' : ' matching the search and filters');
  }

  function update() {
    var start = performance.now();
    state.shown = PAGE;
    compute();
    renderBody();
    var took = performance.now() - start;
    window.__dictionaryTimings.last = took;
    window.__dictionaryTimings.updates.push(took);
  }

  function option(value, label, selected) {
    return '<option value="' + escapeHtml(value) + '"' + (selected ? ' selected' : '') + '>' + escapeHtml(label) + '</option>';
  }

  function renderFacets() {
    var view = VIEWS[state.view];
    var html = view.facets.map(function (f) {
      var counts = view.counts[f[0]];
      var values = Object.keys(counts).sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; });
      var chosen = state.filters[f[0]];
      return '<label>' + escapeHtml(f[1]) + '<select name="' + f[0] + '" data-facet="' + f[0] + '">' +
        option('', 'All', chosen === undefined) +
        values.map(function (v) { return option(v, (v || '(none)') + ' (' + counts[v] + ')', chosen === v); }).join('') +
        '</select></label>';
    });
    var ms = view.allMilestones;
    html.push('<fieldset class="range"><legend>Milestone</legend>' +
      '<label>From<select name="from" data-range="from">' + option('', 'Any', !state.from) +
      ms.map(function (m) { return option(m, m, state.from === m); }).join('') + '</select></label>' +
      '<label>To<select name="to" data-range="to">' + option('', 'Any', !state.to) +
      ms.map(function (m) { return option(m, m, state.to === m); }).join('') + '</select></label></fieldset>');
    $('facets').innerHTML = html.join('');
  }

  function renderColumns() {
    var view = VIEWS[state.view];
    var shown = visibleColumns().map(function (c) { return c[0]; });
    $('columns').innerHTML = '<legend class="visually-hidden">Columns shown</legend>' + view.columns.map(function (c) {
      var fixed = c[0] === view.name;
      return '<label><input type="checkbox" data-column="' + c[0] + '"' + (shown.indexOf(c[0]) >= 0 ? ' checked' : '') +
        (fixed ? ' disabled' : '') + '> ' + escapeHtml(c[1]) + '</label>';
    }).join('');
  }

  function renderView() {
    $('view-metrics').setAttribute('aria-pressed', String(state.view === 'metrics'));
    $('view-events').setAttribute('aria-pressed', String(state.view === 'events'));
    $('search').value = state.q;
    $('search').placeholder = state.view === 'metrics'
      ? 'Search key paths, descriptions, events (press /)'
      : 'Search actions, descriptions, properties (press /)';
    renderFacets();
    renderColumns();
    renderHead();
    update();
  }

  // CSV of the rows that match, with the columns shown. Cells that a spreadsheet would run as
  // a formula (=, +, -, @ first) get a leading apostrophe.
  function csv() {
    var view = VIEWS[state.view];
    var cols = visibleColumns();
    var quote = function (text) {
      if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
      return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    };
    var lines = [cols.map(function (c) { return quote(c[1]); }).join(',')];
    current.forEach(function (i) {
      var row = view.rows[i];
      lines.push(cols.map(function (c) { return quote(cellText(row, c[0])); }).join(','));
    });
    return lines.join('\r\n') + '\r\n';
  }

  function download() {
    var blob = new Blob([csv()], { type: 'text/csv;charset=utf-8' });
    var link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = state.view + '.csv';
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
  }

  function rowLinks() {
    return Array.prototype.slice.call($('table').querySelectorAll('tbody a.row-link'));
  }

  function bind() {
    $('search').addEventListener('input', function () {
      state.q = this.value;
      update();
      writeState();
    });
    $('search').addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        var links = rowLinks();
        if (links.length) { e.preventDefault(); links[0].focus(); }
      }
    });
    $('facets').addEventListener('change', function (e) {
      var el = e.target;
      if (el.dataset.facet) {
        if (el.value === '' && el.selectedIndex === 0) delete state.filters[el.dataset.facet];
        else state.filters[el.dataset.facet] = el.value;
      } else if (el.dataset.range) {
        state[el.dataset.range] = el.value;
      }
      update();
      writeState();
    });
    $('facets').addEventListener('submit', function (e) { e.preventDefault(); });
    $('columns').addEventListener('change', function (e) {
      var name = e.target.dataset.column;
      var shown = visibleColumns().map(function (c) { return c[0]; });
      if (e.target.checked && shown.indexOf(name) < 0) shown.push(name);
      if (!e.target.checked) shown = shown.filter(function (c) { return c !== name; });
      var order = VIEWS[state.view].columns.map(function (c) { return c[0]; });
      state.cols = order.filter(function (c) { return shown.indexOf(c) >= 0; });
      renderHead();
      renderBody();
      writeState();
    });
    $('table').querySelector('thead').addEventListener('click', function (e) {
      var button = e.target.closest('button[data-sort]');
      if (!button) return;
      var key = button.dataset.sort;
      state.dir = state.sort === key && state.dir === 'asc' ? 'desc' : 'asc';
      state.sort = key;
      renderHead();
      update();
      writeState();
      var again = $('table').querySelector('button[data-sort="' + key + '"]');
      if (again) again.focus();
    });
    $('table').querySelector('tbody').addEventListener('keydown', function (e) {
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
      var links = rowLinks();
      var at = links.indexOf(document.activeElement);
      if (at < 0) return;
      e.preventDefault();
      if (e.key === 'ArrowDown' && at + 1 >= links.length && !$('more').hidden) {
        $('more').click();
        links = rowLinks();
      }
      var next = e.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : at - 1;
      if (next < 0) $('search').focus();
      else links[next].focus();
    });
    $('more').addEventListener('click', function () {
      state.shown += PAGE * 5;
      renderBody();
    });
    $('download').addEventListener('click', download);
    $('reset').addEventListener('click', function () {
      state.q = '';
      state.filters = {};
      state.from = '';
      state.to = '';
      renderView();
      writeState();
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-view]'), function (button) {
      button.addEventListener('click', function () {
        if (state.view === button.dataset.view) return;
        state.view = button.dataset.view;
        state.filters = {};
        state.sort = '';
        state.cols = null;
        renderView();
        writeState();
      });
    });
    document.addEventListener('keydown', function (e) {
      var tag = (e.target.tagName || '').toLowerCase();
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && tag !== 'input' && tag !== 'select' && tag !== 'textarea') {
        e.preventDefault();
        $('search').focus();
        $('search').select();
      }
    });
    window.addEventListener('hashchange', function () {
      if (ownHashChange) { ownHashChange = false; return; }
      readState();
      renderView();
    });
  }

  readState();
  if (window.matchMedia && window.matchMedia('(max-width: 700px)').matches) $('facets-box').open = false;
  bind();
  renderView();
  window.__dictionaryTimings.ready = performance.now();
  document.documentElement.dataset.ready = 'true';
})();
