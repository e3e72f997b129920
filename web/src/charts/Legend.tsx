/**
 * @module charts/Legend — the key of a chart: a swatch (area, line, dashed line or marker) and a
 * label per series.
 */
import { Index } from 'solid-js';

/** One legend entry. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  readonly kind?: 'area' | 'line' | 'dash';
  /** The dash pattern of a `dash` entry (as the series draws it). */
  readonly dash?: string;
}

/** A chart's legend, as a list (screen readers read it before the figure). */
export function Legend(props: { items: readonly LegendItem[] }) {
  return (
    <ul class="legend" aria-label="Legend">
      {/* By position: a chart's new answer brings new item objects for the same entries, and the
      entries' nodes are updated, not made again. */}
      <Index each={props.items}>
        {(item) => (
          <li>
            <svg width="18" height="10" aria-hidden="true">
              {item().kind === 'line' || item().kind === 'dash' ? (
                <line
                  x1="0"
                  x2="18"
                  y1="5"
                  y2="5"
                  stroke={item().color}
                  stroke-width="2.5"
                  stroke-dasharray={item().kind === 'dash' ? (item().dash ?? '4 3') : undefined}
                />
              ) : (
                <rect width="18" height="10" rx="2" fill={item().color} />
              )}
            </svg>
            {item().label}
          </li>
        )}
      </Index>
    </ul>
  );
}
