/** @module charts/CashDebtChart — cash, debt and the minimum-cash covenant at each month's end. */
import { createMemo, For } from 'solid-js';
import type { MonthRow } from '../../../model/schema';
import { formatUsd } from '../lib/format';
import { RefLine, YAxis } from './Axis';
import { ChartFrame, TipRow } from './ChartFrame';
import {
  COLORS,
  DASHES,
  DEFAULT_MARGIN,
  makeValueScale,
  sameLinearScale,
  monthStepPath,
  type Margin,
} from './scales';

/** Chart defaults (px). */
export const defaults = { height: 240, margin: DEFAULT_MARGIN, stroke: 'currentColor' } as const;

/** Props of {@link CashDebtChart}. */
export interface CashDebtChartProps {
  readonly data: readonly MonthRow[];
  /** The covenant: cash may not fall below this, USD. */
  readonly minCashUsd: number;
  readonly height?: number;
  readonly margin?: Margin;
  readonly hover?: number;
  readonly onHover?: (i: number | undefined) => void;
}

const SERIES = [
  { key: 'cash', label: 'Cash', color: COLORS.cash, value: (r: MonthRow) => r.cashUsd },
  { key: 'debt', label: 'Debt (all)', color: COLORS.debt, value: (r: MonthRow) => r.debtUsd },
] as const;

/** Month-end cash and total debt ($M) as step lines, with the covenant floor dashed. */
export function CashDebtChart(props: CashDebtChartProps) {
  const months = createMemo(() => props.data.map((r) => r.month));
  const height = () => props.height ?? defaults.height;
  const margin = () => props.margin ?? defaults.margin;
  const y = createMemo(
    () => {
      const values = props.data.flatMap((r) => [r.cashUsd, r.debtUsd]);
      return makeValueScale(
        Math.min(0, ...values),
        Math.max(props.minCashUsd, ...values) * 1.08,
        height(),
        margin(),
      );
    },
    undefined,
    { equals: sameLinearScale },
  );

  return (
    <ChartFrame
      title="Cash, debt and covenant"
      ariaLabel="Line chart of month-end cash and total debt in millions of dollars, with the minimum-cash covenant"
      months={months()}
      yUnit="$M"
      height={height()}
      margin={margin()}
      hover={props.hover}
      onHover={props.onHover}
      testId="cash-chart"
      legend={[
        ...SERIES.map((s) => ({ label: s.label, color: s.color, kind: 'line' as const })),
        {
          label: 'Minimum cash (covenant)',
          color: COLORS.covenant,
          kind: 'dash' as const,
          dash: DASHES.covenant,
        },
      ]}
      tooltip={(i) => {
        const r = props.data[i];
        return (
          <>
            <TipRow color={COLORS.cash} label="Cash" value={formatUsd(r.cashUsd)} />
            <TipRow
              color={COLORS.covenant}
              label="Headroom over covenant"
              value={formatUsd(r.covenantHeadroomUsd)}
              dash
            />
            <TipRow color={COLORS.debt} label="Debt (all)" value={formatUsd(r.debtUsd)} />
            <TipRow label="· facility" value={formatUsd(r.facilityUsd)} />
            <TipRow label="· project debt" value={formatUsd(r.projectDebtUsd)} />
            <TipRow label="· existing debt" value={formatUsd(r.existingDebtUsd)} />
            <TipRow label="Distributions" value={formatUsd(r.distributionUsd)} />
          </>
        );
      }}
      plot={(ctx) => (
        <>
          <YAxis
            scale={y()}
            left={ctx.margin.left}
            gridWidth={ctx.width() - ctx.margin.left - ctx.margin.right}
            usd
          />
          <RefLine
            y={y()(props.minCashUsd)}
            x1={ctx.margin.left}
            x2={ctx.width() - ctx.margin.right}
            color={COLORS.covenant}
            dash={DASHES.covenant}
            series="covenant"
          />
          <For each={SERIES}>
            {(s) => (
              <path
                d={monthStepPath(props.data, ctx.at, y(), s.value)}
                fill="none"
                stroke={s.color}
                stroke-width="2.25"
                data-key={s.key}
                data-series={s.key}
              />
            )}
          </For>
        </>
      )}
    />
  );
}
