/**
 * @module lp-parse — a small CPLEX LP reader for tests, written independently of the model's LP
 * writer, so that GLPK (whose JS build has no LP reader) can solve exactly the text /api/lp serves.
 * Supports: Maximize/Minimize, one objective (optionally named), Subject To rows with <=, >=, =,
 * Bounds (x >= l, x <= u, l <= x <= u, x = v, x free, -inf/+inf), Generals/Integers, Binaries, End.
 * Comments start with `\`.
 */

/**
 * The parsed programme in glpk.js's JSON shape (direction, objective, subjectTo, bounds, generals).
 */
export interface ParsedLp {
  sense: 'max' | 'min';
  objective: { name: string; terms: Map<string, number>; constant: number };
  rows: { name: string; terms: Map<string, number>; op: '<=' | '>=' | '='; rhs: number }[];
  bounds: Map<string, { lb: number; ub: number }>;
  integers: Set<string>;
  vars: Set<string>;
}

const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(tok: string): number {
  const t = tok.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (!NUM.test(tok)) throw new Error(`LP parse: not a number: ${tok}`);
  return Number(tok);
}

/** Splits an expression `3 x + 2.5 y - z` into terms; a bare number is a constant. */
function parseExpr(
  tokens: string[],
  vars: Set<string>,
): { terms: Map<string, number>; constant: number } {
  const terms = new Map<string, number>();
  let constant = 0;
  let sign = 1;
  let coef: number | null = null;
  for (const tok of tokens) {
    if (tok === '+') continue;
    if (tok === '-') {
      sign = -sign;
      continue;
    }
    if (NUM.test(tok)) {
      coef = (coef ?? 1) * Number(tok);
      continue;
    }
    const v = sign * (coef ?? 1);
    terms.set(tok, (terms.get(tok) ?? 0) + v);
    vars.add(tok);
    sign = 1;
    coef = null;
  }
  if (coef !== null) constant += sign * coef;
  return { terms, constant };
}

function tokenize(s: string): string[] {
  return s
    .replace(/(<=|>=|=<|=>|<|>|=)/g, ' $1 ')
    .replace(/([+-])(?![\d.]*[eE]?\d)(?=\s|[A-Za-z_])/g, ' $1 ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((t) => (/^[+-][A-Za-z_]/.test(t) ? [t[0], t.slice(1)] : [t]));
}

/** Parses CPLEX LP text. Throws on anything it does not understand. */
export function parseLp(text: string): ParsedLp {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\\.*$/, '').trim());
  const out: ParsedLp = {
    sense: 'max',
    objective: { name: 'obj', terms: new Map(), constant: 0 },
    rows: [],
    bounds: new Map(),
    integers: new Set(),
    vars: new Set(),
  };
  type Section = 'none' | 'obj' | 'st' | 'bounds' | 'int' | 'end';
  let section: Section = 'none';
  let buf: string[] = [];
  const flushStatement = () => {
    if (!buf.length) return;
    const stmt = buf.join(' ');
    buf = [];
    let name = '';
    let body = stmt;
    const m = /^([A-Za-z_][\w.]*)\s*:(.*)$/.exec(stmt);
    if (m) [name, body] = [m[1], m[2]];
    if (section === 'obj') {
      const e = parseExpr(tokenize(body), out.vars);
      out.objective = { name: name || 'obj', terms: e.terms, constant: e.constant };
    } else if (section === 'st') {
      const toks = tokenize(body);
      const k = toks.findIndex((t) => ['<=', '>=', '=', '=<', '=>', '<', '>'].includes(t));
      if (k < 0) throw new Error(`LP parse: row without a sense: ${stmt}`);
      const op = (
        { '<=': '<=', '=<': '<=', '<': '<=', '>=': '>=', '=>': '>=', '>': '>=', '=': '=' } as const
      )[toks[k] as '<='];
      const lhs = parseExpr(toks.slice(0, k), out.vars);
      const rhs = toks.slice(k + 1);
      const sign = rhs[0] === '-' ? -1 : 1;
      const rnum = parseNumber(rhs[0] === '-' || rhs[0] === '+' ? rhs[1] : rhs[0]) * sign;
      out.rows.push({
        name: name || `r${out.rows.length}`,
        terms: lhs.terms,
        op,
        rhs: rnum - lhs.constant,
      });
    }
  };
  for (const line of lines) {
    if (!line) continue;
    const low = line.toLowerCase();
    if (/^(maximize|maximise|maximum|max)$/.test(low)) {
      section = 'obj';
      out.sense = 'max';
      continue;
    }
    if (/^(minimize|minimise|minimum|min)$/.test(low)) {
      section = 'obj';
      out.sense = 'min';
      continue;
    }
    if (/^(subject to|such that|st|s\.t\.)$/.test(low)) {
      flushStatement();
      section = 'st';
      continue;
    }
    if (/^bounds?$/.test(low)) {
      flushStatement();
      section = 'bounds';
      continue;
    }
    if (/^(generals?|integers?|gen|binaries|binary|bin)$/.test(low)) {
      flushStatement();
      section = 'int';
      continue;
    }
    if (low === 'end') {
      flushStatement();
      section = 'end';
      continue;
    }
    if (section === 'obj' || section === 'st') {
      // A new statement starts with `name:`; otherwise the line continues the previous one.
      if (/^[A-Za-z_][\w.]*\s*:/.test(line)) flushStatement();
      buf.push(line);
      if (
        section === 'st' &&
        /(<=|>=|=<|=>|<|>|=)\s*[+-]?\s*[\d.]+([eE][+-]?\d+)?$|(<=|>=|=)\s*[+-]?inf/i.test(line)
      )
        flushStatement();
    } else if (section === 'bounds') {
      const toks = tokenize(line).reduce<string[]>((acc, t, i, all) => {
        if (
          (t === '-' || t === '+') &&
          i + 1 < all.length &&
          (NUM.test(all[i + 1]) || /^inf/i.test(all[i + 1]))
        ) {
          all[i + 1] = t + all[i + 1];
          return acc;
        }
        acc.push(t);
        return acc;
      }, []);
      const bound = (v: string) => out.bounds.get(v) ?? { lb: 0, ub: Infinity };
      if (toks.length === 2 && toks[1].toLowerCase() === 'free') {
        out.bounds.set(toks[0], { lb: -Infinity, ub: Infinity });
      } else if (toks.length === 5) {
        const [l, , v, , u] = toks;
        out.bounds.set(v, { lb: parseNumber(l), ub: parseNumber(u) });
      } else if (toks.length === 3) {
        const [a, op, b] = toks;
        const varFirst = !NUM.test(a) && !/^[+-]?inf/i.test(a);
        const v = varFirst ? a : b;
        const num = parseNumber(varFirst ? b : a);
        const cur = bound(v);
        const flipped = varFirst ? op : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
        if (flipped === '=') out.bounds.set(v, { lb: num, ub: num });
        else if (flipped === '<=' || flipped === '=<') out.bounds.set(v, { ...cur, ub: num });
        else out.bounds.set(v, { ...cur, lb: num });
      } else {
        throw new Error(`LP parse: bound not understood: ${line}`);
      }
    } else if (section === 'int') {
      for (const v of line.split(/\s+/)) out.integers.add(v);
    }
  }
  flushStatement();
  return out;
}

/** Solves parsed LP text with GLPK (glpk.js) and returns the objective including the constant. */
export async function solveWithGlpk(text: string): Promise<{ status: string; objective: number }> {
  const GLPK = (await import('glpk.js/node')).default as unknown as () => any;
  const glpk = await GLPK();
  const p = parseLp(text);
  const vars = (m: Map<string, number>) => [...m].map(([name, coef]) => ({ name, coef }));
  const bounds = [...p.vars].map((name) => {
    const b = p.bounds.get(name) ?? { lb: 0, ub: Infinity };
    const type =
      b.lb === -Infinity && b.ub === Infinity
        ? glpk.GLP_FR
        : b.lb === -Infinity
          ? glpk.GLP_UP
          : b.ub === Infinity
            ? glpk.GLP_LO
            : b.lb === b.ub
              ? glpk.GLP_FX
              : glpk.GLP_DB;
    return {
      name,
      type,
      lb: Number.isFinite(b.lb) ? b.lb : 0,
      ub: Number.isFinite(b.ub) ? b.ub : 0,
    };
  });
  const model = {
    name: 'lp',
    objective: {
      direction: p.sense === 'max' ? glpk.GLP_MAX : glpk.GLP_MIN,
      name: p.objective.name,
      vars: vars(p.objective.terms),
    },
    subjectTo: p.rows.map((r) => ({
      name: r.name,
      vars: vars(r.terms),
      bnds:
        r.op === '='
          ? { type: glpk.GLP_FX, lb: r.rhs, ub: r.rhs }
          : r.op === '<='
            ? { type: glpk.GLP_UP, lb: 0, ub: r.rhs }
            : { type: glpk.GLP_LO, lb: r.rhs, ub: 0 },
    })),
    bounds,
    generals: [...p.integers],
  };
  const res = await glpk.solve(model, { msglev: glpk.GLP_MSG_OFF, presol: true });
  const statusName =
    res.result.status === glpk.GLP_OPT
      ? 'optimal'
      : res.result.status === glpk.GLP_NOFEAS
        ? 'infeasible'
        : `glpk status ${res.result.status}`;
  return { status: statusName, objective: res.result.z + p.objective.constant };
}
