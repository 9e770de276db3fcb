import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { isCommand, loadCommands } from '../../src/bot/commands.js';

describe('isCommand', () => {
  const data = { name: 'mou', toJSON: () => ({ name: 'mou', description: 'd' }) };
  const execute = async () => {};

  test.each([
    ['data and execute', { data, execute }, true],
    ['data, execute and autocomplete', { data, execute, autocomplete: execute }, true],
    ['no execute', { data }, false],
    ['no data', { execute }, false],
    ['data without toJSON', { data: { name: 'mou' }, execute }, false],
    ['autocomplete that is not a function', { data, execute, autocomplete: true }, false],
    ['data, execute and button', { data, execute, button: execute }, true],
    ['button that is not a function', { data, execute, button: 'add' }, false],
    ['null', null, false],
    ['a string', 'mou', false],
  ])('%s → %s', (_label, value, expected) => {
    expect(isCommand(value)).toBe(expected);
  });
});

describe('loadCommands', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  test('loads the project\'s commands by name', async () => {
    const commands = await loadCommands();
    expect([...commands.keys()]).toEqual(['mou-admin', 'mou']);
    expect(commands.get('mou')?.autocomplete).toBeTypeOf('function');
    expect(commands.get('mou')?.button).toBeTypeOf('function');
    expect(commands.get('mou-admin')?.autocomplete).toBeTypeOf('function');
    expect(commands.get('mou-admin')?.button).toBeTypeOf('function');
  });

  test('names the file that does not export a command', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-bot-commands-'));
    dirs.push(dir);
    await writeFile(path.join(dir, 'broken.js'), 'export const data = { name: "broken" };\n');
    await writeFile(path.join(dir, 'notes.txt'), 'not a command file\n');

    await expect(loadCommands(pathToFileURL(`${dir}/`))).rejects.toThrow('commands: broken.js does not export { data, execute } (see src/bot/commands.ts)');
  });

  test('refuses two files that define the same command name', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mou-bot-commands-'));
    dirs.push(dir);
    const source = 'export const data = { name: "mou", toJSON() { return {}; } };\nexport async function execute() {}\n';
    await writeFile(path.join(dir, 'a.js'), source);
    await writeFile(path.join(dir, 'b.js'), source);

    await expect(loadCommands(pathToFileURL(`${dir}/`))).rejects.toThrow('commands: duplicate command name "mou" in b.js');
  });
});
