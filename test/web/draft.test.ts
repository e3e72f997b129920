/**
 * @module test/web/draft — typed text read as a field's value: a complete number, a month as
 * `Jan 2027` or `2027-01`, and a message of its own for each way a text is not one.
 */
import { describe, expect, it } from 'vitest';
import { draftText, parseDraft, parseMonthText, parseNumberText } from '../../web/src/lib/draft';
import type { FieldDef } from '../../web/src/lib/fields';

describe('parseNumberText', () => {
  it('reads complete numbers, with a point for decimals', () => {
    for (const [t, v] of [
      ['15', 15],
      [' 1.5 ', 1.5],
      ['.5', 0.5],
      ['1.', 1],
      ['-20', -20],
      ['\u221220', -20],
      ['1e3', 1000],
    ] as const)
      expect(parseNumberText(t)).toEqual({ ok: true, value: v });
    expect(parseNumberText('')).toEqual({ ok: true, value: undefined });
  });

  it('names what is wrong: not a number, a decimal comma, a thousands separator', () => {
    expect(parseNumberText('4e')).toEqual({ ok: false, message: '“4e” is not a number' });
    expect(parseNumberText('-')).toEqual({ ok: false, message: '“-” is not a number' });
    expect(parseNumberText('1e999')).toMatchObject({ ok: false });
    expect(parseNumberText('1,5')).toEqual({
      ok: false,
      message: 'use a point for decimals: “1.5”',
    });
    expect(parseNumberText('1,000')).toEqual({
      ok: false,
      message: 'no thousands separators: “1000”',
    });
  });
});

describe('parseMonthText', () => {
  it('reads Jan 2027, January 2027 and 2027-01 as 2027-01', () => {
    for (const t of ['Jan 2027', 'january 2027', 'Jan. 2027', '2027-01', '2027-1'])
      expect(parseMonthText(t)).toEqual({ ok: true, value: '2027-01' });
  });

  it('refuses what is not a month', () => {
    for (const t of ['2027-13', 'Ja 2027', 'Foo 2027', '2027'])
      expect(parseMonthText(t)).toMatchObject({ ok: false });
  });
});

describe('a field’s text and value', () => {
  const pct: FieldDef = { path: 'x', label: 'X', kind: 'number', scale: 'pct' };
  const month: FieldDef = { path: 'm', label: 'M', kind: 'month' };
  it('shows and reads display units', () => {
    expect(draftText(pct, 0.07)).toBe('7');
    expect(parseDraft(pct, '15')).toEqual({ ok: true, value: 0.15 });
    expect(draftText(month, '2028-04')).toBe('Apr 2028');
    expect(parseDraft(month, 'Apr 2028')).toEqual({ ok: true, value: '2028-04' });
  });
});
