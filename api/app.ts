/** @module app — the Hono application: API routes, limits, errors, and the built web app. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import { requestId, type RequestIdVariables } from 'hono/request-id';
import { existsSync } from 'node:fs';
import { AnalysisCancelledError, engineError } from '../model';
import {
  CLIENT_CLOSED_REQUEST,
  engineErrorResponse,
  errorResponse,
  isClientAbort,
  requestIdOf,
} from './errors';
import { accessLog, corsAllowList, logToken, securityHeaders } from './middleware';
import { LOOPBACK_HOSTS, transportGuard } from './guard';
import { bodyLimitByLength } from './transport';
import { MAX_BODY_BYTES, RETRY_AFTER_SECONDS } from './limits';
import { DOCUMENT_INFO, withExamples } from './openapi';
import { inProcessRunner, type SolveRunner } from './runner';
import { docsRoutes } from './routes/docs';
import { healthRoutes } from './routes/health';
import { solveRoutes } from './routes/solve';
import { lpRoutes } from './routes/lp';
import { presetRoutes } from './routes/presets';
import { planRoutes } from './routes/plans';
import { planVersionRoutes } from './routes/plan-versions';
import { analysisRoutes, type AnalysisRunner } from './routes/analyses';
import { monteCarloRoutes } from './routes/montecarlo';
import { batchRoutes } from './routes/batches';
import { reportRoutes } from './routes/report';
import { memoryRuns, type RunService } from './jobs';
import { sqlitePlanRepository, type PlanRepository } from './plans';
import { PoolFullError } from './worker-pool';
import { analysisPool } from './analysis-pool';
import { authenticate, memoryAuthStore, type AuthOptions } from './auth';
import { signInPage } from './auth/signin-page';
import { authRoutes } from './routes/auth';
import { webAppRoutes } from './static';

export { MAX_BODY_BYTES };

/** Options of `createApp`. */
export interface AppOptions {
  /** How solves run; default in-process (the server passes a worker pool). */
  readonly runner?: SolveRunner;
  /** Folder of the built web app to serve at `/`; none if omitted or missing. */
  readonly staticDir?: string;
  /**
   * Where saved plans live; default a private in-memory SQLite store (the server passes
   * `openPlanRepository`).
   */
  readonly plans?: PlanRepository;
  /**
   * Origins allowed to call the API from a browser (see `parseCorsOrigins`); default none: CORS
   * closed.
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Host names the app answers to (`serverHosts` in api/guard.ts; `*`: any); default the loopback
   * names. Unsafe methods must also come from the app's own origin or one of `corsOrigins`.
   */
  readonly hosts?: readonly string[];
  /** Where access-log lines go (request id, method, path, status, ms); default nowhere. */
  readonly log?: (line: string) => void;
  /**
   * How the analyses' points are solved, and whose load /api/health reports; default a pool of this
   * app's own (its threads start on first use and stop when idle; the server passes its pool).
   */
  readonly analyses?: AnalysisRunner;
  /**
   * Monte Carlo runs and batches; default a private in-memory store, chunks run in-process (the
   * server passes `openRuns`).
   */
  readonly runs?: RunService;
  /**
   * Sign-in and roles (docs/security.md): required once the store has a user. Default a private
   * store with none, so every route is open (the server passes the store on its database).
   */
  readonly auth?: AuthOptions;
}

/**
 * Builds the app. Every error is the envelope `{ error: { code, message, issues? } }`:
 * `PoolFullError` is a 503 with Retry-After, `AnalysisInputError` a 400; nothing answers 500 with
 * details (unexpected errors are logged and answered with a generic 500).
 *
 * @example
 * const app = createApp();
 * const res = await app.request('/api/health');
 */
export function createApp(options: AppOptions = {}) {
  const runner = options.runner ?? inProcessRunner();
  const plans = options.plans ?? sqlitePlanRepository(':memory:');
  const runs = options.runs ?? memoryRuns();
  const analyses = options.analyses ?? analysisPool();
  const auth = options.auth ?? { store: memoryAuthStore() };
  const app = new OpenAPIHono<{ Variables: RequestIdVariables }>();
  app.use('*', requestId());
  if (options.log) app.use('*', accessLog(options.log));
  app.use('*', securityHeaders());
  app.use(
    '*',
    transportGuard({ hosts: options.hosts ?? LOOPBACK_HOSTS, origins: options.corsOrigins }),
  );
  app.use('/api/*', corsAllowList(options.corsOrigins ?? []));
  app.use('/api/*', authenticate(auth));
  app.use(
    '/api/*',
    bodyLimitByLength(MAX_BODY_BYTES, (c) =>
      errorResponse(
        c,
        413,
        'payload_too_large',
        `the request body is over the ${MAX_BODY_BYTES / 1024} KiB limit`,
        [{ path: '(body)', message: `larger than ${MAX_BODY_BYTES} bytes` }],
      ),
    ),
  );
  // Every API route is mounted in this one chain, so that `AppType` (the typed client's) has them
  // all; each route file declares its routes with `createRoute` (request, answer and error
  // responses) for /api/openapi.json.
  const api = app
    .route('/api', healthRoutes(runner, analyses))
    .route('/api', solveRoutes(runner))
    .route('/api', lpRoutes())
    .route('/api', presetRoutes())
    .route('/api', planRoutes(plans, runner))
    .route('/api', planVersionRoutes(plans))
    .route('/api', analysisRoutes(analyses))
    .route('/api', monteCarloRoutes(runs, runner))
    .route('/api', batchRoutes(runs))
    .route('/api', reportRoutes(plans, runner, runs))
    .route('/api', authRoutes(auth, options.log))
    .route(
      '/api',
      docsRoutes(() => withExamples(app.getOpenAPI31Document(DOCUMENT_INFO))),
    );
  app.all('/api/*', (c) =>
    errorResponse(c, 404, 'not_found', `no API route ${c.req.method} ${c.req.path}`),
  );
  app.route('/', signInPage());
  if (options.staticDir && existsSync(options.staticDir)) {
    app.route('/', webAppRoutes(options.staticDir));
  }
  app.notFound((c) => errorResponse(c, 404, 'not_found', `nothing at ${c.req.path}`));
  // Routes let these propagate: a full queue is a 503 with Retry-After, a parameter that does not
  // fit the scenario a 400, an analysis whose client went away a 503 nobody reads.
  app.onError((err, c) => {
    if (err instanceof HTTPException)
      return errorResponse(c, err.status, 'http_error', err.message);
    // Nobody reads this answer; its status puts the abort in the access log instead of a 500 with a
    // stack.
    if (isClientAbort(err))
      return errorResponse(
        c,
        CLIENT_CLOSED_REQUEST,
        'client_closed_request',
        'the client closed the connection before sending the whole request',
      );
    if (err instanceof PoolFullError) {
      c.header('Retry-After', String(RETRY_AFTER_SECONDS));
      return errorResponse(
        c,
        503,
        'busy',
        `every solver is busy (${err.message}); retry in ${RETRY_AFTER_SECONDS} s`,
      );
    }
    const refused = engineError(err);
    if (refused) return engineErrorResponse(c, refused);
    if (err instanceof AnalysisCancelledError)
      return errorResponse(c, 503, 'cancelled', 'the analysis was cancelled: the client went away');
    console.error(`[${requestIdOf(c)} ${c.req.method} ${logToken(c.req.path)}]`, err);
    return errorResponse(c, 500, 'internal', 'an unexpected error occurred; it has been logged');
  });
  return api;
}

/**
 * The app's type, for the typed client in the web app: `hc<AppType>(origin).api.optimize.$post({
 * json: scenario })`.
 */
export type AppType = ReturnType<typeof createApp>;
