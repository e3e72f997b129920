/**
 * Saved-plan test fixtures: a parsed scenario and its real optimum, solved once and written to a
 * file for child processes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPreset, DEFAULT_PRESET_ID } from '../../data/load';
import { optimize, ScenarioSchema, type Scenario, type SolveResult } from '../../model';
import type { PlanFields } from '../../api/plans/schema';

/** The default preset, parsed, and its optimum. */
export interface Fixture {
  readonly scenario: Scenario;
  readonly answer: SolveResult;
}

let cached: Promise<Fixture> | undefined;

/** Solves the default preset once per test file. */
export function fixture(): Promise<Fixture> {
  cached ??= (async () => {
    const scenario = ScenarioSchema.parse(loadPreset(DEFAULT_PRESET_ID));
    return { scenario, answer: await optimize(scenario) };
  })();
  return cached;
}

/**
 * Plan fields numbered `i` (name `tag-i`, npvUsd `i`), so that a reader can tell each write's
 * content.
 */
export function numbered(f: Fixture, tag: string, i: number): PlanFields {
  return {
    name: `${tag}-${i}`,
    scenario: f.scenario,
    plan: null,
    answer: { ...f.answer, npvUsd: i },
  };
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `switchyard-${prefix}-`));
}

/** Writes the fixture to a JSON file for writer processes; returns its path. */
export async function fixtureFile(dir: string): Promise<string> {
  const path = join(dir, 'fixture.json');
  writeFileSync(path, JSON.stringify(await fixture()));
  return path;
}
