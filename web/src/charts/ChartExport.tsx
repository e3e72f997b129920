/** @module charts/ChartExport — SVG and PNG downloads of the chart the buttons sit in. */
import { downloadText, fileSlug } from '../lib/csv';
import { svgMarkup, svgToPng } from '../lib/chart-image';

/** The chart's own SVG (not a legend swatch) in the figure around `from`. */
const chartSvg = (from: Element) =>
  from.closest('figure')?.querySelector<SVGSVGElement>('.chart-body > svg[role=img]') ?? undefined;

/**
 * Two small buttons, for a chart's caption: the chart as an SVG file or a PNG image, named `name`.
 */
export function ChartExport(props: { name: string; title: string }) {
  const svg = async (e: MouseEvent) => {
    const el = chartSvg(e.currentTarget as Element);
    if (el) downloadText(`${fileSlug(props.name)}.svg`, svgMarkup(el), 'image/svg+xml');
  };
  const png = async (e: MouseEvent) => {
    const el = chartSvg(e.currentTarget as Element);
    if (!el) return;
    const box = el.getBoundingClientRect();
    downloadText(
      `${fileSlug(props.name)}.png`,
      await svgToPng(svgMarkup(el), box.width, box.height),
      'image/png',
    );
  };
  return (
    <span class="chart-export">
      <button
        type="button"
        class="link-button small"
        onClick={(e) => void svg(e)}
        aria-label={`${props.title} as SVG`}
        data-testid="chart-svg"
      >
        SVG
      </button>
      <button
        type="button"
        class="link-button small"
        onClick={(e) => void png(e)}
        aria-label={`${props.title} as PNG`}
        data-testid="chart-png"
      >
        PNG
      </button>
    </span>
  );
}
