/**
 * @module issues — zod issues as the API answers them: `{ path, message }`, one per unknown key,
 * and the cap on how many an answer lists. The API, the engine and the browser's editor word them
 * alike (the schema binds the scenario's own wording: `zodIssues` in model/schema.ts).
 */
import type { z } from 'zod';

/** One faulty field: a dot-joined path (`site.gridMW`, `hpcOptions.0.id`) and why. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** The path shown for a fault of the body as a whole. */
export const ROOT_PATH = '(body)';

/** A zod issue as zod gives it (its `path` may hold symbols). */
export type ZodIssue = z.core.$ZodIssue;

/** How a caller words what zod alone cannot: see `formatIssues`. */
export interface IssueWording {
  /** Path segments put before every issue's own path (a body nested in a larger one). */
  readonly prefix?: readonly (string | number)[];
  /**
   * Why `key` is refused on an HPC option (`hpcOptions.N`) when it is a field of the other kind;
   * undefined for any other key (then "unknown field").
   */
  readonly optionKey?: (key: string) => string | undefined;
  /** The message of an issue that is not an unknown key; default zod's own. */
  readonly message?: (issue: ZodIssue) => string;
}

/**
 * Turns zod issues into field issues. Unknown keys become one issue per key, named by its full
 * path (`unknown field "k" (not part of the scenario contract)`); the body itself is `(body)`.
 */
export function formatIssues(error: z.ZodError, wording: IssueWording = {}): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = [
      ...(wording.prefix ?? []),
      ...issue.path.map((p) => (typeof p === 'symbol' ? String(p.description) : p)),
    ];
    if (issue.code === 'unrecognized_keys') {
      // A key of the other option kind on an HPC option (hpcOptions.N) is named as such.
      const option = path.length >= 2 && path[path.length - 2] === 'hpcOptions';
      for (const k of issue.keys)
        out.push({
          path: issuePath([...path, k]),
          message:
            (option && wording.optionKey?.(k)) ||
            `unknown field "${k}" (not part of the scenario contract)`,
        });
    } else {
      out.push({ path: issuePath(path), message: wording.message?.(issue) ?? issue.message });
    }
  }
  return out;
}

/**
 * A dot-joined path (`hpcOptions.0.id`). A key that is not a plain identifier (empty, with dots,
 * spaces or quotes — only a hostile or mistaken body has one) is written `["…"]` as JSON, so that
 * every path is non-empty and names exactly one field.
 */
export function issuePath(path: readonly (string | number)[]): string {
  if (!path.length) return ROOT_PATH;
  return path
    .map((p, i) =>
      typeof p === 'number' || /^[A-Za-z_$][\w$]*$/.test(p)
        ? `${i ? '.' : ''}${p}`
        : `[${JSON.stringify(p)}]`,
    )
    .join('');
}

/**
 * Most issues an error answer lists; the message counts the rest (50,000 unknown keys made a 4.5
 * MB body).
 */
export const MAX_ISSUES = 50;

/**
 * Longest path or issue message sent, characters; longer ones (a hostile 100 kB key) are cut with
 * `…`.
 */
export const MAX_ISSUE_CHARS = 200;

const cut = (s: string) => (s.length > MAX_ISSUE_CHARS ? `${s.slice(0, MAX_ISSUE_CHARS - 1)}…` : s);

/**
 * An error's message and issues as they are answered: at most `MAX_ISSUES` issues, each cut to
 * `MAX_ISSUE_CHARS`; when there are more, the message ends with `(N issues, the first 50 listed;
 * more: M)`. Without issues, the message as it is and no list.
 */
export function listIssues(
  message: string,
  issues?: readonly FieldIssue[],
): { message: string; issues?: FieldIssue[] } {
  if (!issues) return { message };
  const more = issues.length - MAX_ISSUES;
  return {
    message:
      more > 0
        ? `${message} (${issues.length} issues, the first ${MAX_ISSUES} listed; more: ${more})`
        : message,
    issues: issues
      .slice(0, MAX_ISSUES)
      .map((i) => ({ path: cut(i.path), message: cut(i.message) })),
  };
}
