// The screenpop rule playground: plain JavaScript over the library's browser
// bundle (`screenpop.iife.js` defines the global `screenpop`). No server, no
// fetch: it works from file:// and any static host. The whole state lives in
// the page address (`#rules=…&direction=…`), so a link reproduces a session.
/* global screenpop */
(function () {
  'use strict';
  var sp = window.screenpop;
  var $ = function (id) {
    return document.getElementById(id);
  };

  var DEFAULTS = {
    rules: [
      '01 lookupCount=0 && direction=inbound => /WebResources/new_unknown_caller.html?tel={telephoneNo}',
      '02 fromParty.Key=contact && dnis=1234 => /WebResources/new_sales_cp.html',
      '03 direction=queue && fromParty.Key=contact => /WebResources/new_campaign.html',
      '04 lookupCount>=2 => /WebResources/new_choose.html',
      '10 fromParty.Key=contact, lead, account => default',
    ].join('\n'),
    direction: 'inbound',
    telephoneNo: '+353 86 856 1713',
    dnis: '1234',
    dnisName: 'Sales',
    agent: 'Dyn Crm06',
    subject: '',
    user: 'dyn.crm06',
    now: '2026-11-24T10:15:00Z',
    timeZone: 'Europe/Dublin',
    region: 'IE',
    crmUrl: 'https://contoso.crm4.dynamics.com',
    mode: 'legacy',
    records: JSON.stringify(
      {
        contact: [
          { id: 'c0ffee00-0000-4000-8000-000000000001', fullname: 'Aoife Byrne', telephone1: '086 856 1713' },
          { id: 'e79beb12-998b-e911-a825-000d3ab70627', fullname: 'ΝΕΚΤΑΡΙΑ ΚΕΦΑΛΟΝΙΚΑ', telephone1: '+30 694 618 6715' },
          { id: 'c0ffee00-0000-4000-8000-000000000002', fullname: 'Seán Murphy', telephone1: '+353 1 555 0101' },
        ],
        account: [{ id: 'a0000000-0000-4000-8000-000000000001', name: 'Murphy & Sons', telephone1: '01 555 0101' }],
      },
      null,
      1,
    ),
  };
  var FIELDS = Object.keys(DEFAULTS);

  // --- state <-> page address ------------------------------------------------

  function readState() {
    var state = {};
    var q = new URLSearchParams(location.hash.replace(/^#/, ''));
    FIELDS.forEach(function (f) {
      state[f] = q.has(f) ? q.get(f) : DEFAULTS[f];
    });
    return state;
  }

  function writeState(state) {
    var q = new URLSearchParams();
    FIELDS.forEach(function (f) {
      if (state[f] !== DEFAULTS[f]) q.set(f, state[f]);
    });
    var hash = q.toString();
    var url = location.href.replace(/#.*$/, '') + (hash ? '#' + hash : '');
    try {
      history.replaceState(null, '', url);
    } catch (e) {
      location.replace(url);
    }
    $('share').href = url;
  }

  function formState() {
    var state = {};
    FIELDS.forEach(function (f) {
      state[f] = $(f).value;
    });
    return state;
  }

  function fillForm(state) {
    FIELDS.forEach(function (f) {
      $(f).value = state[f];
    });
  }

  // --- rows from the rules box -------------------------------------------------

  /** CSV when the first non-empty line is a header naming Name and Value. */
  function looksLikeCsv(text) {
    var first = text.split(/\r?\n/).find(function (l) {
      return l.trim() !== '';
    });
    return !!first && /(^|[,;])\s*"?([a-z]+_)?name"?\s*([,;]|$)/i.test(first) && /(^|[,;])\s*"?([a-z]+_)?value"?\s*([,;]|$)/i.test(first);
  }

  /**
   * `Key value` per line; a line whose first word looks like a condition gets a
   * Key from its line number. `where[i]` is the offset in the text where row
   * i's Value starts, so errors point into the textarea.
   */
  function rowsFromLines(text) {
    var rows = [];
    var where = [];
    var offset = 0;
    text.split('\n').forEach(function (raw, i) {
      var line = raw.replace(/\r$/, '');
      var lineStart = offset;
      offset += raw.length + 1;
      if (line.trim() === '' || /^\s*(#|\/\/)/.test(line)) return;
      var m = /^(\s*)(\S+)(\s+)([\s\S]*)$/.exec(line);
      var key = m ? m[2] : '';
      var value = m ? m[4] : line.trim();
      var at = m ? m[1].length + m[2].length + m[3].length : line.length - line.trimStart().length;
      if (!m || /[=<>!]/.test(key)) {
        key = String(i + 1).padStart(2, '0');
        value = line.trim();
        at = line.length - line.trimStart().length;
      }
      rows.push({ owner: 'playground', scope: 'global', name: 'customURL_Rule', key: key, value: value });
      where.push(function (o) {
        return lineStart + at + o;
      });
    });
    return { rows: rows, errors: [], where: where };
  }

  /** CSV rows, and for each where its (trimmed) Value's characters are in the text (the library's locator). */
  function rowsFromCsv(text) {
    var r = sp.readTableCsv(sp.KV_TABLE, text, { source: 'rules' });
    var bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    var locate = sp.csvRowLocator(text, r.rowNumbers);
    var where = r.rows.map(function (row, i) {
      if (locate.valueOffset(i, 0) === undefined) return null;
      return function (o) {
        return locate.valueOffset(i, o);
      };
    });
    // Load errors point into the text without its byte-order mark.
    var errors = r.errors.map(function (e) {
      return { error: e, at: bom + e.range.start, end: bom + e.range.end };
    });
    return { rows: r.rows, errors: errors, where: where };
  }

  function loadRows(text) {
    if (looksLikeCsv(text)) {
      var c = rowsFromCsv(text);
      return { format: 'CSV', rows: c.rows, errors: c.errors, where: c.where };
    }
    var l = rowsFromLines(text);
    return { format: 'one rule per line', rows: l.rows, errors: l.errors, where: l.where };
  }

  // --- rendering helpers -------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') node.className = attrs[k];
      else if (k === 'text') node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function replace(id, nodes) {
    var box = $(id);
    box.textContent = '';
    nodes.forEach(function (n) {
      box.appendChild(n);
    });
  }

  function none(text) {
    return el('p', { class: 'none', text: text });
  }

  function show(v) {
    if (v === undefined) return '(missing)';
    if (v === null) return '(unknown)';
    return typeof v === 'string' ? JSON.stringify(v) : String(v);
  }

  /**
   * One error with its caret excerpt: what, where, how to fix. `at`/`end` are
   * offsets in the rules textarea, so the line and column are the textarea's;
   * without them (an error in another box) the error's own position is shown.
   */
  function errorBlock(e, where, text, at, end) {
    var inBox = typeof at === 'number';
    var excerpt = inBox ? sp.caretExcerpt(text, { start: at, end: end }) : e.input ? sp.caretExcerpt(e.input, e.range) : '';
    var pos = inBox ? sp.lineColumn(text, at) : { line: e.line, column: e.column };
    return el('div', { class: 'parse-error', 'data-code': e.code, 'data-line': String(pos.line), 'data-column': String(pos.column) }, [
      el('div', { class: 'msg' }, [
        el('strong', { text: where }),
        ' ' + e.detail + ' ',
        el('code', { text: e.code }),
        ' (' + (inBox ? 'rules, ' : '') + 'line ' + pos.line + ', column ' + pos.column + ')',
      ]),
      excerpt ? el('pre', { class: 'caret', text: excerpt }) : null,
      e.hint ? el('div', { class: 'hint', text: 'Hint: ' + e.hint }) : null,
    ]);
  }

  /** Load errors, then every rule error of the user's rule set, placed in the rules textarea. */
  function renderErrors(loaded, text, user) {
    var blocks = loaded.errors.map(function (x) {
      return errorBlock(x.error, 'rules', text, x.at, x.end);
    });
    var ruleRows = sp.rulesFor(loaded.rows, user);
    sp.compileRules(ruleRows).rules.forEach(function (r) {
      var index = loaded.rows.indexOf(ruleRows[r.index]);
      var place = loaded.where[index];
      r.errors.forEach(function (e) {
        var fromInput = e.input === ruleRows[r.index].value && place;
        blocks.push(errorBlock(e, 'Key ' + r.key + ':', text, fromInput ? place(e.range.start) : undefined, fromInput ? place(Math.max(e.range.start, e.range.end - 1)) + (e.range.end > e.range.start ? 1 : 0) : undefined));
      });
    });
    replace('errors', blocks.length ? blocks : [none('No parse errors.')]);
    return blocks.length;
  }

  function renderLint(findings) {
    if (!findings.length) return replace('lint', [none('No findings.')]);
    replace('lint', [
      el(
        'ul',
        { class: 'findings' },
        findings.map(function (f) {
          return el('li', { class: 'finding ' + f.severity, 'data-code': f.code }, [
            el('span', { class: 'sev', text: f.severity }),
            ' ',
            el('code', { text: f.code }),
            f.row ? ' ' + f.row.name + ' ' + f.row.key + ': ' : ': ',
            f.message,
            f.hint ? el('div', { class: 'hint', text: f.hint }) : null,
          ]);
        }),
      ),
    ]);
  }

  var STATUS_TEXT = { matched: 'holds', not_matched: 'does not hold', unknown: 'unknown field', invalid: 'invalid, skipped' };

  function renderExplanation(explanation) {
    if (!explanation.rules.length) return replace('explanation', [none('No customURL_Rule rows for this user.')]);
    var rows = explanation.rules.map(function (r) {
      var comps = el(
        'ul',
        { class: 'comparisons' },
        r.comparisons.map(function (c) {
          return el('li', { class: c.outcome ? 'yes' : 'no' }, [
            (c.outcome ? '✓ ' : '✗ ') + c.field + ' ' + c.op + ' ' + c.expected.join(', ') + ' — actual ' + show(c.actual),
          ]);
        }),
      );
      return el('tr', { class: 'rule ' + r.status + (r.chosen ? ' winner' : ''), 'data-key': r.key, 'data-status': r.status }, [
        el('td', { class: 'key', text: r.key }),
        el('td', {}, [el('code', { class: 'value', text: r.value }), r.comparisons.length ? comps : null]),
        el('td', { class: 'outcome', text: (r.chosen ? '★ decides · ' : '') + STATUS_TEXT[r.status] }),
      ]);
    });
    var d = explanation.decision;
    var summary = d.rule
      ? 'Rule ' + d.rule.key + ' decides: ' + (d.target.kind === 'url' ? d.target.url : 'default')
      : 'No rule holds: the default pop.';
    replace('explanation', [
      el('table', { class: 'trace' }, [el('thead', {}, [el('tr', {}, [el('th', { text: 'Key' }), el('th', { text: 'Value and comparisons' }), el('th', { text: 'Outcome' })])]), el('tbody', {}, rows)]),
      el('p', { class: 'decision', text: summary }),
    ]);
  }

  var KIND_TEXT = {
    url: 'the rule’s URL',
    record: 'the matched record’s form',
    choose: 'a choice (several matches, or the lookup failed)',
    new: 'a new record form (no match)',
  };

  function renderPop(pop) {
    var nodes = [el('p', {}, ['Pops ', el('strong', { id: 'pop-kind', text: pop.kind }), ': ' + KIND_TEXT[pop.kind] + '.'])];
    if (pop.url) {
      nodes.push(el('pre', { id: 'pop-url', class: 'url', text: pop.url }));
      var q = pop.url.indexOf('?');
      if (q >= 0 && /[?&]Data=/i.test(pop.url)) {
        nodes.push(el('p', {}, [el('a', { href: 'sample-webresource.html' + pop.url.slice(q), id: 'preview', target: '_blank' }, ['Open the query in the sample web resource'])]));
      }
    }
    if (pop.kind === 'choose') {
      nodes.push(
        pop.candidates.length
          ? el('ul', {}, pop.candidates.map(function (c) {
              return el('li', { text: c.entity + ' ' + c.name + ' (' + c.id + ')' });
            }))
          : none('No candidates: the agent searches.'),
      );
    }
    var lookup = pop.lookup;
    nodes.push(el('p', { class: 'help', text: 'Lookup: ' + lookup.count + ' match(es)' + (lookup.error ? ' — failed: ' + lookup.error.detail : '') + '.' }));
    if (pop.warnings.length) {
      nodes.push(el('ul', { class: 'warnings' }, pop.warnings.map(function (w) {
        return el('li', { text: w });
      })));
    }
    replace('pop', nodes);
  }

  function renderData(pop) {
    if (!pop.url || !/[?&]Data=/i.test(pop.url)) return replace('data', [none('This pop carries no Data= parameter.')]);
    var params;
    try {
      params = sp.parseDataParam(pop.url);
    } catch (e) {
      return replace('data', [errorBlock(e, 'Data=')]);
    }
    var names = sp.CALL_PARAM_NAMES.slice();
    var rows = names.map(function (n) {
      return el('tr', { 'data-name': n }, [el('th', { text: n }), el('td', { text: params[n] })]);
    });
    Object.keys(params.extra || {}).forEach(function (n) {
      rows.push(el('tr', { 'data-name': n, class: 'extra' }, [el('th', { text: n }), el('td', { text: params.extra[n] })]));
    });
    replace('data', [el('table', { class: 'data' }, [el('tbody', {}, rows)])]);
  }

  // --- the live loop ------------------------------------------------------------

  var generation = 0;
  var timer = 0;

  function parseRecords(text) {
    try {
      var records = JSON.parse(text || '{}');
      $('records-error').hidden = true;
      return sp.createMemoryLookup(records);
    } catch (e) {
      $('records-error').hidden = false;
      $('records-error').textContent = 'Records: ' + (e && e.message ? e.message.split('\n')[0] : String(e)) + ' — using no records.';
      return sp.createMemoryLookup({});
    }
  }

  function setStatus(text, ok) {
    $('status').textContent = text;
    $('status').className = 'status ' + (ok ? 'ok' : 'bad');
  }

  function run() {
    var state = formState();
    writeState(state);
    var mine = ++generation;
    var loaded = loadRows(state.rules);
    $('format-note').textContent = '(read as ' + loaded.format + ')';
    var call = { direction: state.direction, telephoneNo: state.telephoneNo, dnis: state.dnis, dnisName: state.dnisName, agent: state.agent, subject: state.subject };
    var options = {
      rows: loaded.rows,
      user: state.user,
      adapter: parseRecords(state.records),
      crmUrl: state.crmUrl,
      mode: state.mode === 'strict' ? 'strict' : 'legacy',
    };
    if (state.region.trim()) options.defaultRegion = state.region.trim();
    if (state.timeZone.trim()) options.timeZone = state.timeZone.trim();
    if (state.now.trim()) {
      var now = new Date(state.now.trim());
      if (!isNaN(now.getTime())) options.now = now;
    }
    var findings = [];
    try {
      findings = sp.lintConfig(loaded.rows);
    } catch (e) {
      findings = [{ code: 'internal', severity: 'error', message: String(e && e.message), hint: '' }];
    }
    Promise.resolve()
      .then(function () {
        return sp.resolveScreenPop(call, options);
      })
      .then(
        function (pop) {
          if (mine !== generation) return;
          var explanation = pop.explanation;
          var errorCount = renderErrors(loaded, state.rules, state.user);
          renderLint(findings);
          renderExplanation(explanation);
          renderPop(pop);
          renderData(pop);
          var d = explanation.decision;
          setStatus(
            (errorCount ? errorCount + ' parse error(s) · ' : '') +
              explanation.rules.length + ' rule(s) · ' + (d.rule ? 'decided by ' + d.rule.key : 'no rule holds') + ' · pops ' + pop.kind,
            errorCount === 0,
          );
          document.body.setAttribute('data-generation', String(mine));
        },
        function (e) {
          if (mine !== generation) return;
          replace('errors', [sp.isScreenpopError(e) ? errorBlock(e, 'Options:') : el('pre', { class: 'problem', text: String(e && e.stack ? e.stack : e) })]);
          renderLint(findings);
          replace('explanation', [none('—')]);
          replace('pop', [none('—')]);
          replace('data', [none('—')]);
          setStatus('Cannot decide: ' + (e && e.detail ? e.detail : String(e && e.message)), false);
          document.body.setAttribute('data-generation', String(mine));
        },
      );
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  }

  fillForm(readState());
  FIELDS.forEach(function (f) {
    $(f).addEventListener('input', schedule);
    $(f).addEventListener('change', schedule);
  });
  window.addEventListener('hashchange', function () {
    var wanted = readState();
    var current = formState();
    if (FIELDS.some(function (f) { return wanted[f] !== current[f]; })) {
      fillForm(wanted);
      run();
    }
  });
  run();
})();
