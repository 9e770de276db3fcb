/**
 * The question sets `npm run eval` measures: those listed in `eval/suite.json`, or those of them
 * `--set` names. Nothing here loads the answer engine, so that a wrong `--set` is refused at once.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
// The project's folder only, not the whole engine behind the core's public surface.
import { PROJECT_ROOT } from '../core/runtime/index.js';
import { UsageError } from './usage.js';

const SUITE = path.join(PROJECT_ROOT, 'eval', 'suite.json');

const suiteSchema = z.object({
  sets: z.array(z.object({
    name: z.string(),
    questions: z.string(),
    knowledge: z.array(z.string()).min(1),
    use: z.enum(['dev', 'holdout', 'regression']),
  })),
});
export type SuiteSet = z.infer<typeof suiteSchema>['sets'][number];

/** The sets `eval/suite.json` lists, in its order. */
export async function readSuite(): Promise<SuiteSet[]> {
  return suiteSchema.parse(JSON.parse(await readFile(SUITE, 'utf8'))).sets;
}

/** What choosing a set by `--set` looks at: its name and its use (`dev`, `holdout`, `regression`). */
export interface NamedSet {
  readonly name: string;
  readonly use: string;
}

/**
 * The sets `--set` asks for, in the suite's order. Each wanted value is a set's name, or a use
 * standing for all the sets of that use; with none wanted, every set. Throws a
 * {@link UsageError} that names each value matching no set and lists the set names and uses
 * there are, so that a typo is refused rather than measuring nothing.
 */
export function selectSets<S extends NamedSet>(sets: readonly S[], wanted: readonly string[] = []): S[] {
  if (wanted.length === 0) return [...sets];
  const matches = (set: S, value: string) => set.name === value || set.use === value;
  const unknown = wanted.filter((value) => !sets.some((set) => matches(set, value)));
  if (unknown.length > 0) {
    const uses = [...new Set(sets.map((set) => set.use))];
    throw new UsageError([
      `--set: no set is named ${unknown.map((value) => `"${value}"`).join(', ')}. Sets:`,
      ...sets.map((set) => `  ${set.name}`),
      `or a use, for all its sets: ${uses.join(', ')}`,
    ].join('\n'));
  }
  return sets.filter((set) => wanted.some((value) => matches(set, value)));
}
