/**
 * The bot as a child process (`npm start`, the sources under tsx, or a build) against the fake
 * Discord: starting it with a given environment, collecting what it prints, and stopping
 * whatever is left after each test.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { FAKE_IDS, type FakeDiscord } from '../fake-discord/index.js';

/** A started process, with everything it printed. */
export interface Started {
  readonly child: ChildProcess;
  output(): string;
  /** The messages of its JSON log lines. */
  messages(): string[];
  /** Its parsed JSON log lines. */
  lines(): Array<Record<string, unknown> & { msg: string }>;
}

const children: ChildProcess[] = [];
/** Process groups started with `detached` (npm and everything under it). */
const groups: number[] = [];

/**
 * Starts `command` with `env` (and PATH), collecting its output. It is killed, with its process
 * group when `detached`, by {@link stopProcesses}.
 */
export function startProcess(command: string, args: readonly string[], env: Record<string, string>, options: SpawnOptions = {}): Started {
  const child = spawn(command, args, { ...options, env: { PATH: process.env.PATH!, ...env } });
  children.push(child);
  if (options.detached) groups.push(child.pid!);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const lines = () => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown> & { msg: string });
  return { child, output: () => output, lines, messages: () => lines().map((line) => line.msg) };
}

/** Kills every process {@link startProcess} started that is still running (call it after each test). */
export async function stopProcesses(): Promise<void> {
  for (const group of groups.splice(0)) {
    try {
      process.kill(-group, 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  }
}

/**
 * The environment of a bot that connects to `fake` and serves `knowledgeDir`, without an index
 * cache and without sentence meanings (their encoder's thread is started only by the tests that
 * are about it).
 */
export function botEnv(fake: FakeDiscord, knowledgeDir: string, more: Record<string, string> = {}): Record<string, string> {
  return {
    DISCORD_TOKEN: FAKE_IDS.token,
    DISCORD_CLIENT_ID: FAKE_IDS.applicationId,
    DISCORD_API_URL: fake.apiUrl,
    KNOWLEDGE_DIR: knowledgeDir,
    INDEX_CACHE_PATH: 'off',
    SENTENCE_MEANINGS: 'false',
    ...more,
  };
}

/** Whether any process of a process group is still running. */
export function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `probe` holds, checking every 100 ms; rejects after `timeoutMs` saying what it waited for. */
export async function until(probe: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  for (let waited = 0; !probe(); waited += 100) {
    if (waited >= timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
