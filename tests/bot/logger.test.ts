import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  test('redacts the token wherever a logged object carries it', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info({ config: { discordToken: 'secret-1', logLevel: 'info' }, token: 'secret-2', request: { headers: { authorization: 'Bot secret-3' } } }, 'starting');

    const text = lines.join('');
    expect(text).not.toMatch(/secret-\d/);
    expect(JSON.parse(text)).toMatchObject({
      msg: 'starting', config: { discordToken: '[redacted]', logLevel: 'info' }, token: '[redacted]',
      request: { headers: { authorization: '[redacted]' } },
    });
  });

  test('writes an error\'s cause as its own object, without repeating its message', () => {
    const { lines, stream } = capture();
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:9');
    createLogger('info', stream).fatal({ err: new Error(`Could not connect to Discord: ${cause.message}`, { cause }) }, 'could not start');

    const line = JSON.parse(lines[0]!);
    expect(line.err.message).toBe('Could not connect to Discord: connect ECONNREFUSED 127.0.0.1:9');
    expect(line.err.cause).toMatchObject({ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:9' });
  });

  test('writes errors with their stack under err, and respects the level', () => {
    const { lines, stream } = capture();
    const logger = createLogger('warn', stream);
    logger.info('not written');
    logger.error({ err: new Error('boom'), errorId: '42' }, 'unexpected error');

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 50, msg: 'unexpected error', errorId: '42', err: { type: 'Error', message: 'boom' } });
    expect(line.err.stack).toMatch(/^Error: boom\n\s+at /);
  });
});
