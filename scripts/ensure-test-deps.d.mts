/** Types of ensure-test-deps.mjs (plain JavaScript so that it runs before anything is compiled). */
export type Need = 'chromium' | 'postgresql';
export const NEEDS: Record<Need, { debian: string; tests: string[]; otherwise: string }>;
export function probe(env?: NodeJS.ProcessEnv): Record<Need, boolean>;
export function decide(
  present: Record<Need, boolean>,
  facts: { root: boolean; debian: boolean; allowInstall: boolean },
): { install: string[]; skip: Need[] };
export function skipMessage(skip: Need[]): string;
