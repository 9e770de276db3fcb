/**
 * The bot as a child process (`npm start` from the sources, or a build) against the fake
 * Discord, with the seed knowledge folder and no index cache.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { FAKE_IDS, type FakeDiscord } from '../fake-discord/index.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface BotProcess {
  readonly child: ChildProcess;
  /** Its stdout and stderr so far, interleaved as they arrived. */
  output(): string;
}

/** Starts `command args` in `cwd`, configured to log in to `fake`, with only PATH besides. */
export function spawnBot(command: string, args: readonly string[], cwd: string, fake: FakeDiscord): BotProcess {
  const child = spawn(command, args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: FAKE_IDS.token,
      DISCORD_CLIENT_ID: FAKE_IDS.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      KNOWLEDGE_DIR: path.join(ROOT, 'tests', 'fixtures', 'seed-knowledge'),
      INDEX_CACHE_PATH: 'off',
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  return { child, output: () => output };
}
