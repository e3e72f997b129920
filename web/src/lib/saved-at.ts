/** @module saved-at — when a saved plan (or one of its versions) was saved, as a reader reads it. */

/** When a plan was saved, in the reader's time zone: `22 Nov 2026, 14:05`. */
export function formatSavedAt(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
