/**
 * @module report/charts — the board report's charts as plain SVG strings (no DOM, no script): the
 * value bridge, the megawatts by use month by month, and cash and debt. Colours by meaning: mining
 * amber, HPC blue, idle grey, a loss red.
 */
import type { MonthRow, SolveResult } from '../../model';
import { escapeHtml as esc } from '../html';
import { bridgeRows, reportMonth, reportUsd } from '../../model/report';

/** Chart size in SVG units (the page scales it to its column). */
const W = 680;
const H = 210;
const M = { top: 14, right: 12, bottom: 34, left: 64 };

/** A linear map of [d0, d1] onto [r0, r1]. */
const linear = (d0: number, d1: number, r0: number, r1: number) => (x: number) =>
  d1 === d0 ? (r0 + r1) / 2 : r0 + ((x - d0) / (d1 - d0)) * (r1 - r0);

/** Round numbers between lo and hi for an axis: about `count` of them. */
function ticks(lo: number, hi: number, count = 4): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
  return out;
}

const r1 = (x: number) => Math.round(x * 10) / 10;

function frame(label: string, body: string): string {
  return (
    `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" ` +
    `xmlns="http://www.w3.org/2000/svg" font-size="13" font-family="inherit">${body}</svg>`
  );
}

/** The y axis: grid lines and labels at round values. */
function yAxis(y: (v: number) => number, lo: number, hi: number, fmt: (v: number) => string) {
  return ticks(lo, hi)
    .map(
      (v) =>
        `<line x1="${M.left}" x2="${W - M.right}" y1="${r1(y(v))}" y2="${r1(y(v))}" stroke="#ddd"/>` +
        `<text x="${M.left - 6}" y="${r1(y(v)) + 4}" text-anchor="end">${esc(fmt(v))}</text>`,
    )
    .join('');
}

/** The month axis: the first month of each year (every second year past eight years). */
function monthAxis(months: readonly MonthRow[], x: (i: number) => number) {
  const every = months.length > 96 ? 24 : 12;
  const first = months.findIndex((r) => r.month.endsWith('-01'));
  const out: string[] = [];
  for (let i = Math.max(first, 0); i < months.length; i += every)
    out.push(
      `<text x="${r1(x(i))}" y="${H - M.bottom + 16}" text-anchor="middle">` +
        `${esc(reportMonth(months[i].month))}</text>`,
    );
  return out.join('');
}

function legend(items: readonly [string, string][]) {
  return items
    .map(
      ([name, colour], i) =>
        `<rect x="${M.left + i * 130}" y="${H - 12}" width="10" height="10" fill="${colour}"/>` +
        `<text x="${M.left + i * 130 + 14}" y="${H - 3}">${esc(name)}</text>`,
    )
    .join('');
}

/**
 * The value bridge: from the mining-only plan's NPV, each part of the uplift (kpis.valueBridge,
 * docs/model.md "Baseline and KPIs"), to the plan's NPV; '' without a bridge.
 */
export function valueBridgeSvg(result: SolveResult): string {
  const k = result.kpis;
  const parts = bridgeRows(result).filter((r) => !r.total);
  if (!parts.length || k?.miningOnlyNpvUsd == null || result.npvUsd == null) return '';
  const bars: { name: string; from: number; to: number; total: boolean }[] = [
    { name: 'Mining only', from: 0, to: k.miningOnlyNpvUsd, total: true },
  ];
  let level = k.miningOnlyNpvUsd;
  for (const p of parts) {
    bars.push({ name: p.short, from: level, to: level + p.usd, total: false });
    level += p.usd;
  }
  bars.push({ name: 'Plan', from: 0, to: result.npvUsd, total: true });
  const values = bars.flatMap((d) => [d.from, d.to]);
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const y = linear(lo, hi, H - M.bottom, M.top + 10);
  const band = (W - M.left - M.right) / bars.length;
  const body = bars
    .map((d, i) => {
      const top = Math.min(y(d.from), y(d.to));
      const h = Math.max(Math.abs(y(d.from) - y(d.to)), 1);
      const fill = d.total ? '#555' : d.to >= d.from ? '#2b6cb0' : '#c53030';
      const cx = M.left + band * (i + 0.5);
      const change = d.total ? d.to : d.to - d.from;
      return (
        `<rect x="${r1(M.left + band * i + band * 0.15)}" y="${r1(top)}" width="${r1(band * 0.7)}" ` +
        `height="${r1(h)}" fill="${fill}"/>` +
        `<text x="${r1(cx)}" y="${r1(top) - 3}" text-anchor="middle">${esc(reportUsd(change))}</text>` +
        `<text x="${r1(cx)}" y="${H - M.bottom + 16}" text-anchor="middle">${esc(d.name)}</text>`
      );
    })
    .join('');
  return frame(
    'Value bridge from the mining-only NPV to the plan NPV',
    yAxis(y, lo, hi, (v) => reportUsd(v)) + body,
  );
}

/** Stacked areas of grid MW by use, month by month: mining, HPC (building or online), idle. */
export function allocationSvg(months: readonly MonthRow[]): string {
  if (!months.length) return '';
  const layers: [string, string, (r: MonthRow) => number][] = [
    ['Mining', '#d69e2e', (r) => r.miningMW],
    ['HPC building', '#90cdf4', (r) => r.hpcBuildingMW + r.hpcSwitchingMW],
    ['HPC online', '#2b6cb0', (r) => r.hpcOnlineMW],
    ['Idle', '#a0aec0', (r) => r.idleMW],
  ];
  const hi = Math.max(1, ...months.map((r) => layers.reduce((s, [, , f]) => s + f(r), 0)));
  const x = linear(0, months.length, M.left, W - M.right);
  const y = linear(0, hi, H - M.bottom, M.top);
  const base = months.map(() => 0);
  const areas = layers.map(([, colour, f]) => {
    const top = months.map((r, i) => base[i] + Math.max(f(r), 0));
    const upper = top.flatMap((v, i) => [`${r1(x(i))},${r1(y(v))}`, `${r1(x(i + 1))},${r1(y(v))}`]);
    const lower = base
      .flatMap((v, i) => [`${r1(x(i))},${r1(y(v))}`, `${r1(x(i + 1))},${r1(y(v))}`])
      .reverse();
    top.forEach((v, i) => (base[i] = v));
    return `<polygon points="${[...upper, ...lower].join(' ')}" fill="${colour}"/>`;
  });
  return frame(
    'Grid MW by use, month by month',
    yAxis(y, 0, hi, (v) => `${v} MW`) +
      areas.join('') +
      monthAxis(months, x) +
      legend(layers.map(([n, c]) => [n, c])),
  );
}

/** Month-end cash and debt, USD, as two lines. */
export function cashDebtSvg(months: readonly MonthRow[]): string {
  if (!months.length) return '';
  const series: [string, string, (r: MonthRow) => number][] = [
    ['Cash', '#2f855a', (r) => r.cashUsd],
    ['Debt', '#c53030', (r) => r.debtUsd],
  ];
  const values = months.flatMap((r) => series.map(([, , f]) => f(r)));
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const x = linear(0, months.length - 1 || 1, M.left, W - M.right);
  const y = linear(lo, hi, H - M.bottom, M.top);
  const lines = series.map(
    ([, colour, f]) =>
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${months
        .map((r, i) => `${r1(x(i))},${r1(y(f(r)))}`)
        .join(' ')}"/>`,
  );
  return frame(
    'Cash and debt at month end',
    yAxis(y, lo, hi, (v) => reportUsd(v)) +
      lines.join('') +
      monthAxis(months, x) +
      legend(series.map(([n, c]) => [n, c])),
  );
}
