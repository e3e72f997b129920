/**
 * @module components/Sliders — the inputs that move decisions, as sliders that re-optimise as they
 * move.
 */
import { createMemo, For, Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import {
  FINANCING_FIELDS,
  FINANCING_SECTIONS,
  offerFieldsFor,
  PROJECTION_FIELDS,
  SITE_FIELDS,
  fromDisplay,
  toDisplay,
  type FieldDef,
} from '../lib/fields';
import { formatNumber } from '../lib/format';
import { useApp } from '../stores/context';
import { offerColor } from '../charts/scales';
import { fieldId } from './Field';
import { joinPath } from '../lib/paths';
import { offerPaths } from '../lib/portfolio';

/** One slider: its full path and definition, and a group label (e.g. the offer's name). */
interface SliderSpec {
  readonly path: string;
  readonly def: FieldDef;
  /**
   * For a value that is not one stored number (the level of a hashprice series): read and write it.
   */
  readonly custom?: { get: () => number; set: (v: number) => void };
}

/**
 * The average of a hashprice series, and a setter that scales the whole series to a new average.
 */
function seriesLevel(app: ReturnType<typeof useApp>): SliderSpec['custom'] {
  const path = 'market.hashprice.usdPerPhDay';
  const series = () => (app.scenario.get(path) as number[] | undefined) ?? [];
  const mean = () => (series().length ? series().reduce((a, b) => a + b, 0) / series().length : 0);
  return {
    get: () => Number(mean().toFixed(1)),
    set: (v) => {
      const m = mean();
      // Scaling keeps the series' shape (halving step, trend); from an all-zero series, set a flat
      // one.
      app.scenario.set(
        path,
        m > 0 ? series().map((x) => Number(((x * v) / m).toFixed(4))) : series().map(() => v),
      );
    },
  };
}

const SERIES_LEVEL: FieldDef = {
  path: 'market.hashprice.usdPerPhDay',
  label: 'Hashprice level',
  kind: 'number',
  unit: '$/PH/day avg',
  slider: { min: 10, max: 120, step: 0.5, label: 'Hashprice level' },
};

function Slider(props: SliderSpec) {
  const app = useApp();
  const s = () => props.def.slider!;
  const value = () => {
    if (props.custom) return props.custom.get();
    const v = app.scenario.get(props.path);
    return typeof v === 'number' ? toDisplay(v, props.def.scale) : s().min;
  };
  // Keep the thumb on the track when a typed value is outside the usual range.
  const min = () => Math.min(s().min, value());
  const max = () => Math.max(s().max, value());
  const id = () => `${fieldId(props.path)}-slider`;
  const text = () => `${formatNumber(value(), 2)} ${props.def.unit ?? ''}`.trim();
  return (
    <div class="slider" data-testid={`slider-${props.path}`}>
      <label for={id()}>{s().label ?? props.def.label}</label>
      <input
        id={id()}
        type="range"
        min={min()}
        max={max()}
        step={s().step}
        value={value()}
        aria-valuetext={text()}
        onInput={(e) => {
          app.solve.slide();
          const v = Number(e.currentTarget.value);
          if (props.custom) props.custom.set(v);
          else app.scenario.set(props.path, fromDisplay(v, props.def.scale));
        }}
      />
      <output for={id()} class="slider-value">
        {text()}
      </output>
    </div>
  );
}

/** A row of sliders under one heading (market and financing, or one HPC offer). */
interface SliderGroup {
  readonly title: string;
  readonly color?: string;
  readonly specs: readonly SliderSpec[];
}

const sameGroups = (a: readonly SliderGroup[], b: readonly SliderGroup[]) =>
  a.length === b.length &&
  a.every(
    (g, i) =>
      g.title === b[i].title &&
      g.specs.length === b[i].specs.length &&
      g.specs.every((x, j) => x.path === b[i].specs[j].path),
  );

/**
 * The sliders for the scenario on screen: market, power and financing first, then one row per HPC
 * offer.
 */
export function Sliders() {
  const app = useApp();
  const groups = createMemo<SliderGroup[]>(
    () => {
      const sc = app.scenario.scenario() as ScenarioInput | undefined;
      if (!sc) return [];
      const withSlider = (defs: readonly FieldDef[]) => defs.filter((d) => d.slider);
      const general: SliderSpec[] = [];
      if (sc.market.hashprice.kind === 'projection')
        general.push(...withSlider(PROJECTION_FIELDS).map((def) => ({ path: def.path, def })));
      else general.push({ path: SERIES_LEVEL.path, def: SERIES_LEVEL, custom: seriesLevel(app) });
      // A portfolio's site sliders and offers are the site being edited (its offers keep their
      // colours over all sites).
      const base = app.scenario.siteBase();
      general.push(
        ...withSlider(SITE_FIELDS).map((def) => ({ path: joinPath(base, def.path), def })),
      );
      for (const section of FINANCING_SECTIONS) {
        if (app.scenario.get(section.path) === undefined) continue;
        general.push(
          ...withSlider(section.fields).map((def) => ({
            path: `${section.path}.${def.path}`,
            def,
          })),
        );
      }
      general.push(...withSlider(FINANCING_FIELDS).map((def) => ({ path: def.path, def })));
      return [
        { title: 'Market, power and financing', specs: general },
        ...offerPaths(sc)
          .map((o, i) => ({ ...o, color: offerColor(i) }))
          .filter((o) => o.path.startsWith(joinPath(base, 'hpcOptions.')))
          .map((o) => ({
            title: o.offer.name || o.offer.id,
            color: o.color,
            specs: withSlider(offerFieldsFor(o.offer)).map((def) => ({
              path: `${o.path}.${def.path}`,
              def,
            })),
          })),
      ];
    },
    [],
    // Same headings and paths → same list, so <For> keeps each slider's element while it is
    // dragged.
    { equals: sameGroups },
  );
  return (
    <section class="sliders" aria-label="Decision drivers">
      <h2>
        Decision drivers <span class="muted small">— move one and the optimum is solved again</span>
      </h2>
      <For each={groups()}>
        {(group) => (
          <div class="slider-row" role="group" aria-label={group.title}>
            <h3 class="slider-row-title" title={group.title}>
              <Show when={group.color}>
                <span class="swatch" style={{ background: group.color }} aria-hidden="true" />{' '}
              </Show>
              {group.title}
            </h3>
            <div class="slider-grid">
              <For each={group.specs}>{(spec) => <Slider {...spec} />}</For>
            </div>
          </div>
        )}
      </For>
    </section>
  );
}
