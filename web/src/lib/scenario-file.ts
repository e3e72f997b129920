/**
 * @module scenario-file — reads a scenario back from a JSON file the app saved (or a bare
 * scenario), checked against the schema.
 */
import { ScenarioSchema, type ScenarioInput } from '../../../model/schema';

/**
 * The scenario in `text`: the app's download (`{ scenario, result, plan }`) or a scenario on its
 * own. The object is returned as written (defaults are not filled in), so the app shows exactly the
 * state it was saved from.
 * @throws Error with the first problems (dot paths) when the text is not JSON or not a valid
 * scenario.
 */
export function readScenarioFile(text: string): ScenarioInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('The file is not JSON.');
  }
  const candidate =
    data && typeof data === 'object' && 'scenario' in data
      ? (data as { scenario: unknown }).scenario
      : data;
  const parsed = ScenarioSchema.safeParse(candidate);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new Error(`The file does not hold a valid scenario (${issues.join('; ')}).`);
  }
  return candidate as ScenarioInput;
}
