import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  CHANGES_MIGRATION, HISTORY_LENGTH, lastUndoable, markNotUndoable, recentChanges, recordChange, type NewChange,
} from '../../src/data/changes.js';
import { openDatabase, type Database } from '../../src/data/database.js';
import { MIGRATIONS } from '../../src/data/migrations.js';

const GUILD = '1300000000000000001';
const OTHER_GUILD = '1300000000004194305';

function change(overrides: Partial<NewChange> = {}): NewChange {
  return {
    guildId: GUILD, userId: '1310000000000000002', userName: 'moderator', action: 'added',
    title: 'Valley Rail orders 40 hydrogen trains', file: 'valley-rail.md',
    versionBefore: 'aaaaaaaaaaaa', versionAfter: 'bbbbbbbbbbbb', at: new Date('2025-03-14T08:30:00Z'),
    ...overrides,
  };
}

let dir: string;
let database: Database;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mou-changes-'));
  database = openDatabase(dir, MIGRATIONS);
});
afterEach(async () => {
  database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('CHANGES_MIGRATION', () => {
  test('is one of the migrations the bot applies', () => {
    expect(MIGRATIONS).toContain(CHANGES_MIGRATION);
    expect(database.version).toBeGreaterThanOrEqual(CHANGES_MIGRATION.version);
  });

  test('refuses an action it does not know', () => {
    expect(() => recordChange(database, change({ action: 'deleted' as NewChange['action'] }))).toThrow(/CHECK constraint failed/);
  });
});

describe('recordChange', () => {
  test('returns the change with its id and time, as it reads back', () => {
    const recorded = recordChange(database, change({ action: 'removed', trashFile: '20250314T083000Z-valley-rail.md' }));
    expect(recorded).toEqual({
      id: 1, at: new Date('2025-03-14T08:30:00Z'), guildId: GUILD, userId: '1310000000000000002', userName: 'moderator',
      action: 'removed', title: 'Valley Rail orders 40 hydrogen trains', file: 'valley-rail.md',
      trashFile: '20250314T083000Z-valley-rail.md', versionBefore: 'aaaaaaaaaaaa', versionAfter: 'bbbbbbbbbbbb',
    });
    expect(recentChanges(database, GUILD)).toEqual([recorded]);
  });

  test('keeps the hash of an added file, and reads back a change recorded before hashes were kept as one without', () => {
    expect(recordChange(database, change({ fileHash: '0123456789abcdef' })).fileHash).toBe('0123456789abcdef');
    const earlier = recordChange(database, change());
    expect(earlier).not.toHaveProperty('fileHash');
  });

  test('an undo marks the change it undoes', () => {
    const added = recordChange(database, change());
    const undo = recordChange(database, change({ action: 'removed', undoes: added.id }));
    expect(recentChanges(database, GUILD)).toEqual([undo, { ...added, undoneBy: undo.id }]);
  });
});

describe('lastUndoable', () => {
  test('is the newest add or remove of the server that is not undone, not an undo and not a refresh', () => {
    const first = recordChange(database, change({ title: 'first' }));
    const second = recordChange(database, change({ action: 'removed', title: 'second' }));
    recordChange(database, change({ action: 'refreshed', title: undefined, file: undefined }));
    recordChange(database, change({ guildId: OTHER_GUILD, title: 'elsewhere' }));
    expect(lastUndoable(database, GUILD)?.id).toBe(second.id);

    recordChange(database, change({ action: 'added', undoes: second.id }));
    expect(lastUndoable(database, GUILD)?.id).toBe(first.id);
    markNotUndoable(database, first.id, 'its file is gone');
    expect(lastUndoable(database, GUILD)).toBeUndefined();
    expect(recentChanges(database, GUILD).at(-1)).toMatchObject({ id: first.id, notUndoable: 'its file is gone' });
  });
});

describe('recentChanges', () => {
  test(`lists the newest ${HISTORY_LENGTH} changes of one server, newest first`, () => {
    for (let i = 1; i <= HISTORY_LENGTH + 5; i += 1) recordChange(database, change({ title: `article ${i}` }));
    recordChange(database, change({ guildId: OTHER_GUILD, title: 'elsewhere' }));
    const listed = recentChanges(database, GUILD);
    expect(listed).toHaveLength(HISTORY_LENGTH);
    expect(listed[0]!.title).toBe(`article ${HISTORY_LENGTH + 5}`);
    expect(listed.at(-1)!.title).toBe('article 6');
  });
});
