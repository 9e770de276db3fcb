import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { saveCopy } from '../../src/core/language/saved-copy.js';

describe('saveCopy', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mou-saved-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes the data in a new folder, leaving no temporary file', async () => {
    const file = path.join(dir, 'nested', 'copy.bin');
    saveCopy(file, Uint8Array.from([1, 2, 3]));
    expect([...(await readFile(file))]).toEqual([1, 2, 3]);
    expect(await readdir(path.dirname(file))).toEqual(['copy.bin']);
  });

  test('replaces an older copy whole', async () => {
    const file = path.join(dir, 'replaced.json');
    await writeFile(file, 'old and longer content');
    saveCopy(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
  });

  test('saves nothing and throws nothing when the folder cannot be made', async () => {
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    expect(() => saveCopy(path.join(blocker, 'copy.json'), 'data')).not.toThrow();
    expect(await readFile(blocker, 'utf8')).toBe('not a folder');
  });
});
