/**
 * @module components/PlansView — the user's plans beside the optimum: list, editor, KPI table with
 * the NPV gap, overlaid charts.
 */
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { ScenarioInput, SolveResult } from '../../../model/schema';
import { AllocationChart } from '../charts/AllocationChart';
import { CashCompareChart } from '../charts/CashCompareChart';
import { COLORS, offerColor, planColor } from '../charts/scales';
import { describePlan } from '../lib/diff';
import { formatUsdDelta } from '../lib/format';
import { useApp } from '../stores/context';
import { planFromTemplate, type PlanTemplate } from '../stores/plans';
import { KPI_DEFS, MORE_KPI_DEFS, tableKpis } from '../lib/kpis';
import { KpiRow } from './KpiRow';
import { PlanEditor } from './PlanEditor';
import { WaysCompare } from './WaysCompare';
import { Loading, NoPlan, RequestError } from './StatusBanner';
import { offersOf } from '../lib/portfolio';

const TEMPLATES: { value: PlanTemplate; label: string; name: string }[] = [
  { value: 'optimum', label: 'a copy of the optimal plan', name: 'My plan' },
  { value: 'mining', label: 'stay mining (no conversion)', name: 'Stay mining' },
  { value: 'convert-50', label: 'convert 50 MW one quarter in', name: 'Convert 50 MW' },
  { value: 'all-in', label: 'all-in HPC at the earliest start', name: 'All-in HPC' },
];

/** One column of the comparison: the optimum or a user plan, with its answer if there is one. */
interface Column {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly result?: SolveResult;
  readonly state: 'ok' | 'loading' | 'error';
  readonly message?: string;
}

/** The plans view. */
export function PlansView() {
  const app = useApp();
  const [template, setTemplate] = createSignal<PlanTemplate>('mining');
  const setSelected = app.selectPlan;
  const scenario = () => app.scenario.scenario() as ScenarioInput;
  const optimum = () => (app.solve.current() ? app.solve.answer() : undefined);

  const create = () => {
    const t = TEMPLATES.find((x) => x.value === template())!;
    const taken = new Set(app.plans.plans().map((p) => p.name));
    let name = t.name;
    for (let n = 2; taken.has(name); n++) name = `${t.name} ${n}`;
    setSelected(app.plans.add(name, planFromTemplate(t.value, scenario(), optimum()?.result.plan)));
  };

  const columns = createMemo<Column[]>(() => {
    const opt = optimum();
    const cols: Column[] = [
      {
        id: 'optimum',
        name: 'Optimum',
        color: COLORS.optimum,
        result: opt?.result,
        state: opt ? 'ok' : app.solve.failed() ? 'error' : 'loading',
      },
    ];
    app.plans.plans().forEach((p, i) => {
      const ev = app.evaluations.get(p.id);
      cols.push({
        id: p.id,
        name: p.name,
        color: planColor(i),
        result: ev?.state === 'ok' ? ev.result : undefined,
        state: !ev ? 'loading' : ev.state,
        message: ev?.state === 'error' ? ev.error.message : undefined,
      });
    });
    return cols;
  });
  const optNpv = () => optimum()?.result.npvUsd ?? null;
  const selectedPlan = () => app.plans.plans().find((p) => p.id === app.selectedPlanId());
  const selectedIssues = () => {
    const p = selectedPlan();
    const ev = p && app.evaluations.get(p.id);
    return ev?.state === 'error' ? ev.error.issues : [];
  };
  const offers = () => offersOf(scenario());

  return (
    <div class="plans-view" data-testid="plans-view">
      <section class="plans-side" aria-label="Your plans">
        <h2>Your plans</h2>
        <p class="muted small" data-testid="plans-home">
          <strong>My plans in this browser:</strong> drafts kept only here (not shared), each
          evaluated again whenever the scenario on screen changes: the capital plan is fixed,
          mining, debt and distributions are optimised. To keep one for the team, with its scenario
          and answer, save it under Saved plans.
        </p>
        <div class="new-plan">
          <label for="plan-template">New plan from</label>
          <select
            id="plan-template"
            value={template()}
            onChange={(e) => setTemplate(e.currentTarget.value as PlanTemplate)}
          >
            <For each={TEMPLATES}>{(t) => <option value={t.value}>{t.label}</option>}</For>
          </select>
          <button type="button" class="primary-button" onClick={create} data-testid="create-plan">
            Create plan
          </button>
        </div>
        <ul class="plan-list">
          <For each={app.plans.plans()} fallback={<li class="muted">No plan yet.</li>}>
            {(p) => (
              <li classList={{ selected: selectedPlan()?.id === p.id }}>
                <button
                  type="button"
                  class="plan-pick"
                  aria-pressed={selectedPlan()?.id === p.id}
                  onClick={() => setSelected(p.id)}
                >
                  {p.name}
                  <span class="muted small">{describePlan(p.plan, offers())}</span>
                </button>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={`Delete plan ${p.name}`}
                  onClick={() => app.plans.remove(p.id)}
                >
                  ✕
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={selectedPlan()}>
          {(p) => <PlanEditor plan={p()} issues={selectedIssues()} />}
        </Show>
      </section>
      <section class="plans-main" aria-label="Comparison">
        <h2>
          Comparison{' '}
          <Show when={app.evaluations.busy()}>
            <Loading label="Evaluating plans…" />
          </Show>
        </h2>
        <div class="table-scroll">
          <table class="compare" data-testid="compare-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <For each={columns()}>
                  {(c) => (
                    <th scope="col" data-plan={c.name}>
                      <span class="swatch" style={{ background: c.color }} aria-hidden="true" />{' '}
                      {c.name}
                    </th>
                  )}
                </For>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Plan</th>
                <For each={columns()}>
                  {(c) => (
                    <td class="small">{c.result ? describePlan(c.result.plan, offers()) : '—'}</td>
                  )}
                </For>
              </tr>
              <For
                each={tableKpis(
                  [...KPI_DEFS, ...MORE_KPI_DEFS],
                  columns().map((c) => c.result?.kpis),
                )}
              >
                {(def) => (
                  <KpiRow def={def}>
                    <For each={columns()}>
                      {(c) => (
                        <td>
                          <Show
                            when={c.result?.kpis}
                            fallback={
                              c.state === 'loading' ? '…' : c.result ? c.result.status : 'error'
                            }
                          >
                            {(k) => def.value(k())}
                          </Show>
                        </td>
                      )}
                    </For>
                  </KpiRow>
                )}
              </For>
              <tr class="npv-diff" data-testid="npv-diff-row">
                <th scope="row">NPV vs optimum</th>
                <For each={columns()}>
                  {(c) => (
                    <td
                      data-plan={c.name}
                      data-value={
                        c.result?.npvUsd != null && optNpv() != null
                          ? String(c.result.npvUsd - optNpv()!)
                          : ''
                      }
                    >
                      <Show when={c.id !== 'optimum'} fallback="—">
                        {c.result?.npvUsd != null && optNpv() != null
                          ? formatUsdDelta(c.result.npvUsd - optNpv()!)
                          : c.state === 'loading'
                            ? '…'
                            : (c.message ?? c.result?.status ?? '—')}
                      </Show>
                    </td>
                  )}
                </For>
              </tr>
            </tbody>
          </table>
        </div>
        <For each={columns().filter((c) => c.state === 'error' && c.message)}>
          {(c) => (
            <p class="error">
              {c.name}: {c.message}
            </p>
          )}
        </For>
        <For each={columns().filter((c) => c.result && c.result.status !== 'optimal')}>
          {(c) => (
            <div class="plan-problem">
              <strong>{c.name}:</strong>
              <NoPlan result={c.result!} />
            </div>
          )}
        </For>
        <Show when={columns().filter((c) => c.result?.months.length).length}>
          <CashCompareChart
            data={columns()
              .filter((c) => c.result?.months.length)
              .map((c) => ({
                key: c.id,
                name: c.name,
                color: c.color,
                data: c.result!.months,
                dashed: c.id === 'optimum',
              }))}
            minCashUsd={scenario().financing.minCashUsd}
          />
          <h3>Allocation by plan</h3>
          <div class="multiples">
            <For each={columns().filter((c) => c.result?.months.length)}>
              {(c) => (
                <AllocationChart
                  data={c.result!.months}
                  offers={offers()}
                  compact
                  title={c.name}
                  height={180}
                  margin={{ top: 20, right: 10, bottom: 24, left: 44 }}
                />
              )}
            </For>
          </div>
          <p class="muted small">
            Bands as in the main chart: <span class="swatch" style={{ background: '#e08a1e' }} />{' '}
            mining, <span class="swatch" style={{ background: '#9aa3ad' }} /> switching over,{' '}
            <span class="swatch" style={{ background: offerColor(0) }} /> HPC online,{' '}
            <span class="swatch" style={{ background: '#e6e8eb' }} /> idle.
          </p>
        </Show>
        <Show when={app.solve.error()}>
          {(e) => <RequestError error={e()} onRetry={app.solve.retry} />}
        </Show>
        <WaysCompare />
      </section>
    </div>
  );
}
