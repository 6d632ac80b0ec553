// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * format.js - numbers for people, the metrics' registry and the run's calendar (its check
 * days and dates): an ES module that the HTML report (report.js imports it; the page inlines
 * both, tools/bundle_modules.py) and the web application (served as /format.js, which its
 * modules import) share, and that Node imports for the unit tests (tests/web/).
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
/* 10^k for k = MIN_EXP .. MAX_EXP: the double nearest to each, as format.c's literals are
 * (a decimal string is read correctly rounded), up past the exponent of the largest double. */
const MIN_EXP = -9;
const MAX_EXP = 308;
const POW10 = Array.from({ length: MAX_EXP - MIN_EXP + 1 }, (_, i) => Number(`1e${i + MIN_EXP}`));

function pow10(k) { return POW10[k - MIN_EXP]; }

/* The decimal exponent of a > 0: the largest k with 10^k <= a, within the table. */
function exponentOf(a) {
  let k = MIN_EXP;
  while (k < MAX_EXP && pow10(k + 1) <= a) k++;
  return k;
}

/* The decimal exponent of a > 0 once rounded to 3 significant digits. */
function roundedExponent(a) {
  const d = exponentOf(a);
  const n = d <= 2 ? Math.round(a * pow10(2 - d)) : Math.round(a / pow10(d - 2));
  return n >= 1000 ? d + 1 : d;
}

/* A whole number n >= 0 with thousands separators. */
function grouped(n) {
  const digits = n.toFixed(0);
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/* a >= 0 to 3 significant digits, at most 3 decimals, without trailing zeros. */
function significant(a) {
  if (!(a >= pow10(MIN_EXP))) return '0';
  let dec = Math.min(3, Math.max(0, 2 - exponentOf(a)));
  let n = Math.round(a * pow10(dec));
  if (dec > 0 && n >= 1000) n = Math.round(a * pow10(--dec));
  let digits = n.toFixed(0);
  while (digits.length < dec + 1) digits = '0' + digits;
  const whole = digits.length - dec;
  let keep = digits.length;
  while (keep > whole && digits[keep - 1] === '0') keep--;
  return keep === whole ? digits.slice(0, whole) : digits.slice(0, whole) + '.' + digits.slice(whole, keep);
}

/* From a rounded size of 10^SCI_EXP (a thousand billion) on, scientific notation (format.c
 * says why). */
const SCI_EXP = 12;

/* a that rounds to 10^(SCI_EXP - 2) or more to 3 significant digits times a power of ten
 * raised by 'shift' (a share's percentage may be past the largest double): 1e40, 5.42e40. */
function scientific(a, shift) {
  let d = exponentOf(a);
  let n = Math.round(a / pow10(d - 2));
  if (n >= 1000) {
    n = 100;
    d++;
  }
  const digits = String(n).replace(/0+$/, '');
  return digits[0] + (digits.length > 1 ? '.' + digits.slice(1) : '') + 'e' + (d + shift);
}

/* a >= 1000 shortened with the largest unit at or below its rounded size; from 10^SCI_EXP,
 * scientific. */
function shortened(a, withK) {
  const d = roundedExponent(a);
  if (d >= SCI_EXP) return scientific(a, 0);
  const unit = d >= 9 ? 1e9 : d >= 6 || !withK ? 1e6 : 1e3;
  const suffix = d >= 9 ? 'bn' : d >= 6 || !withK ? 'm' : 'k';
  return significant(a / unit) + suffix;
}

function magnitude(a, format) {
  switch (format) {
    case 'day':
      /* The day a time falls in, as its date is (dateOf): see src/output/format.c. */
      return Math.floor(a) > 0 && roundedExponent(Math.floor(a)) >= SCI_EXP
        ? scientific(Math.floor(a), 0) : grouped(Math.floor(a));
    case 'count':
      return Math.round(a) >= 1e6 ? shortened(a, false) : grouped(Math.round(a));
    case 'money':
      return '$' + (a > 0 && roundedExponent(a) >= 3 ? shortened(a, true) : significant(a));
    case 'share': {
      /* Its exponent from the share's own (100 times the largest double is Infinity). */
      const p = 100 * a;
      if (a > 0 && roundedExponent(a) >= SCI_EXP - 2) return scientific(a, 2) + '%';
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
export function value(x, format) {
  if (x === null || x === undefined || typeof x !== 'number' || Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return 'no limit';
  let text = magnitude(Math.abs(x), format);
  /* A share strictly between none and all never reads as either (format.c says why). */
  if (format === 'share' && x > 0 && x < 1) {
    if (text === '0%') text = '<0.001%';
    else if (text === '100%') text = '>99.9%';
  }
  const zero = /^[$0.%]*$/.test(text);
  return (x < 0 && !zero ? '-' : '') + text;
}

/* value(), except that a value other than 0 never reads as 0, as src/output/format.c's
 * fmt_value_nonzero() writes it: "0.4" trucks, "$0.004", "1e-6" km2, where rounding to whole
 * units or to 3 decimals made it 0. A day and a share keep value()'s way. */
export function nonzero(x, format) {
  const text = value(x, format);
  if (typeof x !== 'number' || !Number.isFinite(x) || x === 0 || format === 'day' || format === 'share' ||
    !/^[-$0.]*$/.test(text)) return text;
  let digits = value(Math.abs(x), 'number');
  if (digits === '0') {
    const [m, e] = Math.abs(x).toExponential(2).split('e');
    digits = m.replace(/\.?0+$/, '') + 'e' + Number(e);
  }
  return (x < 0 ? '-' : '') + (format === 'money' ? '$' : '') + digits;
}

/* An observed value as a scenario wrote it, as src/output/observed.c's observed_value_text()
 * writes it: with its part below 1 where a count's or a day's format would round it away
 * ("999.5" beside a simulated 1,000, which "1,000" would contradict), below a million. */
export function observed(x, format) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return value(x, format);
  const whole = Math.floor(x), part = x - whole, digits = part.toFixed(2);
  if ((format !== 'count' && format !== 'day') || !(part > 0) || !(x < 1e6) || digits[0] !== '0' ||
    digits === '0.00') return nonzero(x, format);
  return value(whole, format) + digits.replace(/0+$/, '').slice(1);
}

/* 'x' to two significant digits as the terminal writes a quasi-p-value (src/output/prim_out.c,
 * C's "%.2g"): trailing zeros dropped, and in powers of ten, of two digits at least, below
 * 0.0001 or from 100: 0.05, 0.00053, 5.3e-07. The report wrote 5.3e-7 and 5.3e-4 (JavaScript's
 * toExponential) where the terminal writes 5.3e-07 and 0.00053. Ties of the binary value, which
 * no quasi-p-value meets, round up here and to even in C. */
export function twoDigits(x) {
  if (typeof x !== 'number' || Number.isNaN(x)) return '-';
  if (x === 0 || !Number.isFinite(x)) return x === 0 ? '0' : x > 0 ? 'inf' : '-inf';
  const [digits, power] = x.toExponential(1).split('e');
  const e = Number(power);
  if (e >= -4 && e < 2) return String(Number(x.toPrecision(2)));
  return String(Number(digits)) + 'e' + (e < 0 ? '-' : '+') + String(Math.abs(e)).padStart(2, '0');
}

/* The metrics' registry of 'results' (a run's JSON): {list, byId}, or null when the results
 * were saved before dayafter wrote it. 'key' is "metrics" (each option's headline metrics)
 * or "area_metrics" (each area's). */
export function registry(results, key) {
  const list = results && results[key || 'metrics'];
  if (!Array.isArray(list)) return null;
  const byId = {};
  list.forEach((m) => { byId[m.id] = m; });
  return { list, byId };
}

/* The day a metric is measured on, for those named after one (deployed_day365), else null:
 * such a metric has no value when its day is past the horizon (docs/model.md). */
export function metricDay(id) {
  const m = /_day([0-9]+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

/* ---- the run's calendar ---- */

/* The date of 'day' of a run that starts on 'start' (YYYY-MM-DD, the JSON's "start_date"):
 * the calendar day the value falls in, start + floor(day), as src/util/date.c writes it;
 * null without a start date or a day. UTC arithmetic: the same date in every time zone. */
export function dateOf(start, day) {
  const m = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(start) : null;
  if (!m || typeof day !== 'number' || !Number.isFinite(day)) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + Math.floor(day) * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

/* What a run's JSON says about its days: the horizon (days 0 to horizon - 1), the start
 * date (null when the scenario gives none), the check days on which it measures deployment,
 * in order, and whether a day lies beyond the horizon (the results hold nothing for it: a
 * null there is "beyond the horizon", never 0). Results saved before the JSON listed
 * "check_days" give them by the keys of each option's "p_deployed_by". */
export function calendar(results) {
  const r = results || {};
  const horizon = typeof r.horizon_days === 'number' ? r.horizon_days : null;
  const start = typeof r.start_date === 'string' ? r.start_date : null;
  let checks;
  if (Array.isArray(r.check_days)) {
    checks = r.check_days.filter((d) => typeof d === 'number');
  } else {
    const seen = {};
    (r.options || []).forEach((o) => {
      Object.keys(o.p_deployed_by || {}).forEach((k) => { if (/^[0-9]+$/.test(k)) seen[k] = true; });
    });
    checks = Object.keys(seen).map(Number).sort((a, b) => a - b);
  }
  return {
    horizon,
    lastDay: horizon === null ? null : horizon - 1,
    start,
    checkDays: checks,
    beyond(day) { return horizon !== null && typeof day === 'number' && day >= horizon; },
    dateOf(day) { return dateOf(start, day); }
  };
}

/* The sentence the pages show in place of what needs the registry. */
export const NO_REGISTRY = 'These results were saved by an older dayafter, which did not write its ' +
  'metrics\' labels and units: their metrics are shown by their ids, as plain numbers. Run ' +
  'the scenario again for the full view.';

/* What the pages say of a value on a day past the horizon. */
export const BEYOND = 'beyond the horizon';
