/**
 * @module components/KpiRow — one KPI's row of a comparison table: its label (with its meaning as a
 * tooltip), then a cell per column.
 */
import type { JSX } from 'solid-js';
import type { KpiDef } from '../lib/kpis';

/** A `<tr data-kpi>` with the KPI's label as its row header and `children` as its cells. */
export function KpiRow(props: { def: KpiDef; children: JSX.Element }) {
  return (
    <tr data-kpi={props.def.key}>
      <th scope="row" title={props.def.hint}>
        {props.def.label}
      </th>
      {props.children}
    </tr>
  );
}
