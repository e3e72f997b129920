/**
 * @module report/style — the board report's CSS: an A4 page, print first (the app's Report view
 * prints the same way, web/src/report.css).
 */
export const REPORT_CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; }
.report { max-width: 190mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
h2 { font-size: 11.5pt; margin: 10pt 0 4pt; border-bottom: 1px solid #cbd5e0; padding-bottom: 2pt; }
.meta, .sources, .market-date { color: #4a5568; margin: 0 0 4pt; }
.verdict { font-size: 12.5pt; font-weight: 600; margin: 2pt 0; }
.reason { font-style: italic; }
ul { margin: 2pt 0; padding-left: 14pt; }
.figures { display: grid; grid-template-columns: 1fr 1fr; gap: 2pt 16pt; margin: 6pt 0; }
/* Label and value on one baseline: the line reads "NPV $513.0M" (and so does the PDF's text). */
.figure { display: flex; align-items: baseline; gap: 8pt;
  border-bottom: 1px solid #edf2f7; }
.figure dt { color: #4a5568; } /* the same size as the value: one baseline, one line of text */
.figure dd { margin: 0; font-weight: 700; white-space: nowrap; }
.figure small { font-weight: 400; color: #4a5568; }
.side { display: grid; grid-template-columns: 3fr 2fr; gap: 8pt; align-items: start; }
.chart { width: 100%; height: auto; display: block; margin: 2pt 0; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 6pt; }
.charts h2 { grid-column: 1 / -1; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { text-align: left; padding: 1.5pt 4pt; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
td.num, .bridge td { text-align: right; white-space: nowrap; }
td.date { white-space: nowrap; }
tr.group th { padding-top: 5pt; background: #edf2f7; }
.assumptions-section { break-before: page; }
section { break-inside: avoid-page; }
.assumptions-section, .assumptions { break-inside: auto; }
tr { break-inside: avoid; }
@media screen { body { background: #f7fafc; } .report { background: #fff; padding: 12mm; } }
`;
