/** @module components/Sliders — the inputs that move decisions, as sliders that re-optimise as they move. */
import { createMemo, For, Show } from 'solid-js';
import type { ScenarioInput } from '../../../model/schema';
import { FINANCING_FIELDS, FINANCING_SECTIONS, OFFER_FIELDS, PROJECTION_FIELDS, SITE_FIELDS, fromDisplay, toDisplay, type FieldDef } from '../lib/fields';
import { formatNumber } from '../lib/format';
import { useApp } from '../stores/context';
import { fieldId } from './Field';

/** One slider: its full path and definition, and a group label (e.g. the offer's name). */
interface SliderSpec {
  readonly path: string;
  readonly def: FieldDef;
  readonly group?: string;
}

function Slider(props: SliderSpec) {
  const app = useApp();
  const s = () => props.def.slider!;
  const value = () => {
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
      <label for={id()}>
        {s().label ?? props.def.label}
        <Show when={props.group}>
          <span class="slider-group"> · {props.group}</span>
        </Show>
      </label>
      <input
        id={id()}
        type="range"
        min={min()}
        max={max()}
        step={s().step}
        value={value()}
        aria-valuetext={text()}
        onInput={(e) => app.scenario.set(props.path, fromDisplay(Number(e.currentTarget.value), props.def.scale))}
      />
      <output for={id()} class="slider-value">
        {text()}
      </output>
    </div>
  );
}

/** The sliders for the scenario on screen: market, power, each offer's lease/capex/build time, financing. */
export function Sliders() {
  const app = useApp();
  const specs = createMemo<SliderSpec[]>(() => {
    const sc = app.scenario.scenario() as ScenarioInput | undefined;
    if (!sc) return [];
    const out: SliderSpec[] = [];
    const withSlider = (defs: readonly FieldDef[]) => defs.filter((d) => d.slider);
    if (sc.market.hashprice.kind === 'projection') out.push(...withSlider(PROJECTION_FIELDS).map((def) => ({ path: def.path, def })));
    out.push(...withSlider(SITE_FIELDS).map((def) => ({ path: def.path, def })));
    sc.hpcOptions.forEach((o, i) =>
      out.push(...withSlider(OFFER_FIELDS).map((def) => ({ path: `hpcOptions.${i}.${def.path}`, def, group: o.name || o.id }))),
    );
    for (const section of FINANCING_SECTIONS) {
      if (app.scenario.get(section.path) === undefined) continue;
      out.push(...withSlider(section.fields).map((def) => ({ path: `${section.path}.${def.path}`, def })));
    }
    out.push(...withSlider(FINANCING_FIELDS).map((def) => ({ path: def.path, def })));
    return out;
    // Same paths and groups → same list, so <For> keeps each slider's element while it is dragged.
  }, [], { equals: (a, b) => a.length === b.length && a.every((x, i) => x.path === b[i].path && x.group === b[i].group) });
  return (
    <section class="sliders" aria-label="Decision drivers">
      <h2>
        Decision drivers <span class="muted small">— move one and the optimum is solved again</span>
      </h2>
      <div class="slider-grid">
        <For each={specs()}>{(spec) => <Slider {...spec} />}</For>
      </div>
    </section>
  );
}
