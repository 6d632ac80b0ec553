/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_assets.h - the report's scripts and style, embedded at build time by
 * tools/embed_text.py: the charting library from web/node_modules (Vega, Vega-Lite,
 * vega-embed), web/report.css, and report_js: web/report.js and web/format.js (which it
 * imports) as one script, inlined by tools/bundle_modules.py.
 */
#ifndef DA_OUTPUT_REPORT_ASSETS_H
#define DA_OUTPUT_REPORT_ASSETS_H

#include <stddef.h>

extern const char report_css[], report_js[];
extern const char report_vega[], report_vega_lite[], report_vega_embed[];
extern const size_t report_css_len, report_js_len;
extern const size_t report_vega_len, report_vega_lite_len, report_vega_embed_len;

#endif /* DA_OUTPUT_REPORT_ASSETS_H */
