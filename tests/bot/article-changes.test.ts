/**
 * The moderators' changes below Discord: the refresher making a change inside its lock and
 * taking it back, and add, remove and undo on a real knowledge base, change log and folder,
 * in the cases the end-to-end tests do not reach (an article changed by hand since).
 */
import { cp, mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  addArticle, Confirmations, CONFIRMATION_TTL_MS, MAX_CONFIRMATIONS, recordRefresh, removeArticle, undoLastChange,
  type Moderator, type NewArticle, type Pending,
} from '../../src/bot/articles/index.js';
import { ChangeNotRevertedError, createRefresher, type FolderChange } from '../../src/bot/refresh.js';
import { UserError } from '../../src/bot/errors.js';
import { ArticleError, KnowledgeBase, parseArticle, RefreshInProgressError, trashFolderOf, type RefreshReport } from '../../src/core/index.js';
import { MIGRATIONS, openDatabase, recentChanges, type Database } from '../../src/data/index.js';
import type { ManagerChannel } from '../../src/sharding/protocol.js';
import { createLogger } from '../../src/logger.js';
import { KNOWLEDGE_DIR } from '../helpers.js';

const WHO: Moderator = { id: '1310000000000000002', name: 'moderator', guildId: '1300000000000000001' };

function memoryLogger() {
  const lines: string[] = [];
  const logger = createLogger('debug', new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  }));
  return { logger, logs: () => lines.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const VERSION = { hash: 'aaaaaaaaaaaa', loadedAt: new Date(0), articles: 1, passages: 9 };
const REPORT: RefreshReport = {
  dryRun: false, full: false, added: [], changed: [], removed: [], passagesBefore: 9, passagesAfter: 9,
  versionBefore: VERSION, version: VERSION, ignored: [], milliseconds: 1,
};

/** A change that records what happens to it. */
function changeRecording(steps: string[], options: { revertFails?: boolean; applyFails?: Error } = {}): FolderChange {
  return {
    describe: { action: 'test' },
    async apply() {
      steps.push('apply');
      if (options.applyFails) throw options.applyFails;
    },
    async revert() {
      steps.push('revert');
      if (options.revertFails) throw new Error('disk gone');
    },
  };
}

describe('createRefresher with a change', () => {
  test('makes the change once it holds the lock, then refreshes', async () => {
    const steps: string[] = [];
    const refresh = createRefresher({ refresh: async () => { steps.push('refresh'); return REPORT; }, flushCache: async () => {} }, memoryLogger().logger);
    await refresh(WHO, { dryRun: false, change: changeRecording(steps) });
    expect(steps).toEqual(['apply', 'refresh']);
  });

  test('takes the change back when the refresh fails, and rejects with the refresh\'s error', async () => {
    const steps: string[] = [];
    const broken = new ArticleError([{ file: 'broken.md', problem: 'has no front matter' }]);
    const refresh = createRefresher({ refresh: async () => { throw broken; }, flushCache: async () => {} }, memoryLogger().logger);
    await expect(refresh(WHO, { dryRun: false, change: changeRecording(steps) })).rejects.toBe(broken);
    expect(steps).toEqual(['apply', 'revert']);
  });

  test('refuses a second refresh or change while one runs, without making its change', async () => {
    const steps: string[] = [];
    let finish = () => {};
    const gate = new Promise<void>((resolve) => { finish = resolve; });
    const refresh = createRefresher({ refresh: async () => { await gate; return REPORT; }, flushCache: async () => {} }, memoryLogger().logger);
    const first = refresh(WHO, { dryRun: false });
    await expect(refresh(WHO, { dryRun: false, change: changeRecording(steps) })).rejects.toBeInstanceOf(RefreshInProgressError);
    expect(steps).toEqual([]);
    finish();
    await first;
    await refresh(WHO, { dryRun: false, change: changeRecording(steps) });
    expect(steps).toEqual(['apply']);
  });

  test('says so, loudly, when the change cannot be taken back either', async () => {
    const { logger, logs } = memoryLogger();
    const refresh = createRefresher({ refresh: async () => { throw new Error('worker died'); }, flushCache: async () => {} }, logger);
    const failure = await refresh(WHO, { dryRun: false, change: changeRecording([], { revertFails: true }) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ChangeNotRevertedError);
    expect(logs()).toContainEqual(expect.objectContaining({ level: 50, result: 'change-not-reverted', reason: 'Error: worker died', revertError: 'Error: disk gone' }));
  });

  test('a change that cannot be made as asked refreshes nothing and is logged as refused', async () => {
    const { logger, logs } = memoryLogger();
    const steps: string[] = [];
    const refresh = createRefresher({ refresh: async () => { steps.push('refresh'); return REPORT; }, flushCache: async () => {} }, logger);
    await expect(refresh(WHO, { dryRun: false, change: changeRecording(steps, { applyFails: new UserError('gone') }) })).rejects.toThrow('gone');
    expect(steps).toEqual(['apply']);
    expect(logs()).toContainEqual(expect.objectContaining({ level: 30, result: 'refused', reason: 'gone', change: { action: 'test' } }));
  });
});

describe('createRefresher with a change, sharded', () => {
  /** The manager's end of a shard's channel: grants the lock or not, and counts the shards serving. */
  function manager(grant: boolean, steps: string[]): ManagerChannel {
    const listeners = new Set<(message: unknown) => void>();
    return {
      send(message) {
        steps.push(message.mou);
        const answer = message.mou === 'lock' ? { mou: 'lock', id: message.id, granted: grant }
          : message.mou === 'adopt' ? { mou: 'adopt-result', id: message.id, serving: 2, total: 2 } : undefined;
        if (answer) setImmediate(() => listeners.forEach((listener) => { listener(answer); }));
      },
      on: (_event, listener) => listeners.add(listener),
      off: (_event, listener) => listeners.delete(listener),
    };
  }

  test('makes the change only once the manager grants the lock across shards, and releases it after', async () => {
    const steps: string[] = [];
    const knowledge = { refresh: async () => { steps.push('refresh'); return REPORT; }, flushCache: async () => {} };
    const report = await createRefresher(knowledge, memoryLogger().logger, manager(true, steps))(WHO, { dryRun: false, change: changeRecording(steps) });
    expect(steps).toEqual(['lock', 'apply', 'refresh', 'adopt', 'unlock']);
    expect(report.shards).toEqual({ serving: 2, total: 2 });
  });

  test('makes no change while another shard holds the lock', async () => {
    const steps: string[] = [];
    const knowledge = { refresh: async () => { steps.push('refresh'); return REPORT; }, flushCache: async () => {} };
    const refresh = createRefresher(knowledge, memoryLogger().logger, manager(false, steps));
    await expect(refresh(WHO, { dryRun: false, change: changeRecording(steps) })).rejects.toBeInstanceOf(RefreshInProgressError);
    expect(steps).toEqual(['lock']);
  });
});

describe('add, remove and undo on a knowledge folder', () => {
  let root: string;
  let dir: string;
  let database: Database;
  let context: Parameters<typeof addArticle>[0];

  const article = (title: string): NewArticle => {
    const bytes = new TextEncoder().encode(`---\ntitle: "${title}"\n---\n${title} happened on Monday.\n\nIt was the talk of the town.\n`);
    const parsed = parseArticle('new.md', bytes);
    if (!parsed.ok) throw new Error('bad fixture');
    return { bytes, extension: '.md', article: parsed.article, origin: 'test' };
  };

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'mou-changes-'));
    dir = path.join(root, 'knowledge');
    await cp(KNOWLEDGE_DIR, dir, { recursive: true });
    database = openDatabase(path.join(root, 'data'), MIGRATIONS);
    const { logger } = memoryLogger();
    const knowledge = await KnowledgeBase.open(dir);
    context = { refresh: createRefresher(knowledge, logger), records: database, logger, config: { knowledgeDir: dir } };
  });
  afterAll(async () => {
    database.close();
    await rm(root, { recursive: true, force: true });
  });

  test('an add whose file was deleted by hand since cannot be undone: undo says so, and the next undo goes on to the change before it', async () => {
    const first = await addArticle(context, WHO, article('Harbour fair opens'));
    const second = await addArticle(context, WHO, article('Lighthouse repainted'));
    await unlink(path.join(dir, second.file!));

    const failure = await undoLastChange(context, WHO).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as Error).message).toBe(`Change #2 cannot be undone: its file ${second.file} is no longer in the knowledge folder.`);
    expect(recentChanges(database, WHO.guildId)[0]).toMatchObject({ id: 2, notUndoable: `its file ${second.file} is no longer in the knowledge folder` });

    const undone = await undoLastChange(context, WHO);
    expect(undone).toMatchObject({ action: 'removed', undid: { id: 1 }, file: first.file, recorded: { ok: true, change: { id: 3, undoes: 1 } } });
    expect(await readdir(trashFolderOf(dir))).toEqual([undone.trashFile]);
    await expect(undoLastChange(context, WHO)).rejects.toThrow('Nothing to undo: no article added or removed in this server is left to undo (see `/mou-admin history`).');
  });

  test('an add whose file was edited by hand since cannot be undone: the edited file stays, and undo says why', async () => {
    const added = await addArticle(context, WHO, article('Ferry timetable changes'));
    const id = added.recorded.ok && added.recorded.change.id;
    expect(added.recorded.ok && added.recorded.change.fileHash).toMatch(/^[0-9a-f]{16}$/);
    const edited = '---\ntitle: "Ferry timetable changes"\n---\nA moderator corrected the times by hand.\n';
    await writeFile(path.join(dir, added.file!), edited);

    const failure = await undoLastChange(context, WHO).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UserError);
    expect((failure as Error).message).toBe(`Change #${id} cannot be undone: its file ${added.file} was changed since it was added.`);
    expect(await readFile(path.join(dir, added.file!), 'utf8')).toBe(edited);
    expect(recentChanges(database, WHO.guildId)[0]).toMatchObject({ id, notUndoable: `its file ${added.file} was changed since it was added` });
  });

  test('a removal cannot be undone while another file has its name; it can once that file is gone', async () => {
    const added = await addArticle(context, WHO, article('Bridge reopens'));
    const removed = await removeArticle(context, WHO, added.file!, 'Bridge reopens');
    await writeFile(path.join(dir, added.file!), '---\ntitle: "Bridge reopens again"\n---\nA new text.\n');

    await expect(undoLastChange(context, WHO)).rejects.toThrow(`Change #${removed.recorded.ok && removed.recorded.change.id} cannot be undone yet: the knowledge folder has a file named ${added.file} again. Remove it first, then undo.`);
    await unlink(path.join(dir, added.file!));
    const undone = await undoLastChange(context, WHO);
    expect(undone.report.added).toEqual(['Bridge reopens']);
  });

  test('removing a file someone deleted meanwhile changes nothing and says so', async () => {
    await expect(removeArticle(context, WHO, 'never-there.md', 'Never there')).rejects.toThrow('“Never there” is no longer in the knowledge folder (never-there.md was removed meanwhile); nothing changed.');
  });

  test('a refresh is recorded with the versions before and after; without a database nothing is recorded', () => {
    expect(recordRefresh(context, WHO, REPORT)).toMatchObject({ ok: true, change: { action: 'refreshed', versionBefore: VERSION.hash, versionAfter: VERSION.hash } });
    expect(recordRefresh({ ...context, records: undefined }, WHO, REPORT)).toEqual({ ok: false, reason: 'no database' });
  });
});

describe('Confirmations', () => {
  const pending = (userId = WHO.id): Pending => ({ kind: 'remove', userId, guildId: WHO.guildId, file: 'a.md', title: 'A', shown: 'Remove A?' });

  test('a confirmation is taken once, by the moderator who asked, and can be put back', () => {
    const confirmations = new Confirmations();
    const id = confirmations.put(pending());
    expect(confirmations.take(id, 'someone else')).toEqual({ ok: false, reason: 'not yours' });
    expect(confirmations.take(id, WHO.id)).toEqual({ ok: true, pending: pending() });
    expect(confirmations.take(id, WHO.id)).toEqual({ ok: false, reason: 'expired' });
    confirmations.restore(id, pending());
    expect(confirmations.take(id, WHO.id).ok).toBe(true);
  });

  test(`a confirmation expires after ${CONFIRMATION_TTL_MS / 60_000} minutes, and at most ${MAX_CONFIRMATIONS} are kept`, () => {
    let now = 0;
    const confirmations = new Confirmations(() => now);
    const old = confirmations.put(pending());
    now = CONFIRMATION_TTL_MS + 1;
    expect(confirmations.take(old, WHO.id)).toEqual({ ok: false, reason: 'expired' });
    const ids = Array.from({ length: MAX_CONFIRMATIONS + 1 }, () => confirmations.put(pending()));
    expect(confirmations.take(ids[0]!, WHO.id).ok).toBe(false);
    expect(confirmations.take(ids.at(-1)!, WHO.id).ok).toBe(true);
  });
});
