/**
 * @module chart-image — a chart's SVG as a stand-alone SVG file or a PNG image (styles from the
 * page inlined).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * `svg` as stand-alone markup: a white background, the page's text styles and `currentColor`
 * written in, and the pointer-only overlays (hover band, hit area) left out, so the file looks as
 * the chart does on screen.
 */
export function svgMarkup(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((e, i) => {
    const cs = getComputedStyle(e);
    const style = [`color: ${cs.color}`];
    if (e instanceof SVGTextElement) style.push(`font: ${cs.font}`, `fill: ${cs.fill}`);
    to[i].setAttribute('style', style.join('; '));
  });
  clone.querySelectorAll('.hover-band, .hover-target').forEach((e) => e.remove());
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}

/** `markup` (from {@link svgMarkup}) drawn at `scale` × its size into a PNG. */
export async function svgToPng(
  markup: string,
  width: number,
  height: number,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((ok, fail) =>
      canvas.toBlob(
        (b) => (b ? ok(b) : fail(new Error('invalid image: the chart could not be drawn'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
