// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * format.js - numbers for people, the metrics' registry and the run's calendar (its check
 * days and dates), shared by the HTML report (placed before report.js in the page by
 * src/output/report.c) and the web application (served as /format.js before /app.js). It
 * defines one global, dayafterFormat.
 *
 * The rules are src/output/format.h's, and the steps are format.c's, in the same order, so
 * that the terminal, the report and the web application write every value alike: the decimal
 * exponent found by comparing with the same table of powers of ten, the value scaled by an
 * exact power of ten and rounded half away from zero (Math.round on non-negative values).
 * tests/unit/format_cases.json holds the values that both are checked against
 * (tests/browser/format_test.mjs here, test_output.c in C).
 *
 * What each metric is called, its unit and its format come from the results' JSON ("metrics"
 * and "area_metrics", written from src/output/metrics.c); results saved before dayafter wrote
 * them have none, and the pages say so rather than keep a copy of the list.
 */
(function (root) {
  'use strict';

  var MIN_EXP = -9;
  var POW10 = [1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4,
    1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21];
  var MAX_EXP = MIN_EXP + POW10.length - 1;

  function pow10(k) { return POW10[k - MIN_EXP]; }

  /* The decimal exponent of a > 0: the largest k with 10^k <= a, within the table. */
  function exponentOf(a) {
    var k = MIN_EXP;
    while (k < MAX_EXP && pow10(k + 1) <= a) k++;
    return k;
  }

  /* The decimal exponent of a > 0 once rounded to 3 significant digits. */
  function roundedExponent(a) {
    var d = exponentOf(a);
    var n = d <= 2 ? Math.round(a * pow10(2 - d)) : Math.round(a / pow10(d - 2));
    return n >= 1000 ? d + 1 : d;
  }

  /* A whole number n >= 0 with thousands separators. */
  function grouped(n) {
    var digits = n.toFixed(0), out = '';
    for (var i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
      out += digits[i];
    }
    return out;
  }

  /* a >= 0 to 3 significant digits, at most 3 decimals, without trailing zeros. */
  function significant(a) {
    if (!(a >= pow10(MIN_EXP))) return '0';
    var dec = Math.min(3, Math.max(0, 2 - exponentOf(a)));
    var n = Math.round(a * pow10(dec));
    if (dec > 0 && n >= 1000) n = Math.round(a * pow10(--dec));
    var digits = n.toFixed(0);
    while (digits.length < dec + 1) digits = '0' + digits;
    var whole = digits.length - dec, keep = digits.length;
    while (keep > whole && digits[keep - 1] === '0') keep--;
    return keep === whole ? digits.slice(0, whole) : digits.slice(0, whole) + '.' + digits.slice(whole, keep);
  }

  /* a >= 1000 shortened with the largest unit at or below its rounded size. */
  function shortened(a, withK) {
    var d = roundedExponent(a);
    var unit = d >= 9 ? 1e9 : d >= 6 || !withK ? 1e6 : 1e3;
    var suffix = d >= 9 ? 'bn' : d >= 6 || !withK ? 'm' : 'k';
    return significant(a / unit) + suffix;
  }

  function magnitude(a, format) {
    switch (format) {
      case 'day':
        return grouped(Math.round(a));
      case 'count':
        return Math.round(a) >= 1e6 ? shortened(a, false) : grouped(Math.round(a));
      case 'money':
        return '$' + (a > 0 && roundedExponent(a) >= 3 ? shortened(a, true) : significant(a));
      case 'share': {
        var p = 100 * a;
        return (p > 0 && roundedExponent(p) >= 3 ? grouped(Math.round(p)) : significant(p)) + '%';
      }
      default:
        if (Math.round(a) >= 1e6) return shortened(a, false);
        if (a > 0 && roundedExponent(a) >= 3) return grouped(Math.round(a));
        return significant(a);
    }
  }

  /* 'x' in 'format' ("day", "count", "money", "share", "number"; anything else: "number");
   * '-' for a value that is missing (null in the JSON) or not a number. */
  function value(x, format) {
    if (x === null || x === undefined || typeof x !== 'number' || Number.isNaN(x)) return '-';
    if (!Number.isFinite(x)) return 'no limit';
    var text = magnitude(Math.abs(x), format);
    var zero = /^[$0.%]*$/.test(text);
    return (x < 0 && !zero ? '-' : '') + text;
  }

  /* The metrics' registry of 'results' (a run's JSON): {list, byId}, or null when the results
   * were saved before dayafter wrote it. 'key' is "metrics" (each option's headline metrics)
   * or "area_metrics" (each area's). */
  function registry(results, key) {
    var list = results && results[key || 'metrics'];
    if (!Array.isArray(list)) return null;
    var byId = {};
    list.forEach(function (m) { byId[m.id] = m; });
    return { list: list, byId: byId };
  }

  /* ---- the run's calendar ---- */

  /* The date of 'day' of a run that starts on 'start' (YYYY-MM-DD, the JSON's "start_date"):
   * the calendar day the value falls in, start + floor(day), as src/util/date.c writes it;
   * null without a start date or a day. UTC arithmetic: the same date in every time zone. */
  function dateOf(start, day) {
    var m = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(start) : null;
    if (!m || typeof day !== 'number' || !Number.isFinite(day)) return null;
    var t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + Math.floor(day) * 86400000;
    return new Date(t).toISOString().slice(0, 10);
  }

  /* What a run's JSON says about its days: the horizon (days 0 to horizon - 1), the start
   * date (null when the scenario gives none), the check days on which it measures deployment,
   * in order, and whether a day lies beyond the horizon (the results hold nothing for it: a
   * null there is "beyond the horizon", never 0). Results saved before the JSON listed
   * "check_days" give them by the keys of each option's "p_deployed_by". */
  function calendar(results) {
    var r = results || {};
    var horizon = typeof r.horizon_days === 'number' ? r.horizon_days : null;
    var start = typeof r.start_date === 'string' ? r.start_date : null;
    var checks;
    if (Array.isArray(r.check_days)) {
      checks = r.check_days.filter(function (d) { return typeof d === 'number'; });
    } else {
      var seen = {};
      (r.options || []).forEach(function (o) {
        Object.keys(o.p_deployed_by || {}).forEach(function (k) { if (/^[0-9]+$/.test(k)) seen[k] = true; });
      });
      checks = Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
    }
    return {
      horizon: horizon,
      lastDay: horizon === null ? null : horizon - 1,
      start: start,
      checkDays: checks,
      beyond: function (day) { return horizon !== null && typeof day === 'number' && day >= horizon; },
      dateOf: function (day) { return dateOf(start, day); }
    };
  }

  /* The sentence the pages show in place of what needs the registry. */
  var NO_REGISTRY = 'These results were saved by an older dayafter, which did not write its ' +
    'metrics\' labels and units: their metrics are shown by their ids, as plain numbers. Run ' +
    'the scenario again for the full view.';

  root.dayafterFormat = { value: value, registry: registry, NO_REGISTRY: NO_REGISTRY, dateOf: dateOf,
    calendar: calendar, BEYOND: 'beyond the horizon' };
})(typeof globalThis !== 'undefined' ? globalThis : this);
