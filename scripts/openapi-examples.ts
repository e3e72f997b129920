/**
 * @module openapi-examples — `npm run examples`: writes api/openapi-examples.json, one example per
 * operation of /api/openapi.json (keyed by operationId: its path parameters, request body and
 * success answer), taken from the API's real answers to the shipped default preset. Long
 * month-by-month series are cut to their first rows, so the document stays small;
 * test/api/openapi.test.ts checks every example against its schema.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../api/app';
import { memoryAuthStore } from '../api/auth';
import { addUser } from '../api/auth/manage';
import type { OperationExample } from '../api/openapi';
import { DEFAULT_PRESET_ID, loadPreset } from '../data/load';

const OUT = fileURLToPath(new URL('../api/openapi-examples.json', import.meta.url));
const ROWS = 3;

// No users until the sign-in examples at the end: every route is open until then.
const auth = { store: memoryAuthStore() };
const app = createApp({ auth });
const call = async (method: string, path: string, body?: unknown, cookie?: string) => {
  const res = await app.request(`/api${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    // The API takes JSON only, and a write to a saved plan names the version it replaces.
    headers: {
      'content-type': 'application/json',
      ...(method !== 'GET' && method !== 'POST' && { 'if-match': '*' }),
      ...(cookie ? { cookie } : {}),
    },
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204
    ? undefined
    : (res.headers.get('content-type') ?? '').includes('json')
      ? res.json()
      : res.text();
};

/** The value with every `months` series cut to its first rows (an answer has one row per month). */
function short<T>(value: T): T {
  if (Array.isArray(value)) return value.map(short) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'months' && Array.isArray(v) ? v.slice(0, ROWS).map(short) : short(v),
    ]),
  ) as T;
}

/** The first lines and the last of a text. */
const head = (text: string, lines = 4) => {
  const all = text.trimEnd().split('\n');
  return [...all.slice(0, lines), '…', all.at(-1)].join('\n');
};

const scenario = loadPreset(DEFAULT_PRESET_ID)!;
const optimum = (await call('POST', '/optimize', scenario)) as { plan: unknown };
const evaluateRequest = { scenario, plan: optimum.plan };
const createRequest = { name: 'Base case', scenario };
const saved = (await call('POST', '/plans', createRequest)) as { id: string; savedAt: string };
const updateRequest = { name: 'Base case, lease signed' };
const sensitivityRequest = {
  scenario,
  parameters: ['site.energyUsdPerMWh', 'hpcOptions.0.leaseUsdPerKwMonth'],
};
const breakevenRequest = { scenario, parameter: 'hpcOptions.0.leaseUsdPerKwMonth', steps: 5 };
const energy = scenario.site.energyUsdPerMWh;
const btc = (scenario.market.hashprice as { btcUsd: number }).btcUsd;
const mapRequest = {
  scenario,
  x: { parameter: 'site.energyUsdPerMWh', from: energy * 0.5, to: energy * 1.5, steps: 3 },
  y: { parameter: 'market.hashprice.btcUsd', from: btc * 0.5, to: btc * 1.5, steps: 3 },
};
const docStub = {
  openapi: '3.1.0',
  info: { title: 'Switchyard API', version: '1.0.0' },
  paths: { '/api/health': { get: { operationId: 'getHealth' } } },
};

const examples: Record<string, OperationExample> = {
  getHealth: { response: await call('GET', '/health') },
  optimize: { request: scenario, response: short(optimum) },
  evaluate: {
    request: evaluateRequest,
    response: short(await call('POST', '/evaluate', evaluateRequest)),
  },
  exportLp: { request: scenario, response: head((await call('POST', '/lp', scenario)) as string) },
  listPresets: { response: await call('GET', '/presets') },
  getPreset: {
    params: { id: DEFAULT_PRESET_ID },
    response: await call('GET', `/presets/${DEFAULT_PRESET_ID}`),
  },
  // The cursor after the newest plan: the page that follows it (base64url of [savedAt, id], opaque
  // to clients).
  listPlans: {
    params: {
      limit: 20,
      cursor: Buffer.from(JSON.stringify([saved.savedAt, saved.id])).toString('base64url'),
      owner: 'alice',
    },
    response: await call('GET', '/plans?limit=20'),
  },
  createPlan: { request: createRequest, response: short(saved) },
  getPlan: { params: { id: saved.id }, response: short(await call('GET', `/plans/${saved.id}`)) },
  // The ETags the plan has when renamed (version 1) and when deleted (version 2).
  updatePlan: {
    params: { id: saved.id, 'if-match': '"1"' },
    request: updateRequest,
    response: short(await call('PUT', `/plans/${saved.id}`, updateRequest)),
  },
  // The history after the rename: version 2 lists the name it changed.
  listPlanVersions: {
    params: { id: saved.id },
    response: await call('GET', `/plans/${saved.id}/versions`),
  },
  getPlanVersion: {
    params: { id: saved.id, version: 1 },
    response: short(await call('GET', `/plans/${saved.id}/versions/1`)),
  },
  deletePlan: { params: { id: saved.id, 'if-match': '"2"' } },
  sensitivity: {
    request: sensitivityRequest,
    response: await call('POST', '/sensitivity', sensitivityRequest),
  },
  breakeven: {
    request: breakevenRequest,
    response: await call('POST', '/breakeven', breakevenRequest),
  },
  decisionMap: { request: mapRequest, response: await call('POST', '/map', mapRequest) },
  getOpenApiDocument: { response: docStub },
  getDocsPage: {
    response:
      '<!doctype html>\n<html lang="en"><head><title>Switchyard API</title></head><body>…</body></html>',
  },
  getReport: {
    params: { preset: 'texas-100mw', plan: saved.id, montecarlo: saved.id },
    response:
      '<!doctype html>\n<html lang="en"><head><title>Board report — Texas 100 MW</title></head>' +
      '<body>…</body></html>',
  },
};
await call('DELETE', `/plans/${saved.id}`);

// Runs: a small Monte Carlo and a one-scenario batch, answered by this process's own engine.
const monteCarloRequest = {
  scenario,
  paths: 20,
  seed: 1,
  btc: { volatilityPerYear: 0.6 },
  network: { volatilityPerYear: 0.3, correlation: 0.5 },
};
const mc = (await call('POST', '/montecarlo', monteCarloRequest)) as { id: string };
const batchRequest = { scenarios: [scenario] };
const batch = (await call('POST', '/batches', batchRequest)) as { id: string };
let batchAnswer: { status: string } = { status: 'running' };
for (let i = 0; i < 600 && batchAnswer.status === 'running'; i++) {
  batchAnswer = (await call('GET', `/batches/${batch.id}`)) as { status: string };
  if (batchAnswer.status === 'running') await new Promise((r) => setTimeout(r, 50));
}
Object.assign(examples, {
  runMonteCarlo: { request: monteCarloRequest, response: short(mc) },
  getMonteCarlo: {
    params: { id: mc.id },
    response: short(await call('GET', `/montecarlo/${mc.id}`)),
  },
  createBatch: { request: batchRequest, response: batch },
  getBatch: { params: { id: batch.id, format: 'json' }, response: short(batchAnswer) },
  // A finished run keeps its status: the answer shows the run as it stands.
  cancelBatch: { params: { id: batch.id }, response: await call('DELETE', `/batches/${batch.id}`) },
  cancelMonteCarlo: {
    params: { id: mc.id },
    response: await call('DELETE', `/montecarlo/${mc.id}`),
  },
});

// Sign-in, users and tokens: an admin signs in, adds an editor, gives it a token, and so on.
const signInRequest = { name: 'alice', password: 'correct horse battery staple' };
await addUser(auth.store, signInRequest.name, 'admin', signInRequest.password);
const signIn = await app.request('/api/session', {
  method: 'POST',
  body: JSON.stringify(signInRequest),
  headers: { 'content-type': 'application/json' },
});
if (!signIn.ok) throw new Error(`POST /session: ${signIn.status} ${await signIn.text()}`);
const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
const admin = (method: string, path: string, body?: unknown) => call(method, path, body, cookie);
const createUserRequest = { name: 'bob', role: 'editor', password: 'a long passphrase of bob' };
const createTokenRequest = { user: 'bob', label: 'nightly sweep' };
const createUser = await admin('POST', '/users', createUserRequest);
const updateUserRequest = { role: 'viewer' };
const updateUser = await admin('PUT', '/users/bob', updateUserRequest);
// The token itself is shown once; the example carries a stand-in, not a working token.
const token = { ...((await admin('POST', '/tokens', createTokenRequest)) as { id: string }) };
Object.assign(token, { token: `swy_${'0'.repeat(43)}` });
Object.assign(examples, {
  signIn: { request: signInRequest, response: await signIn.json() },
  getSession: { response: await admin('GET', '/session') },
  listUsers: { response: await admin('GET', '/users') },
  createUser: { request: createUserRequest, response: createUser },
  updateUser: { params: { name: 'bob' }, request: updateUserRequest, response: updateUser },
  createToken: { request: createTokenRequest, response: token },
  listTokens: { response: await admin('GET', '/tokens') },
  revokeToken: { params: { id: token.id } },
  deleteUser: { params: { name: 'bob' } },
});
await admin('DELETE', `/tokens/${token.id}`);
await admin('DELETE', '/users/bob');
examples.signOut = { response: await admin('DELETE', '/session') };
writeFileSync(OUT, `${JSON.stringify(examples, null, 2)}\n`);
console.log(`wrote ${OUT}: ${Object.keys(examples).length} operations`);
process.exit(0);
