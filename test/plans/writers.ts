/**
 * Durability checks shared by the SQLite and PostgreSQL tests: writers in child processes, killed
 * or concurrent.
 */
import { expect } from 'vitest';
import { spawnTs } from '../../scripts/lib/child';
import type { PlanRepository } from '../../api/plans/repository';
import type { Fixture } from './fixture';

type Env = Record<string, string>;

/** The plans a writer reported as written: id → its number. */
function reported(lines: string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) {
    const m = l.match(/^([0-9a-f-]{36}) (\d+)$/);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

/** Every reported plan is stored whole: its name (renamed when even) and its answer. */
async function expectIntact(
  repo: PlanRepository,
  f: Fixture,
  tag: string,
  written: Map<string, number>,
) {
  for (const [id, i] of written) {
    const p = await repo.get(id);
    expect(p, `plan ${tag}-${i} (${id}) is missing`).toBeDefined();
    expect(p!.name).toBe(i % 2 === 0 ? `${tag}-${i}-renamed` : `${tag}-${i}`);
    expect(p!.answer).toEqual({ ...f.answer, npvUsd: i });
    expect(p!.scenario).toEqual(f.scenario);
  }
}

/**
 * Starts a writer that writes until killed, lets it commit at least `minWrites` plans, kills it
 * with SIGKILL at a random moment of a write, and checks that every plan it reported is intact.
 * Repeated `rounds` times on the same database. Returns how many plans were reported.
 */
export async function killWritersMidWrite(
  env: Env,
  f: Fixture,
  open: () => Promise<PlanRepository>,
  rounds = 3,
  minWrites = 20,
): Promise<number> {
  let total = 0;
  const all: { tag: string; written: Map<string, number> }[] = [];
  for (let r = 0; r < rounds; r++) {
    const tag = `killed${r}`;
    const child = spawnTs('test/plans/writer.ts', { ...env, WRITER_TAG: tag, WRITER_COUNT: '0' });
    await child.waitFor(new RegExp(`^\\S+ ${minWrites}$`), 60_000);
    // Not on a line boundary: a kill some way into the next writes, most likely inside one (a
    // fixed, different delay each round: the same rounds every run, no unseeded randomness).
    await new Promise((res) => setTimeout(res, 5 + ((r * 17 + 11) % 40)));
    child.process.kill('SIGKILL');
    const { signal } = await child.exited;
    expect(signal).toBe('SIGKILL');
    const written = reported(child.lines);
    expect(written.size).toBeGreaterThan(minWrites);
    all.push({ tag, written });
    total += written.size;
  }
  const repo = await open();
  try {
    for (const { tag, written } of all) await expectIntact(repo, f, tag, written);
    // Nothing else half-made: every stored plan is a whole one from some writer.
    for (const s of await repo.list()) expect(s.name).toMatch(/^killed\d-\d+(-renamed)?$/);
  } finally {
    await repo.close();
  }
  return total;
}

/**
 * Runs `writers` processes at once, each writing `count` plans; checks that all `writers × count`
 * are stored whole.
 */
export async function concurrentWriters(
  env: Env,
  f: Fixture,
  open: () => Promise<PlanRepository>,
  writers: number,
  count: number,
) {
  const children = Array.from({ length: writers }, (_, w) =>
    spawnTs('test/plans/writer.ts', { ...env, WRITER_TAG: `c${w}`, WRITER_COUNT: String(count) }),
  );
  const exits = await Promise.all(children.map((c) => c.exited));
  exits.forEach((e, w) => expect(e.code, children[w].output()).toBe(0));
  const repo = await open();
  try {
    for (const [w, c] of children.entries()) {
      const written = reported(c.lines);
      expect(written.size).toBe(count);
      await expectIntact(repo, f, `c${w}`, written);
    }
    expect((await repo.list()).filter((s) => /^c\d+-/.test(s.name))).toHaveLength(writers * count);
  } finally {
    await repo.close();
  }
}
