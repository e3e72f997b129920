/**
 * @module components/UndoButtons — Undo and Redo over every change of the scenario, as buttons and
 * as Ctrl+Z / Ctrl+Shift+Z (⌘ on a Mac; Ctrl+Y redoes too). A text field being typed in keeps its
 * own Ctrl+Z.
 */
import { onCleanup, onMount } from 'solid-js';
import { useApp } from '../stores/context';

/** Inputs whose keys edit text: Ctrl+Z there is the browser's own undo of the typing. */
const NOT_TEXT: readonly string[] = [
  'range',
  'checkbox',
  'radio',
  'button',
  'submit',
  'reset',
  'color',
  'file',
];

/** True when `target` is a place where typing edits text (an input, a textarea, rich text). */
export function editsText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !NOT_TEXT.includes(target.type);
}

/** What a key press asks of the history: `undo`, `redo` or nothing. */
export function undoKey(e: KeyboardEvent): 'undo' | 'redo' | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && e.ctrlKey && !e.shiftKey) return 'redo';
  return undefined;
}

/** The two buttons; also listens for the keys on the whole page while mounted. */
export function UndoButtons() {
  const app = useApp();
  const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const mod = mac ? '⌘' : 'Ctrl+';
  const onKey = (e: KeyboardEvent) => {
    const what = undoKey(e);
    if (!what || e.defaultPrevented || editsText(e.target)) return;
    e.preventDefault();
    if (what === 'undo') app.scenario.undo();
    else app.scenario.redo();
  };
  // A field committed (blur, Enter) or a slider let go ends a step: the next change to it is new.
  const onChange = () => app.scenario.seal();
  onMount(() => {
    window.addEventListener('keydown', onKey);
    document.addEventListener('change', onChange, true);
  });
  onCleanup(() => {
    window.removeEventListener('keydown', onKey);
    document.removeEventListener('change', onChange, true);
  });
  return (
    <span class="undo-buttons" role="group" aria-label="Undo and redo">
      <button
        type="button"
        class="secondary-button"
        data-testid="undo"
        disabled={!app.scenario.steps().undo}
        title={`Undo the last change of the inputs (${mod}Z)`}
        aria-keyshortcuts={mac ? 'Meta+Z' : 'Control+Z'}
        onClick={() => app.scenario.undo()}
      >
        ↶ Undo
      </button>
      <button
        type="button"
        class="secondary-button"
        data-testid="redo"
        disabled={!app.scenario.steps().redo}
        title={`Redo (${mod}Shift+Z)`}
        aria-keyshortcuts={mac ? 'Meta+Shift+Z' : 'Control+Shift+Z'}
        onClick={() => app.scenario.redo()}
      >
        ↷ Redo
      </button>
    </span>
  );
}
