/** @module components/Header — the top bar: preset picker, views, share link and downloads. */
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { downloadText, fileSlug, monthsToCsv } from '../lib/csv';
import { makeWorkbook } from '../lib/workbook';
import { useApp, type View } from '../stores/context';
import { offersOf } from '../lib/portfolio';
import { UndoButtons } from './UndoButtons';

const VIEWS: { id: View; label: string }[] = [
  { id: 'optimum', label: 'Optimal plan' },
  { id: 'plans', label: 'Plans & comparison' },
  { id: 'analyses', label: 'Analyses' },
  { id: 'risk', label: 'Risk' },
  { id: 'saved', label: 'Saved plans' },
  { id: 'report', label: 'Report' },
];

/** The header. `shareUrl` writes the scenario into the URL and returns the link. */
export function Header(props: { shareUrl: () => Promise<string> }) {
  const app = useApp();
  const [link, setLink] = createSignal<string>();
  const [copied, setCopied] = createSignal(false);
  // A link shown for other inputs would reopen something else: close it when they change.
  createEffect(on(app.scenario.key, () => setLink(undefined), { defer: true }));

  const share = async () => {
    const url = await props.shareUrl();
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      setCopied(false); // clipboard refused (e.g. no permission): the link is shown to copy by hand
    }
  };
  // Downloads are of the plan on screen: the selected plan on the plans view, the optimum
  // elsewhere.
  const answer = app.selected;
  const name = () =>
    `${fileSlug(app.scenario.scenario()?.name ?? 'switchyard')}-${fileSlug(answer()?.name ?? 'optimum')}`;
  const [xlsxBusy, setXlsxBusy] = createSignal(false);
  const csv = () => {
    const a = answer();
    if (!a) return;
    downloadText(
      `${name()}.csv`,
      monthsToCsv(
        a.result.months,
        a.result.plan,
        offersOf(a.scenario).map((o) => o.id),
      ),
      'text/csv',
    );
  };
  const xlsx = async () => {
    const a = answer();
    if (!a) return;
    setXlsxBusy(true);
    try {
      downloadText(
        `${name()}.xlsx`,
        await makeWorkbook(a.scenario, a.result, a.name),
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    } finally {
      setXlsxBusy(false);
    }
  };
  const json = () => {
    const a = answer();
    if (!a) return;
    downloadText(
      `${name()}.json`,
      JSON.stringify({ scenario: a.scenario, plan: a.name, result: a.result }, null, 2),
      'application/json',
    );
  };
  let fileInput: HTMLInputElement | undefined;
  const onTabKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = VIEWS.findIndex((v) => v.id === app.view());
    const next = VIEWS[(i + (e.key === 'ArrowRight' ? 1 : VIEWS.length - 1)) % VIEWS.length];
    app.setView(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };

  return (
    <header class="topbar">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ⚡
        </span>
        <div>
          <h1>Switchyard</h1>
          <p class="tagline">Mining or AI hosting: where each MW should go, month by month</p>
        </div>
      </div>
      <div class="preset">
        <label for="preset-select">Preset</label>
        <select
          id="preset-select"
          value={app.presetId() ?? ''}
          onChange={(e) => e.currentTarget.value && void app.loadPreset(e.currentTarget.value)}
        >
          <Show when={!app.presetId()}>
            <option value="">Custom scenario</option>
          </Show>
          <For each={app.presets()}>
            {(p) => (
              <option value={p.id} title={p.description}>
                {p.name}
              </option>
            )}
          </For>
        </select>
      </div>
      <nav class="tabs" role="tablist" aria-label="Views" onKeyDown={onTabKey}>
        <For each={VIEWS}>
          {(v) => (
            <button
              type="button"
              role="tab"
              id={`tab-${v.id}`}
              aria-selected={app.view() === v.id}
              aria-controls="main-view"
              tabindex={app.view() === v.id ? 0 : -1}
              onClick={() => app.setView(v.id)}
            >
              {v.label}
            </button>
          )}
        </For>
      </nav>
      <div class="actions">
        <UndoButtons />
        <button
          type="button"
          class="secondary-button"
          onClick={() => void share()}
          data-testid="share"
        >
          Share link
        </button>
        <button
          type="button"
          class="secondary-button"
          onClick={() => fileInput?.click()}
          data-testid="open-scenario"
          title="Open a scenario saved as JSON (or drop the file on the page)"
        >
          Open…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          class="sr-only"
          tabindex="-1"
          aria-label="Scenario file (JSON)"
          data-testid="open-scenario-file"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void app.openFile(f);
          }}
        />
        <button
          type="button"
          class="secondary-button"
          onClick={csv}
          disabled={!answer()}
          data-testid="download-csv"
          title={`Monthly schedule of the ${answer()?.name ?? 'plan'} as CSV`}
        >
          CSV
        </button>
        <button
          type="button"
          class="secondary-button"
          onClick={() => void xlsx()}
          disabled={!answer() || xlsxBusy()}
          data-testid="download-xlsx"
          title={`Inputs, KPIs, monthly schedule and plan of the ${answer()?.name ?? 'plan'} as an Excel workbook`}
        >
          XLSX
        </button>
        <button
          type="button"
          class="secondary-button"
          onClick={json}
          disabled={!answer()}
          data-testid="download-json"
          title="Scenario and answer as JSON (opens again with Open…)"
        >
          JSON
        </button>
      </div>
      <Show when={link()}>
        <div class="share-box" role="status">
          <label for="share-url">
            {copied()
              ? 'Link copied — it reopens this scenario:'
              : 'Copy this link to reopen this scenario:'}
          </label>
          <input
            id="share-url"
            data-testid="share-url"
            type="text"
            readonly
            value={link()}
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            class="icon-button"
            aria-label="Close"
            onClick={() => setLink(undefined)}
          >
            ✕
          </button>
        </div>
      </Show>
    </header>
  );
}
