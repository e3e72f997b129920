/** @module main — the browser entry: mounts the app into #root. */
import { render } from 'solid-js/web';
import { App } from './App';
import { registerServiceWorker } from './worker/register-sw';
import './styles.css';
import './risk.css';

render(() => <App />, document.getElementById('root')!);
registerServiceWorker();
