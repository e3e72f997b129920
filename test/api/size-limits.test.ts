/**
 * The size caps (docs/api.md "Limits", docs/solvers.md "The largest scenario"): a scenario past
 * sites × months or offers × months is a 400 that names the field, the count typed and the limit;
 * the largest admitted shapes and every single-site scenario are admitted.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { ApiErrorSchema, ScenarioSchema } from '../../model';
import { LIMITS } from '../../model/schema-base';
import { wideOf } from '../../scripts/lib/portfolio';

const app = createApp();
const post = (body: unknown) =>
  app.request('/api/optimize', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

describe('size caps', () => {
  it('refuses the 20-site × 8-offer × 240-month portfolio, naming sites and both limits', async () => {
    const res = await post(wideOf(20, 8, 240));
    expect(res.status).toBe(400);
    const { error } = ApiErrorSchema.parse(await res.json());
    expect(error.code).toBe('invalid_scenario');
    expect(error.issues?.map((i) => [i.path, i.message])).toEqual([
      [
        'sites',
        '20 sites × 240 months (horizonMonths) = 4,800 site-months; ' +
          'at most 2,400: at most 10 sites over 240 months, ' +
          'or at most 120 months with 20 sites',
      ],
      [
        'sites',
        '160 offers over all sites (sites.*.hpcOptions) × 240 months (horizonMonths) = 38,400 offer-months; ' +
          'at most 9,600: at most 40 offers over 240 months, ' +
          'or at most 60 months with 160 offers',
      ],
    ]);
  });

  it('refuses one site or one offer past a cap, and says the offers cap in offers and months', async () => {
    const sites = ScenarioSchema.safeParse(wideOf(11, 1, 240));
    expect(sites.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'sites',
        '11 sites × 240 months (horizonMonths) = 2,640 site-months; ' +
          'at most 2,400: at most 10 sites over 240 months, ' +
          'or at most 218 months with 11 sites',
      ],
    ]);
    const offers = ScenarioSchema.safeParse(wideOf(10, 5, 240));
    expect(offers.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'sites',
        '50 offers over all sites (sites.*.hpcOptions) × 240 months (horizonMonths) = 12,000 offer-months; ' +
          'at most 9,600: at most 40 offers over 240 months, ' +
          'or at most 192 months with 50 offers',
      ],
    ]);
  });

  it('admits the largest shapes the caps allow and every single-site scenario', () => {
    for (const [s, o, m] of [
      [10, 4, 240],
      [20, 4, 120],
      [5, 8, 240],
      [LIMITS.maxSites, LIMITS.maxHpcOptions, 60],
    ])
      expect(ScenarioSchema.safeParse(wideOf(s, o, m)).error?.issues).toBeUndefined();
    const single = wideOf(1, LIMITS.maxHpcOptions, LIMITS.horizonMaxMonths) as any;
    const { sites, ...rest } = single;
    const one = {
      ...rest,
      site: sites[0].site,
      fleet: sites[0].fleet,
      hpcOptions: sites[0].hpcOptions,
    };
    expect(ScenarioSchema.safeParse(one).error?.issues).toBeUndefined();
  });
});
