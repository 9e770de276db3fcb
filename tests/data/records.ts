/** A fresh database in a temporary folder, and answers to record in it, for the records' tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { DAY_MS, MIGRATIONS, openDatabase, type Database, type NewAnswer } from '../../src/data/index.js';

export const ASKER = '1310000000000000001';
export const OTHER = '1310000000000000002';
/** The server the answers of {@link answer} are asked in. */
export const GUILD = '1300000000000000001';
export { DAY_MS };
/** A fixed "now", so the tests do not depend on the clock. */
export const NOW = new Date('2026-03-01T12:00:00Z');

/** Opens a fresh database before each test and closes and removes it after. */
export function useDatabase(): { readonly current: Database; readonly dir: string } {
  const state = {} as { current: Database; dir: string };
  beforeEach(async () => {
    state.dir = await mkdtemp(path.join(tmpdir(), 'mou-records-'));
    state.current = openDatabase(state.dir, MIGRATIONS);
  });
  afterEach(async () => {
    state.current.close();
    await rm(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** An answer about the seed article, `daysAgo` days before {@link NOW}. */
export function answer(overrides: Partial<NewAnswer> & { daysAgo?: number } = {}): NewAnswer {
  const { daysAgo = 0, ...rest } = overrides;
  return {
    askedAt: new Date(NOW.getTime() - daysAgo * DAY_MS),
    guildId: GUILD,
    channelId: '1300000000000000101',
    askerId: ASKER,
    question: 'Who signed the MoU for Morocco?',
    searched: 'Who signed the MoU for Morocco?',
    topic: 'morocco mou sign',
    subject: { names: ['MoU', 'Morocco'], words: ['signed'], asks: 'who', article: 'india-morocco-defence-mou' },
    declined: false,
    confidence: 0.8,
    knowledgeVersion: 'abc123def456',
    citations: [{ n: 1, passageId: 'india-morocco-defence-mou#2', slug: 'india-morocco-defence-mou', title: 'India and Morocco sign defence MoU', paragraph: 2 }],
    snippets: [{ text: 'The MoU, signed with Morocco’s Defence Minister Abdellatif Loudiyi, establishes …', citation: 1 }],
    ...rest,
  };
}
