/**
 * A child process of `npm run bench` that measures the bot's full refresh (`measureHost`) on a
 * thread that starts as the bot's does: fresh, with no index ever in its heap.
 */
import { measureHost } from './measure.js';
import type { BenchQuery } from './queries.js';

interface Request {
  readonly dir: string;
  readonly cachePath: string;
  readonly queries: readonly BenchQuery[];
  readonly meaningsWatchMs: number;
}

const send = (message: object): void => {
  process.send!(message, () => process.exit(0));
};

process.once('message', ({ dir, cachePath, queries, meaningsWatchMs }: Request) => {
  measureHost(dir, cachePath, queries, meaningsWatchMs).then(
    (report) => send({ report }),
    (error: unknown) => send({ error: error instanceof Error ? error.message : String(error) }),
  );
});
