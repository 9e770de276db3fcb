/**
 * `npm run bench [-- --passages N] [--json] [--help]`: generates (or reuses) corpora of 1,000, 10,000
 * and 100,000 passages and measures our engine against plain minisearch on each. Run through
 * `tsx --expose-gc` so heap figures are taken after a full garbage collection.
 */
import { cpus, totalmem } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_ROOT, DEFAULT_SEED } from './defaults.js';
import type { SizeReport } from './report.js';

/** Corpus sizes measured when none is asked for. */
export const DEFAULT_SIZES: readonly number[] = [1_000, 10_000, 100_000];
/** Largest corpus accepted: beyond this the generated folder alone runs to gigabytes. */
export const MAX_PASSAGES = 1_000_000;

/** Parsed command line. */
export interface BenchOptions {
  /** `--help` or `-h`: print the usage and measure nothing. */
  readonly help: boolean;
  readonly sizes: readonly number[];
  readonly json: boolean;
  /** Folder holding one corpus folder per size. */
  readonly root: string;
  readonly seed: number;
}

export const USAGE = 'usage: npm run bench [-- --passages N ...] [--json] [--root DIR] [--seed N] [--help]';

const OPTIONS = {
  passages: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  root: { type: 'string' },
  seed: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The options given, or an Error with the usage for an unknown option or a missing value. */
function readArgs(args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw new Error(`bench: ${(error as Error).message}\n${USAGE}`);
  }
}

/**
 * Reads the command line. With `--help`, the other options' values are not checked. Throws an
 * Error with the usage for an unknown option or a bad value.
 */
export function parseOptions(args: readonly string[]): BenchOptions {
  const values = readArgs(args);
  if (values.help) return { help: true, sizes: DEFAULT_SIZES, json: false, root: path.resolve(DEFAULT_CORPUS_ROOT), seed: DEFAULT_SEED };
  const whole = (text: string, what: string, max: number) => {
    const value = Number(text.replaceAll('_', '').replaceAll(',', ''));
    if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`bench: ${what} must be a whole number from 1 to ${max}, not "${text}"\n${USAGE}`);
    return value;
  };
  return {
    help: false,
    sizes: values.passages?.map((text) => whole(text, '--passages', MAX_PASSAGES)) ?? DEFAULT_SIZES,
    json: values.json ?? false,
    root: path.resolve(values.root ?? DEFAULT_CORPUS_ROOT),
    seed: values.seed === undefined ? DEFAULT_SEED : whole(values.seed, '--seed', 2 ** 32 - 1),
  };
}

/** Progress goes to stderr, so that `--json` output on stdout stays machine-readable. */
const progress = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  let options: BenchOptions;
  // parseOptions only reads the command line, so whatever it throws is a usage error.
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The engine loads once the command line is understood: a mistake in it is reported at once.
  const [
    { Thesaurus, WordVectors }, { ensureCorpus, loadSources }, { canCollectGarbage, heapUsed, measureIndex, measureKnowledgeBase, measureMiniSearch },
    { loadQueries }, { checkTargets, formatMs, formatSize, formatSummary, TARGETS },
  ] = await Promise.all([import('../src/core/index.js'), import('./corpus.js'), import('./measure.js'), import('./queries.js'), import('./report.js')]);
  if (!canCollectGarbage) progress('bench: run node with --expose-gc (npm run bench does) for exact heap figures; these include garbage.');

  // The WordNet thesaurus and the word vectors are loaded once per process, on the first build:
  // loaded here, so that no build time below includes them.
  let started = performance.now();
  Thesaurus.shared();
  WordVectors.shared();
  const thesaurusMs = performance.now() - started;
  const baselineHeapBytes = heapUsed();

  const sources = await loadSources();
  const queries = await loadQueries({ seed: options.seed, sources });
  // Warm-up queries differ from the timed ones: the engine caches the analysis of passages it
  // has ranked, and timing queries it has just seen would flatter it.
  const timed = new Set(queries.map((query) => query.text));
  const warmUp = (await loadQueries({ seed: options.seed + 1, sources })).filter((query) => query.kind !== 'off-topic' && !timed.has(query.text));

  const reports: SizeReport[] = [];
  for (const passages of options.sizes) {
    progress(`bench: ${passages} passages: corpus…`);
    started = performance.now();
    const corpus = await ensureCorpus(passages, { dir: path.join(options.root, String(passages)), seed: options.seed });
    progress(`bench: ${passages} passages: plain minisearch…`);
    const minisearch = await measureMiniSearch(corpus.dir, queries, warmUp);
    heapUsed();
    progress(`bench: ${passages} passages: our index…`);
    const { report: ours, index } = await measureIndex(corpus.dir, queries, warmUp);
    heapUsed();
    progress(`bench: ${passages} passages: knowledge base (cache, refresh, sentence meanings)…`);
    const knowledgeBase = await measureKnowledgeBase(corpus.dir, path.join(options.root, `${passages}.index-cache`), queries, index);
    heapUsed();
    const report: SizeReport = {
      passages,
      articles: corpus.articles,
      corpusDir: corpus.dir,
      corpusGenerated: corpus.generated,
      corpusMs: corpus.milliseconds,
      queries: queries.length,
      ours,
      knowledgeBase,
      minisearch,
      targets: checkTargets(ours, knowledgeBase, minisearch, passages),
    };
    reports.push(report);
    progress(`bench: ${passages} passages done in ${formatMs(performance.now() - started)}`);
    if (!options.json) process.stdout.write(`\n${formatSize(report)}\n`);
  }

  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ machine, gc: canCollectGarbage, thesaurusMs, baselineHeapBytes, targets: TARGETS, sizes: reports }, null, 2)}\n`);
    return;
  }
  process.stdout.write([
    '',
    `Summary (targets are for 100,000 passages; ${machine.cpus} × ${machine.cpu}, node ${machine.node}):`,
    formatSummary(reports),
    '',
    `The WordNet thesaurus and the word vectors were loaded before timing (${formatMs(thesaurusMs)}) and are not in any build time; heap before any index: ${(baselineHeapBytes / 1024 / 1024).toFixed(1)} MB${canCollectGarbage ? '' : ' (no --expose-gc: heap figures include garbage)'}.`,
    'Latency is one pass over the query set after a warm-up with other queries. A stall includes up to the monitor\'s 10 ms sampling interval.',
    '',
  ].join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
