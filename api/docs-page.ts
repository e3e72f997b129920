/**
 * @module docs-page — /api/docs: the OpenAPI document rendered as one self-contained HTML page (no
 * script, no CDN: the server may have no internet), every operation with its parameters, body and
 * responses, every schema as a field list with types, units, bounds and defaults.
 */

import { escapeHtml as esc } from './html';

type Json = Record<string, any>;

/** Prose from the document: escaped, with `code` spans kept. */
const prose = (s: unknown) => esc(s ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');
const refName = (ref: string) => ref.split('/').pop()!;
const anchor = (name: string) => `schema-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
const opAnchor = (method: string, path: string) =>
  `op-${method}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** A schema's type in a few words, with a link where it is a reference. */
function typeOf(s: Json | undefined): string {
  if (!s) return 'any';
  if (s.$ref) return `<a href="#${anchor(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`;
  if (s.enum)
    return s.enum.map((v: unknown) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const)
    if (s[k]) return (s[k] as Json[]).map(typeOf).join(k === 'allOf' ? ' &amp; ' : ' | ');
  const t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  if (t === 'array' || (Array.isArray(s.type) && s.type.includes('array')))
    return `array of ${typeOf(s.items)}`;
  return esc(t) + (s.format ? ` (${esc(s.format)})` : '');
}

/** Bounds, pattern, default: what a value must satisfy. */
function rules(s: Json): string {
  const r: string[] = [];
  if (s.minimum !== undefined) r.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) r.push(`&gt; ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) r.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) r.push(`&lt; ${s.exclusiveMaximum}`);
  if (s.minLength !== undefined) r.push(`length ≥ ${s.minLength}`);
  if (s.maxLength !== undefined) r.push(`length ≤ ${s.maxLength}`);
  if (s.minItems !== undefined) r.push(`items ≥ ${s.minItems}`);
  if (s.maxItems !== undefined) r.push(`items ≤ ${s.maxItems}`);
  if (s.pattern) r.push(`pattern <code>${esc(s.pattern)}</code>`);
  if (s.default !== undefined) r.push(`default <code>${esc(JSON.stringify(s.default))}</code>`);
  if (s.additionalProperties === false) r.push('no other fields');
  return r.join('; ');
}

/**
 * An object schema's fields as a nested list (depth-limited; references are links, not expanded).
 */
function fields(s: Json | undefined, depth = 0): string {
  if (!s || depth > 6) return '';
  const inner = s.type === 'array' ? s.items : s;
  const variants = (inner?.oneOf ?? inner?.anyOf) as Json[] | undefined;
  if (variants)
    return `<ul>${variants
      .map((v, i) => `<li>variant ${i + 1}: ${typeOf(v)}${fields(v, depth + 1)}</li>`)
      .join('')}</ul>`;
  if (!inner || inner.$ref || !inner.properties) return '';
  const required = new Set<string>(inner.required ?? []);
  const rows = Object.entries(inner.properties as Record<string, Json>).map(([name, p]) => {
    const desc = p.description ? ` — ${prose(p.description)}` : '';
    const rule = rules(p);
    return (
      `<li><code>${esc(name)}</code>${required.has(name) ? '' : ' <i>optional</i>'}: ` +
      `${typeOf(p)}${desc}${rule ? ` <small>(${rule})</small>` : ''}${fields(p, depth + 1)}</li>`
    );
  });
  return `<ul>${rows.join('')}</ul>`;
}

function content(c: Json | undefined): string {
  if (!c) return '';
  return Object.entries(c as Record<string, Json>)
    .map(([type, m]) => ` <code>${esc(type)}</code> ${typeOf(m.schema)}${fields(m.schema)}`)
    .join('');
}

function operation(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody as Json | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>);
  return (
    `<section class="op" id="${opAnchor(method, path)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> ` +
    `<code>${esc(path)}</code> — ${esc(op.summary ?? '')}</h3>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
${
  params.length
    ? `<h4>Parameters</h4><ul>${params
        .map(
          (p) =>
            `<li><code>${esc(p.name)}</code> (${esc(p.in)}): ` +
            `${typeOf(p.schema)}${p.schema?.description ? ` — ${esc(p.schema.description)}` : ''}</li>`,
        )
        .join('')}</ul>`
    : ''
}
${body ? `<h4>Body</h4><p>${prose(body.description)} →${content(body.content)}</p>` : ''}
<h4>Responses</h4><ul>${responses
      .map(
        ([code, r]) =>
          `<li><b>${esc(code)}</b> ` +
          `${prose(r.description)}${r.content ? ` →${content(r.content)}` : ''}</li>`,
      )
      .join('')}</ul>
</section>`
  );
}

const STYLE =
  `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
code{font:13px ui-monospace,monospace;background:#f1f3f5;padding:0 .2em;border-radius:3px}h3{margin-bottom:.2rem}
.op{border-top:1px solid #d0d7de;padding-top:.5rem}` +
  '.m{font:bold 12px ui-monospace,monospace;padding:.1em .4em;border-radius:3px;color:#fff;background:#57606a}\n' +
  '.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.delete{background:#cf222e}' +
  'ul ul{border-left:1px solid #d0d7de;margin:.2rem 0}\n' +
  'small{color:#57606a}@media(prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}' +
  'code{background:#161b22}small{color:#8d96a0}a{color:#58a6ff}}';

/** The page for an OpenAPI 3.1 document. */
export function renderDocsPage(doc: Json): string {
  const ops: [string, string, Json][] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const [method, op] of Object.entries(item)) ops.push([method, path, op as Json]);
  }
  const tags = [
    ...((doc.tags ?? []) as Json[]).map((t) => t.name as string),
    ...new Set(ops.flatMap(([, , op]) => op.tags ?? ['other'])),
  ].filter((t, i, a) => a.indexOf(t) === i);
  const byTag = tags
    .map((t) => [t, ops.filter(([, , op]) => (op.tags ?? ['other']).includes(t))] as const)
    .filter(([, list]) => list.length);
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Record<string, Json>).sort(
    ([a], [b]) => a.localeCompare(b),
  );
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info?.title)} ${esc(doc.info?.version)}</title><style>${STYLE}</style></head><body>
<h1>${esc(doc.info?.title)} <small>${esc(doc.info?.version)} · OpenAPI ${esc(doc.openapi)}</small></h1>
<p>${prose(doc.info?.description)}</p><p>Machine-readable: <a href="openapi.json">openapi.json</a>.</p>
<nav><ul>${byTag
      .map(
        ([t, list]) =>
          `<li>${esc(t)}<ul>${list
            .map(
              ([m, p, op]) =>
                `<li><a href="#${opAnchor(m, p)}"><code>${esc(m.toUpperCase())} ` +
                `${esc(p)}</code></a> ${esc(op.summary ?? '')}</li>`,
            )
            .join('')}</ul></li>`,
      )
      .join('')}
<li><a href="#schemas">Schemas</a></li></ul></nav>
${byTag
  .map(
    ([t, list]) => `<h2>${esc(t)}</h2>${list.map(([m, p, op]) => operation(m, p, op)).join('\n')}`,
  )
  .join('\n')}
<h2 id="schemas">Schemas</h2>
${schemas
  .map(
    ([name, s]) =>
      `<section id="${anchor(name)}"><h3>${esc(name)}</h3>` +
      `${s.description ? `<p>${prose(s.description)}</p>` : ''}` +
      `<p>${typeOf(s)}${rules(s) ? ` <small>(${rules(s)})</small>` : ''}</p>${fields(s)}</section>`,
  )
  .join('\n')}
</body></html>`
  );
}
