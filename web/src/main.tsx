/**
 * @module main — the browser entry: makes the app's solves (the browser's solver pool, started
 * lazily, or the server with `?solve=server`) and mounts the app into #root with them.
 */
import { render } from 'solid-js/web';
import { App } from './App';
import { makeSolves, solvePlace } from './lib/solves';
import { registerServiceWorker } from './worker/register-sw';
import './styles.css';
import './risk.css';

// The pool's code and HiGHS are their own chunks, fetched when the pool starts (docs/web.md). The
// offline cache is filled once the pool has started (after the first answer): its download never
// holds back the first chart, and it finds HiGHS in the HTTP cache.
const solves = makeSolves(
  solvePlace() === 'browser'
    ? (warmUp) =>
        import('./worker/pool')
          .then((m) => m.startPool(undefined, warmUp))
          .finally(registerServiceWorker)
    : undefined,
);
render(() => <App solves={solves} />, document.getElementById('root')!);
if (solvePlace() !== 'browser') registerServiceWorker();
