/**
 * The solve pool in a process of its own (api/solve-process.ts), as `npm start` runs it: the same
 * answers as solving in-process, the queue limit decided in the server's process, a session of its
 * own (so that Linux's autogroup scheduling does not charge its solves to the event loop), a dead
 * solve process failing only the jobs it held, and close stopping it. No timing assertions: only
 * what was answered and in what order.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { processPool } from '../../api/solve-process';
import { inProcessRunner } from '../../api/runner';
import { nodeArgsFor, workerModule } from '../../api/ts-worker';
import { PoolFullError } from '../../api/worker-pool';
import { loadPreset } from '../../data/load';
import { ScenarioSchema, SolveResultSchema, type Scenario } from '../../model';
import { longScenario } from '../helpers/scenarios';

const preset = (): Scenario => ScenarioSchema.parse(loadPreset('texas-100mw'));
const long = (seconds: number): Scenario => ScenarioSchema.parse(longScenario(seconds));

/** The session id of a process (field 6 of /proc/PID/stat, after the command in parentheses). */
const sessionOf = (pid: number | 'self') =>
  Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[3]);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let pool: ReturnType<typeof processPool> | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe('solve process', () => {
  it('answers optimize and evaluate as the in-process runner does', async () => {
    pool = processPool({ size: 1 });
    const here = inProcessRunner();
    const s = preset();
    const [there, local] = [await pool.optimize(s), await here.optimize(s)];
    expect(there.status).toBe('optimal');
    expect(there.npvUsd).toBeCloseTo(local.npvUsd!, 0);
    expect(there.plan).toEqual(local.plan);
    const evaluated = await pool.evaluate(s, local.plan);
    expect(evaluated.status).toBe('optimal');
    expect(evaluated.npvUsd).toBeCloseTo(local.npvUsd!, 0);
    // The JSON text the routes send as is: the same answer, written in the solve process.
    const text = SolveResultSchema.parse(JSON.parse(await pool.optimizeJson!(s)));
    expect(text).toMatchObject({ status: 'optimal', plan: local.plan });
    expect(text.npvUsd).toBeCloseTo(local.npvUsd!, 0);
    const evaluatedText = JSON.parse(await pool.evaluateJson!(s, local.plan));
    expect(SolveResultSchema.parse(evaluatedText).npvUsd).toBeCloseTo(local.npvUsd!, 0);
  }, 120_000);

  it("is the app's runner: /api/optimize and /api/evaluate answer with its JSON text", async () => {
    pool = processPool({ size: 1 });
    const app = createApp({ runner: pool });
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const res = await post('/api/optimize', loadPreset('texas-100mw'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const a = SolveResultSchema.parse(await res.json());
    expect(a.status).toBe('optimal');
    const ev = await post('/api/evaluate', { scenario: loadPreset('texas-100mw'), plan: a.plan });
    expect(ev.status).toBe(200);
    expect(SolveResultSchema.parse(await ev.json()).npvUsd).toBeCloseTo(a.npvUsd!, 0);
    // Refusals are the app's own, as with any runner.
    expect((await post('/api/optimize', { horizonMonths: 'x' })).status).toBe(400);
  }, 120_000);

  it('refuses beyond its threads and queue at once, and answers what it admitted', async () => {
    pool = processPool({ size: 1, maxQueue: 1 });
    const p = pool;
    const admitted = [p.optimize(long(3)), p.optimize(preset())];
    expect(p.stats()).toEqual({ size: 1, busy: 1, queued: 1, maxQueue: 1 });
    await expect(p.optimize(preset())).rejects.toBeInstanceOf(PoolFullError);
    const answers = await Promise.all(admitted);
    expect(['optimal', 'timedout']).toContain(answers[0].status);
    expect(answers[1].status).toBe('optimal');
    expect(p.stats()).toMatchObject({ busy: 0, queued: 0 });
  }, 120_000);

  it('stops a solve past its deadline and answers timed out', async () => {
    pool = processPool({ size: 1, graceSeconds: -2.5 });
    const a = await pool.optimize(long(3));
    expect(a).toMatchObject({ status: 'timedout', solver: { timeLimitHit: true, variables: 0 } });
    expect((await pool.optimize(preset())).status).toBe('optimal');
  }, 120_000);

  it.runIf(process.platform === 'linux')(
    'runs in a session of its own, fails the jobs of a process that died, then starts a new one',
    async () => {
      pool = processPool({ size: 1 });
      const p = pool;
      const solving = p.optimize(long(20));
      const pid = p.pid()!;
      expect(sessionOf(pid)).toBe(pid);
      expect(sessionOf(pid)).not.toBe(sessionOf('self'));
      process.kill(pid, 'SIGKILL');
      await expect(solving).rejects.toThrow(/the solve process exited \(SIGKILL\)/);
      expect(p.stats()).toMatchObject({ busy: 0, queued: 0 });
      expect((await p.optimize(preset())).status).toBe('optimal');
      expect(p.pid()).not.toBe(pid);
    },
    120_000,
  );

  it('a solve process whose server went away while it started exits (no orphan)', async () => {
    // The channel is closed before the child runs any code: as when the server is killed just after
    // it started its solve process.
    const module = workerModule(new URL('../../api/solve-host', import.meta.url));
    const child = fork(fileURLToPath(module), ['{"size":1}'], {
      execArgv: nodeArgsFor(module),
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    child.disconnect();
    expect(await exited).toBe(0);
  }, 120_000);

  it('close fails what is waiting and stops the process', async () => {
    const p = processPool({ size: 1 });
    const solving = p.optimize(long(20));
    const pid = p.pid()!;
    const failed = expect(solving).rejects.toThrow(/shutting down/);
    await p.close();
    await failed;
    expect(alive(pid)).toBe(false);
    await expect(p.optimize(preset())).rejects.toThrow(/shutting down/);
  }, 120_000);
});
