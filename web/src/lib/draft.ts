/**
 * @module draft — the text typed in an input read as the value it stands for, or the reason it is
 * not one yet: what a field may commit (components/Field.tsx). Numbers take a point for decimals,
 * months read like `Jan 2027` (or `2027-01`).
 */
import { CALENDAR_MONTHS, fromDisplay, toDisplay, type FieldDef } from './fields';
import { formatMonth } from './format';

/** The value a text stands for (stored units), or why it stands for none. */
export type Parsed =
  | { readonly ok: true; readonly value: unknown }
  | { ok: false; message: string };

const COMPLETE_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * A typed number in display units: `''` is empty (an optional field's key removed), a trailing
 * point or exponent is not a number yet, `1,5` asks for a point and `1,000` for no separators.
 * @example parseNumberText('1.5') // { ok: true, value: 1.5 }
 */
export function parseNumberText(text: string): Parsed | { ok: true; value: undefined } {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return { ok: true, value: undefined };
  if (COMPLETE_NUMBER.test(t) && Number.isFinite(Number(t))) return { ok: true, value: Number(t) };
  if (THOUSANDS.test(t))
    return { ok: false, message: `no thousands separators: “${t.replace(/,/g, '')}”` };
  if (/^[+-]?\d*,\d+$/.test(t))
    return { ok: false, message: `use a point for decimals: “${t.replace(',', '.')}”` };
  return { ok: false, message: `“${text.trim()}” is not a number` };
}

const MONTH_NAMES = CALENDAR_MONTHS.map((m) => m.toLowerCase());

/**
 * A typed month as `YYYY-MM`: `Jan 2027`, `January 2027` or `2027-01`.
 * @example parseMonthText('Mar 2028') // { ok: true, value: '2028-03' }
 */
export function parseMonthText(text: string): Parsed | { ok: true; value: undefined } {
  const t = text.trim();
  if (t === '') return { ok: true, value: undefined };
  const iso = /^(\d{4})-(\d{1,2})$/.exec(t);
  const named = /^([A-Za-z]{3,})\.?\s+(\d{4})$/.exec(t);
  let year: string | undefined;
  let month = 0;
  if (iso) [year, month] = [iso[1], Number(iso[2])];
  else if (named) {
    const word = named[1].toLowerCase();
    month = MONTH_NAMES.findIndex((m) => m.startsWith(word) && word.length >= 3) + 1;
    year = named[2];
  }
  if (!year || month < 1 || month > 12)
    return { ok: false, message: `“${t}” is not a month such as Jan 2027` };
  return { ok: true, value: `${year}-${String(month).padStart(2, '0')}` };
}

/**
 * The text `def`'s input holds for a value (display units, months as `Jan 2027`); `''` for none.
 */
export function draftText(def: FieldDef, value: unknown): string {
  if (def.kind === 'number' || def.kind === 'int')
    return typeof value === 'number' ? String(toDisplay(value, def.scale)) : '';
  if (def.kind === 'month') return typeof value === 'string' ? formatMonth(value) : '';
  return typeof value === 'string' ? value : '';
}

/** What the text typed in `def`'s input stands for, in stored units (`undefined`: empty). */
export function parseDraft(def: FieldDef, text: string): Parsed {
  if (def.kind === 'number' || def.kind === 'int') {
    const p = parseNumberText(text);
    return p.ok && typeof p.value === 'number'
      ? { ok: true, value: fromDisplay(p.value, def.scale) }
      : p;
  }
  if (def.kind === 'month') return parseMonthText(text);
  const t = text.trim();
  return { ok: true, value: t === '' && def.optional ? undefined : t };
}
