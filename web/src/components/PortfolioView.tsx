/**
 * @module components/PortfolioView — a portfolio's answer by site: sites × years of MW by use, a
 * schematic map of the sites with the month each converts and its NPV contribution, the order of
 * conversion and why (when the answer states it), and one site's own allocation and cash-flow
 * charts.
 */
import { createMemo, createSignal, For, Index, Show } from 'solid-js';
import type { MonthRow, ScenarioInput, SolveResult } from '../../../model/schema';
import { AllocationChart } from '../charts/AllocationChart';
import { Legend } from '../charts/Legend';
import { CashFlowChart } from '../charts/CashFlowChart';
import { allocationKeys, offerColor, type AllocationKey } from '../charts/scales';
import { formatMonth, formatMW, formatUsd } from '../lib/format';
import {
  byLeaseStart,
  npvSplit,
  offerPaths,
  sequencingOf,
  siteAnswers,
  sitesOf,
  summarizeSites,
} from '../lib/portfolio';
import { yearlyMW } from '../lib/portfolio-years';
import { useApp } from '../stores/context';
import '../portfolio.css';

/**
 * Each site's offers with the colour of their place over all sites (the colour the total chart
 * gives them).
 */
function siteOffers(scenario: ScenarioInput, siteIndex: number) {
  return offerPaths(scenario)
    .map((o, i) => ({ id: o.offer.id, name: o.offer.name, color: offerColor(i), path: o.path }))
    .filter((o) => o.path.startsWith(`sites.${siteIndex}.`));
}

/**
 * One site's small multiple: a bar per calendar year, stacked by use (average grid MW), on the
 * portfolio's MW scale.
 */
function SiteYears(props: {
  name: string;
  keys: readonly AllocationKey[];
  rows: readonly MonthRow[];
  top: number;
  testId: string;
}) {
  const years = createMemo(() => yearlyMW(props.rows, props.keys));
  const W = 300;
  const H = 120;
  // Room on the left for the largest label ("1,700 MW" at 9 px), so none is cut.
  const M = { top: 6, right: 4, bottom: 18, left: 56 };
  const band = () => (W - M.left - M.right) / Math.max(1, years().length);
  const y = (mw: number) => H - M.bottom - (mw / (props.top || 1)) * (H - M.top - M.bottom);
  return (
    <figure class="site-years" data-testid={props.testId}>
      <figcaption>{props.name}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`${props.name}: average grid MW by use in each year`}
        preserveAspectRatio="xMidYMid meet"
      >
        <line
          x1={M.left}
          x2={W - M.right}
          y1={y(0)}
          y2={y(0)}
          stroke="currentColor"
          stroke-opacity="0.4"
        />
        <text x={M.left - 4} y={y(props.top) + 8} text-anchor="end" class="tick">
          {formatMW(Math.round(props.top))}
        </text>
        <text x={M.left - 4} y={y(0)} text-anchor="end" class="tick">
          0
        </text>
        <Index each={years()}>
          {(yr, i) => {
            const stacks = () => {
              let base = 0;
              return props.keys.map((k) => {
                const v = yr().mw[k.key] ?? 0;
                const out = { key: k, y0: base, y1: base + v };
                base += v;
                return out;
              });
            };
            return (
              <g>
                <For each={stacks().filter((s) => s.y1 - s.y0 > 1e-3)}>
                  {(s) => (
                    <rect
                      x={M.left + i * band() + band() * 0.12}
                      width={band() * 0.76}
                      y={y(s.y1)}
                      height={Math.max(0, y(s.y0) - y(s.y1))}
                      fill={s.key.color}
                      data-series={s.key.key}
                    >
                      <title>{`${yr().year} — ${s.key.label}: ${formatMW(s.y1 - s.y0)} on average`}</title>
                    </rect>
                  )}
                </For>
                <text x={M.left + (i + 0.5) * band()} y={H - 4} text-anchor="middle" class="tick">
                  {`'${String(yr().year).slice(2)}`}
                </text>
              </g>
            );
          }}
        </Index>
      </svg>
    </figure>
  );
}

/** The portfolio section of the optimum view; shown only for an answer with `sites`. */
export function PortfolioView(props: {
  result: SolveResult;
  scenario: ScenarioInput;
  answerKey?: string;
}) {
  const app = useApp();
  const sites = () => sitesOf(props.scenario) ?? [];
  const answers = createMemo(() => new Map(siteAnswers(props.result).map((a) => [a.id, a])));
  const summary = createMemo(() => summarizeSites(props.scenario, props.result));
  const sequencing = () => sequencingOf(props.result);
  const split = createMemo(() => npvSplit(props.result));
  const basis = () => props.result.kpis?.npvBasis?.label;
  const name = (id: string) => sites().find((x) => x.id === id)?.name ?? id;
  const first = (id: string, month: string) =>
    `If ${name(id)} had to go first (from ${formatMonth(month)})`;
  const mustGoFirst = () =>
    ((app.scenario.get('solve.mustGoFirst') as string[] | undefined) ?? [])[0] ?? '';
  const [picked, setPicked] = createSignal<string>();
  // The drill-down shows the picked site, or the newest site when none was picked (a site just
  // added).
  const shown = () => sites().find((x) => x.id === picked()) ?? sites().at(-1);
  const shownIndex = () => sites().findIndex((x) => x.id === shown()?.id);
  // One MW scale for every site's small multiple: the largest site's grid sets it.
  const top = createMemo(() =>
    Math.max(1, ...[...answers().values()].flatMap((a) => a.months.map((m) => m.gridMW))),
  );
  const keysOf = (i: number) => allocationKeys(siteOffers(props.scenario, i));
  // One legend for the small multiples: every use, each offer in its colour over all sites.
  const legend = createMemo(() =>
    allocationKeys(
      offerPaths(props.scenario).map((o, i) => ({
        id: o.offer.id,
        name: o.offer.name,
        color: offerColor(i),
      })),
    ).map((k) => ({ label: k.label, color: k.color })),
  );

  return (
    <section
      class="portfolio"
      aria-label="The portfolio by site"
      data-testid="portfolio-view"
      data-sites={sites().length}
      data-answer={props.answerKey}
    >
      <h2>The portfolio: {sites().length} sites on one balance sheet</h2>
      <ol class="site-map" aria-label="Sites and when each converts" data-testid="site-map">
        <For each={[...summary()].sort((a, b) => (a.order ?? 1e9) - (b.order ?? 1e9))}>
          {(x) => (
            <li
              class="site-card"
              classList={{ selected: shown()?.id === x.id, converts: !!x.convertsMonth }}
              data-site={x.id}
              data-order={x.order ?? ''}
            >
              <button
                type="button"
                class="site-card-pick"
                aria-pressed={shown()?.id === x.id}
                onClick={() => setPicked(x.id)}
              >
                <span class="site-card-head">
                  <Show
                    when={x.order}
                    fallback={
                      <span class="order-badge muted" aria-label="does not convert">
                        –
                      </span>
                    }
                  >
                    <span
                      class="order-badge"
                      aria-label={`converts ${x.order}${['st', 'nd', 'rd'][x.order! - 1] ?? 'th'}`}
                    >
                      {x.order}
                    </span>
                  </Show>
                  <strong>{x.name}</strong>{' '}
                  <span class="muted small">{formatMW(x.gridMW)} grid</span>
                </span>
                <span class="small" data-testid="site-converts">
                  {x.convertsMonth
                    ? `Converts from ${formatMonth(x.convertsMonth)}`
                    : 'Mines throughout (no conversion)'}
                  {x.onlineMonth ? `; lease from ${formatMonth(x.onlineMonth)}` : ''}
                </span>
                <span class="small" data-testid="site-npv" data-value={x.npvUsd ?? ''}>
                  <Show
                    when={x.npvUsd != null}
                    fallback={<span class="muted">NPV contribution not in the answer</span>}
                  >
                    NPV contribution <strong>{formatUsd(x.npvUsd)}</strong>
                    <span class="muted">{basis() ? ` (${basis()})` : ''}</span>
                  </Show>
                </span>
              </button>
            </li>
          )}
        </For>
      </ol>
      <p class="muted small">
        A site's NPV contribution is its own free cash flow and terminal value discounted at the
        portfolio's rate. The sites' {formatUsd(split().sitesUsd)} plus the shared balance sheet's{' '}
        <span data-testid="shared-npv" data-value={split().sharedUsd}>
          {formatUsd(split().sharedUsd)}
        </span>{' '}
        (cash at the start, less debt and the costs of financing) make the total NPV of{' '}
        {formatUsd(props.result.npvUsd)}.
      </p>
      <Show when={sequencing()}>
        {(q) => (
          <div class="sequencing" data-testid="sequencing">
            <h3>Order of conversion, and why</h3>
            <div class="field must-first">
              <label for="must-go-first">What would it cost if a site had to go first?</label>
              {/* solve.mustGoFirst: the answer then prices that order (two more solves per site named). */}
              <select
                id="must-go-first"
                value={mustGoFirst()}
                onChange={(e) =>
                  app.scenario.set(
                    'solve.mustGoFirst',
                    e.currentTarget.value ? [e.currentTarget.value] : undefined,
                  )
                }
              >
                <option value="">No site (leave the order to the optimum)</option>
                <For each={sites()}>{(x) => <option value={x.id}>{x.name || x.id}</option>}</For>
              </select>
            </div>
            <Show when={q().order?.some((o) => o.firstBuildMonth)}>
              <ol>
                <For each={byLeaseStart(q().order!.filter((o) => o.firstBuildMonth))}>
                  {(o) => (
                    <li>
                      {name(o.siteId)}: building from {formatMonth(o.firstBuildMonth)}
                      {o.firstCommencementMonth
                        ? `, lease from ${formatMonth(o.firstCommencementMonth)}`
                        : ''}
                      {o.mw != null ? ` (${formatMW(o.mw)})` : ''}
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <Show when={q().bindingMonths?.length}>
              <p class="small">
                The shared money binds in{' '}
                {q()
                  .bindingMonths!.slice(0, 4)
                  .map(
                    (b) =>
                      formatMonth(b.month) +
                      (b.cashShadowUsdPerUsd != null
                        ? ` ($1 more cash then is worth $${b.cashShadowUsdPerUsd.toFixed(2)} of NPV)`
                        : ''),
                  )
                  .join('; ')}
                {q().bindingMonths!.length > 4
                  ? ` and ${q().bindingMonths!.length - 4} more months`
                  : ''}
                : a later site waits for the cash an earlier one frees.
              </p>
            </Show>
            <Show when={q().facilityPerMillionUsd != null}>
              <p class="small">
                One more $1M of facility is worth {formatUsd(q().facilityPerMillionUsd)} of NPV.
              </p>
            </Show>
            <Show when={q().mustGoFirst.length}>
              <ul class="small" data-testid="must-go-first">
                <For each={q().mustGoFirst}>
                  {(m) => (
                    <li data-site={m.siteId} data-value={m.npvLostUsd ?? ''}>
                      {m.startMonth == null
                        ? `${name(m.siteId)} does not convert even if it goes first.`
                        : m.npvLostUsd == null
                          ? `${first(m.siteId, m.startMonth)}, no plan could be funded.`
                          : `${first(m.siteId, m.startMonth)}, the portfolio would be worth ` +
                            `${formatUsd(m.npvUsd)}: ${formatUsd(m.npvLostUsd)} of NPV lost` +
                            `${basis() ? ` (${basis()})` : ''}.`}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </Show>
      <h3>Average grid MW by use, site by site and year by year</h3>
      <Legend items={legend()} />
      <div class="site-years-grid" data-testid="sites-years">
        <For each={sites()}>
          {(x, i) => (
            <SiteYears
              name={x.name || x.id}
              keys={keysOf(i())}
              rows={answers().get(x.id)?.months ?? []}
              top={top()}
              testId={`site-years-${x.id}`}
            />
          )}
        </For>
      </div>
      <Show when={shown()}>
        {(x) => (
          <div class="site-drill" data-testid="site-drill" data-site={x().id}>
            <h3>
              {x().name || x().id}: its own months{' '}
              <span class="muted small">
                (pick a site above; its inputs are edited under “Sites” in the editor)
              </span>
            </h3>
            <button
              type="button"
              class="link-button"
              onClick={() => app.scenario.selectSite(shownIndex())}
            >
              Edit {x().name || x().id}'s inputs
            </button>
            <Show
              when={answers().get(x().id)}
              fallback={<p class="muted">The answer has no months for this site.</p>}
            >
              {(a) => (
                <div class="chart-grid">
                  <div class="chart-wide">
                    <AllocationChart
                      data={a().months}
                      offers={siteOffers(props.scenario, shownIndex())}
                      title={`Where ${x().name || x().id}'s grid MW go`}
                      testId="site-allocation-chart"
                      hover={app.hover()}
                      onHover={app.setHover}
                    />
                  </div>
                  <div class="chart-wide">
                    <CashFlowChart data={a().months} hover={app.hover()} onHover={app.setHover} />
                  </div>
                </div>
              )}
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
