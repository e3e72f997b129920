/**
 * @module components/CsvButton — a small button that downloads a table as CSV, named after the
 * scenario on screen.
 */
import { downloadText, fileSlug } from '../lib/csv';
import { useApp } from '../stores/context';

/** Downloads `text()` as `<scenario>-<name>.csv`. */
export function CsvButton(props: {
  name: string;
  text: () => string;
  label: string;
  testId?: string;
}) {
  const app = useApp();
  const save = () =>
    downloadText(
      `${fileSlug(app.scenario.scenario()?.name ?? 'switchyard')}-${props.name}.csv`,
      props.text(),
      'text/csv',
    );
  return (
    <button
      type="button"
      class="link-button small"
      onClick={save}
      aria-label={props.label}
      title={props.label}
      data-testid={props.testId}
    >
      CSV
    </button>
  );
}
