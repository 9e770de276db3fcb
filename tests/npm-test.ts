/**
 * `npm test`: the type check (`tsc --noEmit`, incremental), the lint and the test files, all three
 * at once. The type check and the lint use one core for seconds while the tests start (the
 * global setup compiles and prepares on one core too), so run side by side they end sooner than
 * one after the other. The tests' output streams as they run; the type check's and the lint's
 * come after it. Exits with the first failing status of the three, in that order. Arguments
 * go to `vitest run` (`npm test -- tests/chat.test.ts`).
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

interface Finished {
  readonly name: string;
  readonly status: number;
  readonly output: string;
}

/** Runs a command-line script with this node, collecting its output unless it is `inherit`ed. */
async function run(name: string, script: string, args: readonly string[], stdio: StdioOptions = 'pipe'): Promise<Finished> {
  const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return { name, status: code ?? (signal ? 1 : 0), output };
}

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const checks = [
  run('tsc --noEmit', path.join(packageDir('typescript'), 'bin', 'tsc'), ['--noEmit', '--incremental', '--tsBuildInfoFile', 'node_modules/.cache/mou-bot/tsc.tsbuildinfo']),
  // npm, which runs this file, says where it is.
  run('npm run lint', process.env.npm_execpath ?? 'npm run lint needs npm: run this file with npm test', ['run', '--silent', 'lint']),
];
const tests = await run('vitest run', path.join(packageDir('vitest'), 'vitest.mjs'), ['run', ...process.argv.slice(2)], 'inherit');
const finished = [...(await Promise.all(checks)), tests];
for (const { name, status, output } of finished.slice(0, -1)) {
  if (output.trim() === '' && status === 0) continue;
  process.stdout.write(`\n${name}${status === 0 ? '' : ` failed (exit status ${status})`}:\n${output.trimEnd()}\n`);
}
process.exitCode = finished.find((step) => step.status !== 0)?.status ?? 0;
