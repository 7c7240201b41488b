import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ResponsePlansFile, responsePlanProblems } from '../../shared/domain/response-plan';
import { type Responsibilities, responsibilityProblems } from '../../shared/domain/responsibilities';

/**
 * Reads one of the city folder's checked JSON files. A missing, unreadable or invalid file stops the
 * server with every problem named, like a bad rules file does: routing and plans must not run on a
 * half-valid list.
 */
function loadChecked<T>(dir: string, name: string, problemsOf: (value: unknown) => string[]): T {
  const file = path.join(dir, name);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const problems = problemsOf(value);
  if (problems.length > 0) {
    throw new Error(`${file} is invalid (${problems.length} problems):\n  ${problems.join('\n  ')}`);
  }
  return value as T;
}

/** data/<city>/responsibilities.json, validated. */
export function loadResponsibilities(cityDir: string): Responsibilities {
  return loadChecked(cityDir, 'responsibilities.json', responsibilityProblems);
}

/** data/<city>/response-plans.json, validated. */
export function loadResponsePlans(cityDir: string): ResponsePlansFile {
  return loadChecked(cityDir, 'response-plans.json', responsePlanProblems);
}
