import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { measureStall, percentile, percentiles, type IndexReport, type KnowledgeBaseReport, type LatencyReport, type MiniSearchReport } from '../../bench/measure.js';
import { checkTargets, formatMs, formatRatio, formatTable } from '../../bench/report.js';
import { parseOptions, USAGE } from '../../bench/run.js';
import type * as Core from '../../src/core/index.js';
import { compiled, importCompiled } from '../compiled.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

// What measureKnowledgeBase measures starts worker threads and a child process: from the
// compiled sources they start as a build's do, without tsx (see `compiled.ts`). The index it is
// given comes from the same sources.
const [bench, built] = await Promise.all([
  importCompiled<typeof import('../../bench/measure.js')>('bench/measure.ts'), importCompiled<typeof Core>('src/core/index.ts'),
]);

describe('percentile', () => {
  test.each([
    [50, 5], [95, 10], [99, 10], [10, 1], [0, 1], [100, 10],
  ])('gives p%i of 1…10 by nearest rank: %i', (p, expected) => {
    expect(percentile([7, 3, 10, 1, 5, 2, 9, 4, 8, 6], p)).toBe(expected);
  });

  test('is NaN with no samples', () => {
    expect(percentiles([])).toEqual({ p50: NaN, p95: NaN, p99: NaN });
  });
});

describe('measureStall', () => {
  test('sees a synchronous stretch of work, even one that starts at once', async () => {
    const { result, stall } = await measureStall(() => {
      const until = performance.now() + 150;
      while (performance.now() < until);
      return 'done';
    });
    expect(result).toBe('done');
    expect(stall.longestStallMs).toBeGreaterThan(140);
  });

  test('sees no long stall in work that yields', async () => {
    const { stall } = await measureStall(async () => {
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    });
    expect(stall.longestStallMs).toBeLessThan(100);
    expect(stall.keptRunning).toBe(true);
  });
});

const latency = (p50: number, p95: number): LatencyReport => {
  const p = { p50, p95, p99: p95 };
  return { ...p, byKind: { natural: p, keyword: p, typo: p, 'off-topic': p } };
};
const ours = (p50: number, p95: number, heapMb: number): IndexReport => ({
  buildMs: 900, loadMs: 100, heapBytes: heapMb * 1024 * 1024, distinctWords: 1, answer: latency(p50, p95), answered: 1, meaningsMs: 2000, meaningParagraphs: 9, arrayBufferBytes: 1, rankedWithMeanings: 1,
});
const base = (startFromCacheMs: number | undefined, refreshOne: number, stallMs: number): KnowledgeBaseReport => ({
  cacheAvailable: startFromCacheMs !== undefined,
  buildAndWriteMs: 1000,
  ...(startFromCacheMs !== undefined && { startFromCacheMs, cacheBytes: 1 }),
  refreshOneChangedMs: refreshOne,
  refreshOneChangedArticles: 1,
  refreshOneWasFull: false,
  fullRefreshMs: 900,
  fullRefreshStall: { milliseconds: 900, longestStallMs: stallMs, heartbeats: 18, heartbeatsExpected: 18, longestHeartbeatGapMs: 60, keptRunning: true },
  answersDuringRefresh: { p50: 5, p95: 20, p99: 30, count: 9, max: 30 },
  inThreadFullRefreshMs: 1000,
  inThreadFullRefreshStall: { milliseconds: 1000, longestStallMs: 150, heartbeats: 20, heartbeatsExpected: 20, longestHeartbeatGapMs: 160, keptRunning: true },
  meaningsStall: { milliseconds: 1000, longestStallMs: stallMs, heartbeats: 20, heartbeatsExpected: 20, longestHeartbeatGapMs: 60, keptRunning: true },
  answersDuringMeanings: { p50: 15, p95: 30, p99: 35, count: 9, max: 35 },
});
const minisearch: MiniSearchReport = { buildMs: 500, loadMs: 100, heapBytes: 1, jsonBytes: 1, loadJsonMs: 1, buildStallMs: 500, search: latency(10, 40) };

describe('checkTargets', () => {
  test('says which targets the figures meet', () => {
    const met = Object.fromEntries(checkTargets(ours(5, 59, 799), base(299, 99, 99), minisearch, 100_000).map((t) => [t.name, t.met]));
    expect(met).toEqual({
      'answer p95': true,
      'answer p50 vs minisearch p50': true,
      'heap used': true,
      'start from cache vs build': true,
      'refresh after one change vs full refresh': true,
      'longest stall in full refresh': true,
      'longest stall while sentence meanings are computed': true,
    });
    expect(checkTargets(ours(5, 41, 799), base(299, 99, 99), minisearch, 10_000).find((t) => t.name === 'answer p95')?.met).toBe(false);
  });

  test('says which targets the figures miss, and which could not be measured', () => {
    const met = Object.fromEntries(checkTargets(ours(6, 61, 801), base(undefined, 101, 101), minisearch, 100_000).map((t) => [t.name, t.met]));
    expect(met).toEqual({
      'answer p95': false,
      'answer p50 vs minisearch p50': false,
      'heap used': false,
      'start from cache vs build': undefined,
      'refresh after one change vs full refresh': false,
      'longest stall in full refresh': false,
      'longest stall while sentence meanings are computed': false,
    });
  });
});

describe('formatting', () => {
  test.each([[0.4234, '0.42 ms'], [12.34, '12.3 ms'], [1234.5, '1,235 ms'], [undefined, 'n/a']])('formats %s ms as %j', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });

  test('formats a ratio, or nothing without a yardstick', () => {
    expect(formatRatio(1, 4)).toBe('0.25×');
    expect(formatRatio(1, 0)).toBe('');
    expect(formatRatio(undefined, 4)).toBe('');
  });

  test('pads table columns to their widest cell', () => {
    expect(formatTable(['a', 'bb'], [['ccc', 'd']])).toBe('a   │ bb\n────┼───\nccc │ d');
  });
});

describe('parseOptions', () => {
  test('measures all three sizes by default', () => {
    expect(parseOptions([])).toMatchObject({ sizes: [1_000, 10_000, 100_000], json: false });
  });

  test('takes one or more sizes and --json', () => {
    expect(parseOptions(['--passages', '10_000', '--passages', '500', '--json'])).toMatchObject({ sizes: [10_000, 500], json: true });
  });

  test('refuses a size that is not a whole number', () => {
    expect(() => parseOptions(['--passages', 'many'])).toThrow('bench: --passages must be a whole number from 1 to 1000000, not "many"');
  });

  test.each(['--help', '-h'])('reads %s as a request for the usage, whatever else is given', (flag) => {
    expect(parseOptions([flag])).toMatchObject({ help: true });
    expect(parseOptions(['--passages', 'many', flag])).toMatchObject({ help: true });
    expect(parseOptions([])).toMatchObject({ help: false });
  });

  test('refuses an unknown option with the usage', () => {
    expect(() => parseOptions(['--bogus'])).toThrow(`bench: Unknown option '--bogus'\n${USAGE}`);
  });
});

describe('npm run bench', () => {
  const run = promisify(execFile);
  /** `npm run bench` as JavaScript, started with plain node (see `compiled.ts`). */
  const runBench = (...args: string[]) => run(process.execPath, ['--expose-gc', compiled('bench/run.ts'), ...args], { cwd: fileURLToPath(new URL('../..', import.meta.url)) });

  test.each(['--help', '-h'])('%s prints the usage on stdout and exits 0', async (flag) => {
    expect(await runBench(flag)).toEqual({ stdout: `${USAGE}\n`, stderr: '' });
  });

  test('an unknown option prints the error and the usage on stderr and exits 2', async () => {
    expect(await runBench('--bogus').catch((e: unknown) => e)).toMatchObject({ code: 2, stdout: '', stderr: `bench: Unknown option '--bogus'\n${USAGE}\n` });
  });
});

describe('measureKnowledgeBase', () => {
  test('measures cache, refreshes and the bot\'s full refresh on a small folder, and leaves the folder as it was', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'mou-bench-'));
    try {
      const dir = path.join(root, 'knowledge');
      await cp(KNOWLEDGE_DIR, dir, { recursive: true });
      const file = path.join(dir, 'india-morocco-defence-mou.md');
      const before = await readFile(file, 'utf8');
      const withMeanings = await built.ArticleIndex.build(await built.loadArticles(dir));
      const encoder = await built.SentenceEncoder.shared();
      await built.fillMeanings(withMeanings, (sentences) => encoder.encode(sentences));
      const report = await bench.measureKnowledgeBase(dir, path.join(root, 'cache.jsonl'), [{ kind: 'natural', text: 'Who signed the MoU?' }, { kind: 'keyword', text: 'maritime security' }], withMeanings, 1000);
      expect(report).toMatchObject({ cacheAvailable: true, refreshOneChangedArticles: 1, refreshOneWasFull: false });
      expect(report.cacheBytes).toBeGreaterThan(0);
      expect(report.answersDuringRefresh.count).toBeGreaterThan(0);
      expect(report.answersDuringRefresh.max).toBeGreaterThan(0);
      expect(report.fullRefreshStall.keptRunning).toBe(true);
      expect(report.inThreadFullRefreshMs).toBeGreaterThan(0);
      expect(report.meaningsStall.keptRunning).toBe(true);
      expect(report.answersDuringMeanings.count).toBeGreaterThan(0);
      expect(await readFile(file, 'utf8')).toBe(before);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
