import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { selectSets } from '../src/cli/eval-sets.js';
import { baselineSystem, engineSystem, evaluate, normalizeForMatch, readQuestions, type EvalQuestion } from '../src/cli/evaluation.js';
import { UsageError } from '../src/cli/usage.js';
import { ArticleIndex } from '../src/core/search/article-index.js';
import { loadArticles } from '../src/core/articles/article.js';
import { EVAL_DIR, XQUAD_DIR, seedIndex } from './helpers.js';
import { compiled } from './compiled.js';

describe('normalizeForMatch', () => {
  test('ignores case, white space, dash and quote styles', () => {
    expect(normalizeForMatch('  Counter–Terrorism  at “the”\nfore’front ')).toBe(normalizeForMatch('counter-terrorism at "the" fore\'front'));
  });
});

describe('evaluate', () => {
  const questions: EvalQuestion[] = [
    { id: 'a', question: 'first', answers: ['alpha'] },
    { id: 'b', question: 'second', answers: ['beta'] },
    { id: 'c', question: 'third', answers: ['gamma'] },
    { id: 'd', question: 'off-topic', unanswerable: true },
  ];
  const shown: Record<string, string[] | undefined> = { first: ['Alpha here.'], second: ['nothing', 'the BETA one'], third: undefined, 'off-topic': undefined };

  test('computes hit@1, hit@3, MRR and the decline rates', async () => {
    const { report, failures } = await evaluate(questions, (q) => shown[q]);
    expect(report).toMatchObject({ questions: 4, hit1: 1 / 3, hit3: 2 / 3, mrr: (1 + 0.5) / 3, abstainRate: 1, falseAbstainRate: 1 / 3 });
    expect((await evaluate(questions.slice(0, 1), (q) => shown[q])).report.abstainRate).toBeNull();
    expect(failures.map((f) => f.question.id)).toEqual(['b', 'c']);
  });

  test('asks each question with the messages before it in its conversation', async () => {
    const asked: Array<[string, readonly string[] | undefined]> = [];
    const conversation: EvalQuestion[] = [{ id: 'f', before: ['who signed it?'], question: 'and when?', answers: ['May'] }, { id: 'g', question: 'alone', answers: ['x'] }];
    const { report } = await evaluate(conversation, (question, before) => {
      asked.push([question, before]);
      return before ? ['signed in May'] : undefined;
    });
    expect(asked.slice(1)).toEqual([['and when?', ['who signed it?']], ['alone', undefined]]);
    expect(report).toMatchObject({ hit1: 0.5, falseAbstainRate: 0.5 });
  });
});

describe('readQuestions', () => {
  test('names the line of a bad question', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-eval-'));
    const file = path.join(dir, 'q.jsonl');
    await writeFile(file, '{"id":"1","question":"q","answers":["a"]}\n{"id":"2","question":"q"}\n');
    await expect(readQuestions(file)).rejects.toThrow(`${file}:2: expected {id, question, answers: [...]} or {id, question, unanswerable: true}`);
    await rm(dir, { recursive: true });
  });

  test('reads the earlier messages of a conversation, from 1 to 5 of them', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-eval-'));
    const file = path.join(dir, 'q.jsonl');
    await writeFile(file, '{"id":"1","before":["who signed it?"],"question":"and when?","answers":["May"]}\n');
    expect(await readQuestions(file)).toEqual([{ id: '1', before: ['who signed it?'], question: 'and when?', answers: ['May'] }]);
    for (const before of ['[]', '[""]', '["a","b","c","d","e","f"]', '"who signed it?"']) {
      await writeFile(file, `{"id":"1","before":${before},"question":"and when?","unanswerable":true}\n`);
      await expect(readQuestions(file)).rejects.toThrow(`${file}:1: expected {id, question, answers: [...]} or {id, question, unanswerable: true}, with an optional before: [1 to 5 earlier messages]`);
    }
    await rm(dir, { recursive: true });
  });
});

describe('selectSets', () => {
  const sets = [
    { name: 'seed dev', use: 'dev' },
    { name: 'seed hold-out', use: 'holdout' },
    { name: 'news quiz, 178 articles', use: 'dev' },
  ];

  test('takes every set when none is asked for', () => {
    expect(selectSets(sets)).toEqual(sets);
    expect(selectSets(sets, [])).toEqual(sets);
  });

  test('takes sets by name or by use, in the suite\'s order', () => {
    expect(selectSets(sets, ['news quiz, 178 articles', 'seed dev']).map((set) => set.name)).toEqual(['seed dev', 'news quiz, 178 articles']);
    expect(selectSets(sets, ['holdout']).map((set) => set.name)).toEqual(['seed hold-out']);
  });

  test('refuses a name that matches no set, listing the sets and uses there are', () => {
    const call = () => selectSets(sets, ['seed dev', 'nope', 'holdot']);
    expect(call).toThrow(UsageError);
    expect(call).toThrow('--set: no set is named "nope", "holdot". Sets:\n  seed dev\n  seed hold-out\n  news quiz, 178 articles\nor a use, for all its sets: dev, holdout');
  });
});

describe('npm run eval', () => {
  const ROOT = path.dirname(EVAL_DIR);
  const run = promisify(execFile);
  const evalCli = (...args: string[]) => run(process.execPath, [compiled('src/cli/eval.ts'), ...args], { cwd: ROOT });
  const USAGE = 'Usage: npm run eval -- [--set <name>]… [--knowledge <dir>… --questions <file.jsonl>] [--ranking name=value,…] [--json] [--no-baseline] [--no-meaning] [--failures] [--thresholds] [--help]\n';

  test.each(['--help', '-h'])('%s prints the usage on stdout and exits 0', async (flag) => {
    expect(await evalCli(flag)).toEqual({ stdout: USAGE, stderr: '' });
  });

  test('an unknown option prints the error and the usage on stderr and exits 2', async () => {
    expect(await evalCli('--bogus').catch((e: unknown) => e)).toMatchObject({ code: 2, stdout: '', stderr: `Unknown option '--bogus'\n${USAGE}` });
  });

  test('an unknown --set exits 2, naming it and the sets of eval/suite.json', async () => {
    const failed = await evalCli('--set', 'seed dev', '--set', 'nope').catch((e: unknown) => e) as { code: number; stdout: string; stderr: string };
    expect(failed).toMatchObject({ code: 2, stdout: '' });
    expect(failed.stderr.startsWith('--set: no set is named "nope". Sets:\n  seed dev\n')).toBe(true);
    expect(failed.stderr).toContain('\n  XQuAD\n');
    expect(failed.stderr.endsWith(USAGE)).toBe(true);
  });
});

// Quality guards: not the targets themselves (`npm run eval` measures those), but a floor
// that a change must not break.
describe('answer quality', () => {
  test('reads a question with earlier messages as their follow-up, as the bot does', async () => {
    const system = engineSystem(await seedIndex());
    expect((await system('what about India?'))?.[0]).not.toContain('Rajnath Singh');
    expect((await system('what about India?', ['Who signed the MoU for Morocco?']))?.[0]).toContain('Rajnath Singh');
  });

  test('answers every dev question at rank 1 and declines every unanswerable one', async () => {
    const { report } = await evaluate(await readQuestions(path.join(EVAL_DIR, 'dev-questions.jsonl')), engineSystem(await seedIndex()));
    expect(report).toMatchObject({ hit1: 1, abstainRate: 1, falseAbstainRate: 0 });
  });

  test('declines the seed set’s off-topic questions and answers its paraphrases', async () => {
    const { report } = await evaluate(await readQuestions(path.join(EVAL_DIR, 'seed-questions.jsonl')), engineSystem(await seedIndex()));
    expect(report.abstainRate).toBeGreaterThanOrEqual(0.9);
    expect(report.hit3).toBeGreaterThanOrEqual(0.9);
    expect(report.falseAbstainRate).toBeLessThanOrEqual(0.05);
  });

  test('answers the blind set’s chat-style questions put in other words, and declines most it cannot answer', async () => {
    const { report } = await evaluate(await readQuestions(path.join(EVAL_DIR, 'seed-blind.jsonl')), engineSystem(await seedIndex()));
    expect(report.falseAbstainRate).toBeLessThanOrEqual(0.08);
    expect(report.abstainRate).toBeGreaterThanOrEqual(0.6);
    expect(report.hit1).toBeGreaterThanOrEqual(0.65);
  });

  // Without sentence meanings, as articles past the knowledge base's share of them are ranked
  // (encoding XQuAD's sentences and questions would take most of a minute here). The bot's own
  // figures, with sentence meanings, are `npm run eval`'s XQuAD row, held to hit@1 ≥ 0.84 and
  // hit@3 ≥ 0.94; without them the floors are a point lower.
  // 1,190 questions, each asked as the bot asks it (read for a follow-up's subject too): more than the default timeout on a busy machine.
  test('beats plain minisearch on XQuAD without sentence meanings, and declines at most 2% of its answerable questions', async () => {
    const knowledge = await loadArticles(XQUAD_DIR);
    const questions = await readQuestions(path.join(XQUAD_DIR, '..', 'questions.jsonl'));
    const ours = (await evaluate(questions, engineSystem(await ArticleIndex.build(knowledge)))).report;
    const baseline = (await evaluate(questions, baselineSystem(knowledge.articles))).report;
    expect(ours.hit1).toBeGreaterThan(baseline.hit1! + 0.15);
    expect(ours.hit3).toBeGreaterThan(baseline.hit3! + 0.2);
    expect(ours.hit1).toBeGreaterThanOrEqual(0.83);
    expect(ours.hit3).toBeGreaterThanOrEqual(0.93);
    expect(ours.falseAbstainRate).toBeLessThanOrEqual(0.02);
  }, 120_000);
});
