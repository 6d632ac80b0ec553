/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.js - the HTML report's page: reads the run's results (the --json document, embedded
 * in the page by `dayafter run --report` or `dayafter report`) and draws the summary, the
 * charts (Vega-Lite, bundled into the page at build time), their data tables and the table of
 * assumptions. Nothing is fetched: the page works from a file, offline.
 *
 * Any scenario: every chart is built from what the results hold (options, areas, milestones,
 * donors), never from names known in advance. The metrics' labels, units and formats come
 * from the results too ("metrics", "area_metrics"), and numbers are written by format.js,
 * which the page loads first and the web application shares.
 */
(function () {
  'use strict';

  /* Small multiples are wide: their legend goes below them, where it is never cut off. */
  var LEGEND_BELOW = { legend: { orient: 'bottom', labelLimit: 400, labelFontSize: 11, titleFontSize: 12 } };

  /* Okabe and Ito's palette: distinguishable with the common colour-vision deficiencies. */
  var PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442',
    '#000000'];
  var HEAT = 'viridis'; /* sequential, colour-blind safe, readable in grey */

  var results = JSON.parse(document.getElementById('dayafter-results').textContent);
  var meta = JSON.parse(document.getElementById('dayafter-meta').textContent);
  var root = document.getElementById('report');

  /* ---- formatting ------------------------------------------------------------------------ */

  var F = window.dayafterFormat;
  function fmtNumber(x) { return F.value(x, 'number'); }
  function fmtCount(x) { return F.value(x, 'count'); }
  function fmtUsd(x) { return F.value(x, 'money'); }
  function fmtShare(x) { return F.value(x, 'share'); }
  function fmtDayNumber(x) { return F.value(x, 'day'); }
  function fmtDay(x) { return x === null || x === undefined ? '-' : 'day ' + fmtDayNumber(x); }

  /* The registry of the metrics (format.js): each one's label, unit and format. Results saved
   * before dayafter wrote it show the ids and plain numbers, and say so. */
  var metricsRegistry = F.registry(results, 'metrics');
  var areaRegistry = F.registry(results, 'area_metrics');
  function infoOf(registry, id) {
    var m = registry && registry.byId[id];
    return m || { id: id, label: id, unit: '', format: 'number', description: '' };
  }
  function metricInfo(id) { return infoOf(metricsRegistry, id); }
  function areaInfo(id) { return infoOf(areaRegistry, id); }
  /* A metric's value as its registry entry says: $5.42bn, 95.9%, 4,432. */
  function fmtMetric(id, x) { return F.value(x, metricInfo(id).format); }
  /* Vega's axes write their ticks with the same rules: labelExpr "daFormat(datum.value, ...)". */
  if (window.vega && window.vega.expressionFunction) {
    window.vega.expressionFunction('daFormat', function (x, format) { return F.value(x, format); });
  }
  function axisOf(format) { return { labelExpr: 'daFormat(datum.value, "' + format + '")' }; }

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }

  /* ---- what the results hold ------------------------------------------------------------- */

  var options = results.options || [];
  var optionNames = options.map(function (o) { return o.name || o.id; });
  var areaIds = options.length && options[0].areas ? options[0].areas.map(function (a) {
    return a.id;
  }) : [];
  var areaNames = {};
  if (options.length && options[0].areas) {
    options[0].areas.forEach(function (a) { areaNames[a.id] = a.name || a.id; });
  }
  var areaOrder = areaIds.map(function (a) { return areaNames[a]; });
  var milestoneOrder = (results.milestones || []).map(function (m) { return m.id; });
  var inputs = results.inputs || [];
  function central(path) {
    for (var i = 0; i < inputs.length; i++) if (inputs[i].path === path) return inputs[i].central;
    return null;
  }
  function metric(o, name) { return (o.metrics || {})[name] || null; }
  function areaColor() {
    return { field: 'area', type: 'nominal', title: 'Area', scale: { domain: areaOrder, range: PALETTE } };
  }
  function optionColor() {
    return { field: 'option', type: 'nominal', title: 'Option',
      scale: { domain: optionNames, range: PALETTE } };
  }

  /* The weekly series as long rows: option, area, week's day, p10, p50, p90. */
  function seriesRows(name) {
    var rows = [];
    options.forEach(function (o) {
      var s = o.series;
      if (!s || !s[name]) return;
      Object.keys(s[name]).forEach(function (area) {
        var q = s[name][area];
        s.day.forEach(function (day, k) {
          rows.push({ option: o.name || o.id, area: areaNames[area] || area, day: day,
            p10: q.p10[k], p50: q.p50[k], p90: q.p90[k] });
        });
      });
    });
    return rows;
  }

  /* ---- the page's blocks ----------------------------------------------------------------- */

  function table(rows, columns) {
    var head = el('tr', {}, columns.map(function (c) { return el('th', { scope: 'col' }, [c.title]); }));
    var body = rows.map(function (r) {
      return el('tr', {}, columns.map(function (c) {
        var v = r[c.field];
        return el('td', {}, [c.format ? c.format(v, r) : (v === null || v === undefined ? '-' : String(v))]);
      }));
    });
    return el('table', {}, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  var chartCount = 0;
  var pending = [];

  /* A chart block: title, the chart, its caption, and its data as a table. */
  function chart(title, caption, spec, rows, columns) {
    if (!rows.length) { /* one option has no pairs; a scenario may lack what a chart shows */
      return el('figure', { class: 'chart-block' }, [el('h3', {}, [title]),
        el('p', { class: 'no-data' }, ['Nothing to show for these results.'])]);
    }
    var id = 'chart-' + (++chartCount);
    var holder = el('div', { class: 'chart', id: id, role: 'img', 'aria-label': title });
    var data = el('details', {}, [el('summary', {}, ['Data (' + rows.length + ' rows)']),
      table(rows, columns)]);
    var block = el('figure', { class: 'chart-block' }, [el('h3', {}, [title]), holder,
      el('figcaption', {}, [caption]), data]);
    spec.data = { values: rows };
    spec.config = Object.assign({ font: 'sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 }, view: { stroke: null } },
      spec.config || {});
    pending.push(vegaEmbed('#' + id, spec, { mode: 'vega-lite', actions: false, renderer: 'svg' }).then(function () {
      holder.setAttribute('data-rendered', 'true');
    }).catch(function (err) {
      holder.setAttribute('data-error', String(err));
      console.error('chart ' + title + ': ' + err);
    }));
    return block;
  }

  function section(title, children) {
    return el('section', {}, [el('h2', {}, [title])].concat(children));
  }

  /* ---- the summary ----------------------------------------------------------------------- */

  function summary() {
    var items = [];
    /* 1. Who can start, how likely, and what holds it up. */
    if (options.length) {
      var best = options.slice().sort(function (a, b) { return (b.p_start || 0) - (a.p_start || 0); })[0];
      var start = metric(best, 'start_day');
      var crit = best.criticality || {};
      var pole = Object.keys(crit).sort(function (a, b) { return crit[b] - crit[a]; })[0];
      items.push((best.name || best.id) + ' is the most likely to start within the ' +
        results.horizon_days + ' days: in ' + fmtShare(best.p_start) + ' of the runs' +
        (start ? ', at ' + fmtDay(start.p50) + ' in the median (' + fmtDay(start.p10) + ' to ' +
          fmtDay(start.p90) + ')' : '') + '.' + (pole ? ' What holds it up most often: ' + pole +
          ' (on the critical chain in ' + fmtShare(crit[pole]) + ' of the runs where it starts).' : ''));
    }
    /* 2. Deployment. */
    var byYear = options.map(function (o) { return (o.p_deployed_by || {})['365'] || 0; });
    var maxYear = Math.max.apply(null, byYear.concat([0]));
    if (maxYear === 0) {
      items.push('No option has half the security force it needs deployed by day 365 in any run; ' +
        'deployed strength on the last day, median: ' + options.map(function (o) {
          var m = metric(o, 'deployed_end');
          return (o.name || o.id) + ' ' + fmtMetric('deployed_end', m ? m.p50 : null);
        }).join(', ') + '.');
    } else {
      var k = byYear.indexOf(maxYear);
      items.push((options[k].name || options[k].id) + ' has half the force it needs deployed by ' +
        'day 365 in ' + fmtShare(maxYear) + ' of the runs, the most of the options.');
    }
    /* 3. Money and the humanitarian gap. */
    if (options.length) {
      var o0 = options[0];
      var cost = metric(o0, 'cost_total_usd'), unfunded = metric(o0, 'unfunded_usd');
      var water = metric(o0, 'water_gap_person_days'), food = metric(o0, 'food_gap_person_days');
      items.push('The mission costs ' + fmtUsd(cost && cost.p50) + ' in the median under ' +
        (o0.name || o0.id) + ', with ' + fmtUsd(unfunded && unfunded.p50) + ' of needed spending ' +
        'unfunded; people go without the water standard for ' + fmtCount(water && water.p50) +
        ' person-days and without the food standard for ' + fmtCount(food && food.p50) +
        ' person-days.');
    }
    return el('section', { id: 'summary' }, [el('h2', {}, ['What to know']),
      el('ol', {}, items.map(function (t) { return el('li', {}, [t]); }))]);
  }

  /* ---- the charts ------------------------------------------------------------------------ */

  /* The p10, median and p90 columns of a data table, written in 'format', or in each row's
   * own (its 'format' field) when the rows hold different metrics. */
  function quantileColumns(format) {
    var fmt = function (v, r) { return F.value(v, format || r.format); };
    return [{ field: 'p10', title: 'p10', format: fmt }, { field: 'p50', title: 'median', format: fmt },
      { field: 'p90', title: 'p90', format: fmt }];
  }

  function milestonesChart() {
    var rows = (results.milestones || []).map(function (m) {
      var d = m.day || {};
      return { what: m.id, kind: 'milestone', p_reached: m.p_reached, p10: d.p10, p50: d.p50, p90: d.p90 };
    });
    options.forEach(function (o) {
      var s = metric(o, 'start_day') || {};
      rows.push({ what: 'start: ' + (o.name || o.id), kind: 'option start', p_reached: o.p_start,
        p10: s.p10, p50: s.p50, p90: s.p90 });
    });
    rows = rows.filter(function (r) { return r.p50 !== null && r.p50 !== undefined; });
    var spec = {
      width: 560, height: { step: 26 },
      encoding: { y: { field: 'what', type: 'nominal', sort: { field: 'p50' }, title: null } },
      layer: [
        { mark: { type: 'rule', strokeWidth: 3 }, encoding: {
          x: { field: 'p10', type: 'quantitative', title: 'Day (from day 0 of the scenario)',
            scale: { domain: [0, results.horizon_days] } },
          x2: { field: 'p90' }, color: { field: 'kind', type: 'nominal', title: null,
            scale: { range: [PALETTE[0], PALETTE[1]] } } } },
        { mark: { type: 'point', filled: true, size: 70, color: '#000' }, encoding: {
          x: { field: 'p50', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'left', dx: 8, fontSize: 11 }, encoding: {
          x: { field: 'p90', type: 'quantitative' },
          text: { field: 'p_reached', type: 'quantitative', format: '.0%' } } }
      ]
    };
    return chart('When the milestones are reached',
      'Each milestone\'s day, when it is reached within the horizon: the line spans the 10th to ' +
      'the 90th percentile, the dot is the median; the label is the probability that it is ' +
      'reached at all. Options start when their preconditions are met.', spec, rows,
      [{ field: 'what', title: 'milestone' }, { field: 'p_reached', title: 'P(reached)', format: fmtShare }]
        .concat(quantileColumns('day')));
  }

  function criticalityChart() {
    var rows = [];
    options.forEach(function (o) {
      Object.keys(o.criticality || {}).forEach(function (m) {
        rows.push({ option: o.name || o.id, milestone: m, criticality: o.criticality[m] });
      });
    });
    var spec = {
      width: { step: 190 }, height: { step: 26 },
      encoding: { x: { field: 'option', type: 'nominal', title: 'Option', sort: optionNames,
        axis: { labelAngle: 0, labelLimit: 185 } },
        y: { field: 'milestone', type: 'nominal', title: 'Milestone', sort: milestoneOrder } },
      layer: [
        { mark: 'rect', encoding: { color: { field: 'criticality', type: 'quantitative',
          title: 'Criticality', scale: { scheme: HEAT, domain: [0, 1] } } } },
        { mark: { type: 'text', fontSize: 11 }, encoding: {
          text: { field: 'criticality', type: 'quantitative', format: '.0%' },
          color: { condition: { test: 'datum.criticality > 0.5', value: 'black' }, value: 'white' } } }
      ]
    };
    return chart('The long pole: which milestone holds each option up',
      'Criticality: the share of the runs in which an option starts where the milestone is on ' +
      'the chain that sets its start day. 100% means it always binds.', spec, rows,
      [{ field: 'option', title: 'option' }, { field: 'milestone', title: 'milestone' },
        { field: 'criticality', title: 'criticality', format: fmtShare }]);
  }

  function fanChart(name, title, caption, yTitle, extraLayers, augment) {
    var rows = seriesRows(name);
    if (augment) rows.forEach(augment);
    var spec = {
      facet: { field: 'area', type: 'nominal', title: null, sort: areaOrder },
      columns: 3,
      spec: {
        width: 240, height: 150,
        layer: [
          { mark: { type: 'area', opacity: 0.2 }, encoding: {
            x: { field: 'day', type: 'quantitative', title: 'Day' },
            y: { field: 'p10', type: 'quantitative', title: yTitle, axis: axisOf(areaInfo(name).format) },
            y2: { field: 'p90' }, color: optionColor() } },
          { mark: { type: 'line', strokeWidth: 1.5 }, encoding: {
            x: { field: 'day', type: 'quantitative' }, y: { field: 'p50', type: 'quantitative' },
            color: optionColor() } }
        ].concat(extraLayers || [])
      },
      resolve: { scale: { y: 'independent' } },
      config: LEGEND_BELOW
    };
    return chart(title, caption, spec, rows, [{ field: 'option', title: 'option' },
      { field: 'area', title: 'area' }, { field: 'day', title: 'day', format: fmtDayNumber }]
      .concat(quantileColumns(areaInfo(name).format)));
  }

  function deployedChart() {
    var per1000 = central('security.required_per_1000');
    var requirement = {};
    areaIds.forEach(function (a) {
      var pop = central('areas.' + a + '.population');
      if (per1000 !== null && pop !== null) requirement[areaNames[a]] = per1000 * pop / 1000;
    });
    return fanChart('deployed', 'Deployed strength, by area',
      'Personnel deployed in each area, week by week: the band spans the 10th to the 90th ' +
      'percentile of the runs, the line is the median. The dashed line is the requirement at ' +
      'the scenario\'s central values (required per 1,000 people x population).',
      'Personnel deployed',
      [{ mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
        encoding: { y: { aggregate: 'mean', field: 'requirement', type: 'quantitative' } } }],
      function (r) { r.requirement = requirement[r.area] === undefined ? null : requirement[r.area]; });
  }

  /* The days of the weeks that start a quarter (every 13th week), for a readable axis. */
  function quarters(rows) {
    var seen = {};
    rows.forEach(function (r) { if (r.day % 91 === 0) seen[r.day] = true; });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  }

  function heatChart(name, title, caption, legend) {
    var rows = seriesRows(name);
    var spec = {
      facet: { row: { field: 'option', type: 'nominal', title: null, sort: optionNames,
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top',
          labelFontSize: 12, labelLimit: 600 } } },
      spec: {
        width: 640, height: { step: 18 },
        mark: 'rect',
        encoding: {
          x: { field: 'day', type: 'ordinal', title: 'Week (day it starts)',
            axis: { values: quarters(rows), labelAngle: 0 } },
          y: { field: 'area', type: 'nominal', title: null, sort: areaOrder },
          color: { field: 'p50', type: 'quantitative', title: legend,
            scale: { scheme: HEAT, domain: [0, 1] } }
        }
      }
    };
    return chart(title, caption, spec, rows, [{ field: 'option', title: 'option' },
      { field: 'area', title: 'area' }, { field: 'day', title: 'day', format: fmtDayNumber }]
      .concat(quantileColumns(areaInfo(name).format)));
  }

  function linesChart(name, title, caption, yTitle) {
    var rows = seriesRows(name);
    var spec = {
      facet: { column: { field: 'option', type: 'nominal', title: null, sort: optionNames } },
      spec: {
        width: 230, height: 180,
        layer: [
          { mark: { type: 'area', opacity: 0.15 }, encoding: {
            x: { field: 'day', type: 'quantitative', title: 'Day' },
            y: { field: 'p10', type: 'quantitative', title: yTitle,
              axis: axisOf(areaInfo(name).format) },
            y2: { field: 'p90' },
            color: areaColor() } },
          { mark: 'line', encoding: {
            x: { field: 'day', type: 'quantitative' }, y: { field: 'p50', type: 'quantitative' },
            color: areaColor() } }
        ]
      },
      config: LEGEND_BELOW
    };
    return chart(title, caption, spec, rows, [{ field: 'option', title: 'option' },
      { field: 'area', title: 'area' }, { field: 'day', title: 'day', format: fmtDayNumber }]
      .concat(quantileColumns(areaInfo(name).format)));
  }

  function moneyChart(key, title, caption, what) {
    var rows = [];
    options.forEach(function (o) {
      Object.keys(o[key] || {}).forEach(function (k) {
        var q = o[key][k];
        rows.push({ option: o.name || o.id, who: k, mean: q.mean, p10: q.p10, p50: q.p50, p90: q.p90 });
      });
    });
    var spec = {
      height: { step: 14 }, width: 520,
      encoding: { y: { field: 'who', type: 'nominal', title: what },
        yOffset: { field: 'option', type: 'nominal', sort: optionNames } },
      layer: [
        { mark: { type: 'bar', opacity: 0.8 }, encoding: {
          x: { field: 'mean', type: 'quantitative', title: 'US dollars (mean; line: 10th-90th percentile)',
            axis: axisOf('money') },
          color: optionColor() } },
        { mark: { type: 'rule', color: '#000' }, encoding: {
          x: { field: 'p10', type: 'quantitative' }, x2: { field: 'p90' } } }
      ]
    };
    return chart(title, caption, spec, rows, [{ field: 'option', title: 'option' },
      { field: 'who', title: what }, { field: 'mean', title: 'mean', format: fmtUsd }]
      .concat(quantileColumns('money')));
  }

  /* The headline metrics, as the registry lists them (or, in results saved without it, as the
   * first option's keys). */
  function metricList() {
    if (metricsRegistry) return metricsRegistry.list;
    return Object.keys((options[0] || {}).metrics || {}).map(metricInfo);
  }

  /* One small chart per metric, one above the other, each with its own scale and its axis in
   * the metric's format; 'rows' carry the metric's id in 'id'. */
  function perMetric(rows, layers, xTitle) {
    return { vconcat: metricList().filter(function (m) {
      return rows.some(function (r) { return r.id === m.id; });
    }).map(function (m, k, all) {
      return { title: { text: m.label, anchor: 'start', fontSize: 12, fontWeight: 'normal' },
        transform: [{ filter: { field: 'id', equal: m.id } }], width: 420, height: { step: 16 },
        layer: layers(axisOf(m.format), k === all.length - 1 ? xTitle : null) };
    }) };
  }

  function optionsChart() {
    var rows = [];
    metricList().forEach(function (m) {
      options.forEach(function (o) {
        var q = metric(o, m.id);
        if (q) rows.push({ id: m.id, metric: m.label, format: m.format, option: o.name || o.id,
          p10: q.p10, p50: q.p50, p90: q.p90 });
      });
    });
    var spec = perMetric(rows, function (axis, xTitle) {
      return [
        { mark: 'rule', encoding: { x: { field: 'p10', type: 'quantitative', title: xTitle, axis: axis },
          x2: { field: 'p90' }, y: { field: 'option', type: 'nominal', title: null, sort: optionNames },
          color: optionColor() } },
        { mark: { type: 'point', filled: true, size: 50 }, encoding: {
          x: { field: 'p50', type: 'quantitative' }, y: { field: 'option', type: 'nominal', sort: optionNames },
          color: optionColor() } }
      ];
    }, 'Value (10th-90th percentile, dot: median)');
    return chart('The options side by side',
      'The metrics of each option: 10th to 90th percentile of the runs, and the median. ' +
      'Each metric has its own scale.', spec, rows,
      [{ field: 'metric', title: 'metric' }, { field: 'option', title: 'option' }].concat(quantileColumns()));
  }

  function differencesChart() {
    var rows = [];
    (results.differences || []).forEach(function (d) {
      metricList().forEach(function (m) {
        var q = (d.metrics || {})[m.id];
        if (q) rows.push({ id: m.id, metric: m.label, format: m.format, pair: d.b + ' minus ' + d.a,
          p10: q.p10, p50: q.p50, p90: q.p90 });
      });
    });
    var spec = perMetric(rows, function (axis, xTitle) {
      return [
        { mark: { type: 'rule', color: '#999', strokeDash: [2, 2] }, encoding: { x: { datum: 0 } } },
        { mark: 'rule', encoding: { x: { field: 'p10', type: 'quantitative', title: xTitle, axis: axis },
          x2: { field: 'p90' }, y: { field: 'pair', type: 'nominal', title: null } } },
        { mark: { type: 'point', filled: true, size: 50, color: '#000' }, encoding: {
          x: { field: 'p50', type: 'quantitative' }, y: { field: 'pair', type: 'nominal' } } }
      ];
    }, 'Paired difference, same runs (10th-90th percentile, dot: median)');
    return chart('Paired differences between the options',
      'Each pair of options compared run by run under the same random draws (common random ' +
      'numbers): the difference of a metric between them, 10th to 90th percentile and median. ' +
      'An interval that excludes 0 is a difference the uncertainty does not erase. Options ' +
      'are named by their ids: ' + options.map(function (o) { return o.id + ' = ' + (o.name || o.id); })
        .join('; ') + '.', spec, rows,
      [{ field: 'metric', title: 'metric' }, { field: 'pair', title: 'pair' }].concat(quantileColumns()));
  }

  /* ---- the tables ------------------------------------------------------------------------ */

  function metadata() {
    var rows = [
      { k: 'Scenario', v: results.scenario },
      { k: 'dayafter version', v: results.dayafter },
      { k: 'Seed', v: results.seed_decimal || String(results.seed) },
      { k: 'Replications', v: fmtCount(results.replications) },
      { k: 'Horizon', v: results.horizon_days + ' days' },
      { k: 'Mode', v: results.deterministic ? 'deterministic (central values, no incidents)' : 'Monte Carlo' },
      /* A report made by the run itself (no source file) was made when the run ended. */
      { k: 'Run date', v: (results.run && results.run.date) || (meta.source ? '-' : meta.generated) },
      { k: 'Command line', v: (results.run && results.run.command_line) || '-' },
      { k: 'Report made', v: meta.generated + (meta.source ? ' from ' + meta.source : '') }
    ];
    return section('The run', [table(rows, [{ field: 'k', title: 'what' }, { field: 'v', title: 'value' }])]);
  }

  function assumptions() {
    var rows = inputs.filter(function (i) { return !i['default']; });
    var defaults = inputs.length - rows.length;
    return section('Assumptions', [
      el('p', {}, ['Every number the scenario file gives, with its distribution and the source its ' +
        'file names (' + rows.length + ' values, ' + rows.filter(function (i) { return i.uncertain; }).length +
        ' of them uncertain; ' + defaults + ' more left at the model\'s defaults).']),
      table(rows, [{ field: 'path', title: 'input' }, { field: 'central', title: 'central value', format: fmtNumber },
        { field: 'distribution', title: 'distribution' }, { field: 'line', title: 'line' },
        { field: 'source', title: 'source' }])]);
  }

  /* ---- the page of an analysis (dayafter analyze) ---------------------------------------- */

  var METHOD_TITLES = { sobol: 'Sobol\' indices', morris: 'Morris elementary effects',
    tornado: 'Tornado', prim: 'Scenario discovery (PRIM)' };
  var TOP = 20; /* inputs in a chart; every input is in the table */

  function analysisInputs() { return results.inputs || []; }
  /* The analysed metric's values (its mean, mu*, sigma, the tornado's) in its own format;
   * Sobol' indices and PRIM's limits (the inputs' values) are plain numbers. */
  var analysisFormat = (results.metric_info || {}).format || 'number';
  function fmtAnalysed(x) { return F.value(x, analysisFormat); }

  function analysisSummary() {
    var ins = analysisInputs(), items = [];
    var m = results.method, metricName = results.metric + ' of option ' + results.option;
    if (m === 'prim') {
      var boxes = results.boxes || [];
      items.push((results.where || metricName) + ' holds in ' + (results.cases || 0) + ' of ' +
        results.samples + ' runs.');
      if (boxes.length) {
        var b = boxes[0], lims = Object.keys(b.limits || {});
        items.push('The best box holds ' + fmtShare(b.coverage) + ' of those runs, and ' +
          fmtShare(b.density) + ' of the runs inside it are such runs; it restricts ' + lims.length +
          ' input' + (lims.length === 1 ? '' : 's') + ': ' + lims.map(function (k) {
            var l = b.limits[k];
            return k + (l.min !== undefined ? ' >= ' + fmtNumber(l.min) : '') +
              (l.max !== undefined ? ' <= ' + fmtNumber(l.max) : '');
          }).join('; ') + '.');
      } else {
        items.push('No box of inputs holds those runs more densely than the runs as a whole.');
      }
    } else {
      var key = m === 'sobol' ? 'ST' : m === 'morris' ? 'mu_star' : 'swing';
      var moving = ins.filter(function (i) { return i[key] > 0; });
      items.push(moving.length + ' of the ' + ins.length + ' uncertain inputs move ' + metricName +
        ' at all (mean ' + fmtAnalysed(results.metric_mean) + ').');
      var top = ins.slice(0, 3).filter(function (i) { return i[key] > 0; });
      if (top.length) {
        items.push('The most influential: ' + top.map(function (i) {
          return i.name + ' (' + (m === 'sobol' ? 'total-order index ' + fmtNumber(i.ST)
            : m === 'morris' ? 'mu* ' + fmtAnalysed(i.mu_star) : 'swing ' + fmtAnalysed(i.swing)) + ')';
        }).join(', ') + '.');
      }
    }
    return el('section', { id: 'summary' }, [el('h2', {}, ['What to know']),
      el('ol', {}, items.map(function (t) { return el('li', {}, [t]); }))]);
  }

  function analysisChart() {
    var m = results.method, ins = analysisInputs().slice(0, TOP), rows = [], spec, cols;
    var names = ins.map(function (i) { return i.name; });
    if (m === 'sobol') {
      ins.forEach(function (i) {
        rows.push({ input: i.name, index: 'first order (S1)', value: i.S1, lo: i.S1 - i.S1_conf, hi: i.S1 + i.S1_conf });
        rows.push({ input: i.name, index: 'total order (ST)', value: i.ST, lo: i.ST - i.ST_conf, hi: i.ST + i.ST_conf });
      });
      spec = { width: 420, height: { step: 12 },
        encoding: { y: { field: 'input', type: 'nominal', sort: names, title: null, axis: { labelLimit: 420 } },
          yOffset: { field: 'index', type: 'nominal' } },
        layer: [
          { mark: 'bar', encoding: { x: { field: 'value', type: 'quantitative',
            title: 'Share of the metric\'s variance (bar: index; line: 95% interval)' },
            color: { field: 'index', type: 'nominal', title: null, scale: { range: [PALETTE[1], PALETTE[0]] } } } },
          { mark: { type: 'rule', color: '#000' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } }
        ] };
      cols = [{ field: 'input', title: 'input' }, { field: 'index', title: 'index' },
        { field: 'value', title: 'value', format: fmtNumber }, { field: 'lo', title: '95% low', format: fmtNumber },
        { field: 'hi', title: '95% high', format: fmtNumber }];
      return chart('Sobol\' indices of ' + results.metric, 'The share of the variance of ' +
        results.metric + ' that each input causes alone (first order) and with its interactions ' +
        '(total order), with 95% bootstrap intervals; the ' + ins.length + ' most influential inputs.',
        spec, rows, cols);
    }
    if (m === 'morris') {
      rows = ins.map(function (i) { return { input: i.name, mu_star: i.mu_star, sigma: i.sigma }; });
      spec = { width: 520, height: 360,
        layer: [
          { mark: { type: 'point', filled: true, size: 60, color: PALETTE[0] }, encoding: {
            x: { field: 'mu_star', type: 'quantitative', axis: axisOf(analysisFormat),
              title: 'mu* (mean absolute effect, metric units per unit of the input\'s quantile)' },
            y: { field: 'sigma', type: 'quantitative', title: 'sigma (spread of the effects)',
              axis: axisOf(analysisFormat) },
            tooltip: [{ field: 'input' }] } },
          { transform: [{ window: [{ op: 'rank', as: 'rank' }] }, { filter: 'datum.rank <= 8' }],
            mark: { type: 'text', align: 'left', dx: 6, fontSize: 10 }, encoding: {
              x: { field: 'mu_star', type: 'quantitative' }, y: { field: 'sigma', type: 'quantitative' },
              text: { field: 'input' } } }
        ] };
      return chart('Morris: effect and its spread', 'Each input\'s mean absolute elementary effect ' +
        '(mu*: how much it moves ' + results.metric + ') against their standard deviation (sigma: ' +
        'how much that depends on the other inputs); the ' + ins.length + ' largest, the eight largest named.',
        spec, rows, [{ field: 'input', title: 'input' }, { field: 'mu_star', title: 'mu*', format: fmtAnalysed },
          { field: 'sigma', title: 'sigma', format: fmtAnalysed }]);
    }
    if (m === 'tornado') {
      rows = ins.map(function (i) { return { input: i.name, low: i.low, high: i.high, swing: i.swing }; });
      spec = { width: 520, height: { step: 16 },
        layer: [
          { mark: { type: 'bar', color: PALETTE[0], opacity: 0.8 }, encoding: {
            y: { field: 'input', type: 'nominal', sort: names, title: null, axis: { labelLimit: 420 } },
            x: { field: 'low', type: 'quantitative', title: results.metric + ' (mean; bar from the input at its 10th to its 90th percentile)',
              scale: { zero: false }, axis: axisOf(analysisFormat) }, x2: { field: 'high' } } },
          { mark: { type: 'rule', color: '#000', strokeDash: [3, 3] }, encoding: { x: { datum: results.metric_mean } } }
        ] };
      return chart('Tornado of ' + results.metric, 'The mean of ' + results.metric + ' with one input ' +
        'at its 10th and at its 90th percentile and every other at its central value; the dashed line is ' +
        'the mean with all of them central. The ' + ins.length + ' widest swings.', spec, rows,
        [{ field: 'input', title: 'input' }, { field: 'low', title: 'at p10', format: fmtAnalysed },
          { field: 'high', title: 'at p90', format: fmtAnalysed }, { field: 'swing', title: 'swing', format: fmtAnalysed }]);
    }
    /* prim */
    (results.boxes || []).forEach(function (b, k) {
      rows.push({ box: 'box ' + (k + 1), measure: 'coverage', value: b.coverage,
        limits: Object.keys(b.limits || {}).length });
      rows.push({ box: 'box ' + (k + 1), measure: 'density', value: b.density,
        limits: Object.keys(b.limits || {}).length });
    });
    spec = { width: 360, height: { step: 18 },
      encoding: { y: { field: 'box', type: 'nominal', title: null }, yOffset: { field: 'measure', type: 'nominal' } },
      layer: [{ mark: 'bar', encoding: { x: { field: 'value', type: 'quantitative', title: 'Share',
        axis: { format: '.0%' }, scale: { domain: [0, 1] } },
        color: { field: 'measure', type: 'nominal', title: null, scale: { range: [PALETTE[0], PALETTE[2]] } } } }] };
    return chart('PRIM boxes', 'Each box\'s coverage (the share of the runs where ' +
      (results.where || 'the condition') + ' holds that fall in the box) and density (the share ' +
      'of the box\'s runs where it holds). Their limits are in the table below.', spec, rows,
      [{ field: 'box', title: 'box' }, { field: 'measure', title: 'measure' },
        { field: 'value', title: 'value', format: fmtShare }, { field: 'limits', title: 'inputs restricted' }]);
  }

  function primLimits() {
    var rows = [];
    (results.boxes || []).forEach(function (b, k) {
      Object.keys(b.limits || {}).forEach(function (name) {
        rows.push({ box: k + 1, input: name, min: b.limits[name].min, max: b.limits[name].max });
      });
    });
    return section('The boxes\' limits', [table(rows, [{ field: 'box', title: 'box' },
      { field: 'input', title: 'input' }, { field: 'min', title: 'at least', format: fmtNumber },
      { field: 'max', title: 'at most', format: fmtNumber }])]);
  }

  function analysisTable() {
    var m = results.method, cols = [{ field: 'name', title: 'input' }];
    var fields = m === 'sobol' ? ['S1', 'S1_conf', 'ST', 'ST_conf'] : m === 'morris' ? ['mu_star', 'sigma']
      : m === 'tornado' ? ['low', 'high', 'swing'] : ['restricted'];
    fields.forEach(function (f) {
      var inMetricUnits = m === 'morris' || m === 'tornado';
      cols.push({ field: f, title: f, format: inMetricUnits ? fmtAnalysed : fmtNumber });
    });
    return section('Inputs', [el('p', {}, ['All ' + analysisInputs().length +
      ' uncertain inputs, the most influential first.']), table(analysisInputs(), cols)]);
  }

  function analysisMetadata() {
    var rows = [
      { k: 'Scenario', v: results.scenario || '-' },
      { k: 'dayafter version', v: results.dayafter || '-' },
      { k: 'Method', v: METHOD_TITLES[results.method] || results.method },
      { k: 'Metric', v: results.metric + ' of option ' + results.option },
      { k: 'Samples', v: String(results.samples) },
      { k: 'Runs', v: fmtCount(results.evaluations) },
      { k: 'Seed', v: String(results.seed) },
      { k: 'Report made', v: meta.generated + (meta.source ? ' from ' + meta.source : '') }
    ];
    return section('The analysis', [table(rows, [{ field: 'k', title: 'what' }, { field: 'v', title: 'value' }])]);
  }

  function analysisPage() {
    document.body.setAttribute('data-kind', 'analysis');
    root.appendChild(el('header', {}, [el('h1', {}, [(results.scenario || 'dayafter') + ': ' +
      (METHOD_TITLES[results.method] || results.method)]),
      el('p', { class: 'subtitle' }, [results.metric + ' of option ' + results.option + ', ' +
        fmtCount(results.evaluations) + ' runs.'])]));
    if (!results.metric_info) root.appendChild(el('p', { class: 'notice' }, [F.NO_REGISTRY]));
    root.appendChild(analysisSummary());
    root.appendChild(section('Which inputs matter', [analysisChart()]));
    if (results.method === 'prim') root.appendChild(primLimits());
    root.appendChild(analysisTable());
    root.appendChild(analysisMetadata());
  }

  /* ---- the page -------------------------------------------------------------------------- */

  /* Each option's median gap over the horizon, for a caption. */
  function gapText(name) {
    return 'The gap over the horizon, median person-days without the standard: ' +
      options.map(function (o) {
        var g = metric(o, name);
        return (o.name || o.id) + ' ' + fmtMetric(name, g && g.p50);
      }).join(', ') + '.';
  }

  function runPage() {
    document.body.setAttribute('data-kind', 'run');
    root.appendChild(el('header', {}, [el('h1', {}, [results.scenario || 'dayafter results']),
      el('p', { class: 'subtitle' }, [optionNames.length + ' options, ' + areaIds.length + ' areas, ' +
        fmtCount(results.replications) + ' replications over ' + results.horizon_days +
        ' days. Each number is the median of the runs, with the 10th-90th percentile range where shown.'])]));
    if (!metricsRegistry) root.appendChild(el('p', { class: 'notice' }, [F.NO_REGISTRY]));
    root.appendChild(summary());
    root.appendChild(section('When each option can start', [milestonesChart(), criticalityChart()]));
    root.appendChild(section('Security', [deployedChart(),
      heatChart('coverage', 'Coverage of the requirement, by area and week',
        'Deployed strength over the area\'s requirement, median of the runs, week by week. 100% ' +
        'and more: the area has the personnel it needs.', 'Coverage (median)'),
      linesChart('security', 'Security, by area',
        'Security (0: none, 100%: full) week by week: median line and 10th-90th percentile band.',
        'Security')]));
    root.appendChild(section('Money', [
      moneyChart('cost_by_donor', 'Cost by donor', 'What each donor paid over the horizon: mean ' +
        '(bar) and 10th-90th percentile of the runs (line).', 'Donor'),
      moneyChart('cost_by_purpose', 'Cost by purpose', 'What was spent on each purpose over the ' +
        'horizon: mean (bar) and 10th-90th percentile of the runs (line).', 'Purpose')]));
    root.appendChild(section('People', [
      linesChart('water_coverage', 'Water coverage, by area', 'Water delivered over the ' +
        'standard need, week by week (median and 10th-90th percentile). ' +
        gapText('water_gap_person_days'), 'Water coverage'),
      linesChart('food_coverage', 'Food coverage, by area', 'Food delivered over the standard ' +
        'need, week by week (median and 10th-90th percentile). ' + gapText('food_gap_person_days'),
        'Food coverage'),
      linesChart('displaced', 'Displaced people, by area', 'People displaced from their homes in ' +
        'each area, week by week (median and 10th-90th percentile).', 'People displaced')]));
    root.appendChild(section('Comparing the options', [optionsChart(), differencesChart()]));
    root.appendChild(assumptions());
    root.appendChild(metadata());
  }

  if (results.method) analysisPage(); else runPage();

  Promise.all(pending).then(function () {
    document.body.setAttribute('data-charts', String(chartCount));
    document.body.setAttribute('data-ready', 'true');
  });
})();
