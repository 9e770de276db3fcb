import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { createLogger, redactSecrets } from '../../src/logger.js';

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

describe('redactSecrets', () => {
  const TOKEN = 'MTI5MDAwMDAwMDAwMDAwMDAwMQ.Gx1yZa.secret-part-of-the-token-xyz';
  test.each([
    ['an interaction token in a REST URL', 'https://discord.com/api/v10/interactions/1300000000000000555/aW50ZXJhY3Rpb246MTM:secret=/callback', 'https://discord.com/api/v10/interactions/1300000000000000555/[redacted]/callback'],
    ['a webhook token', 'PATCH /webhooks/1290000000000000001/aW50ZXJhY3Rpb24tdG9rZW4/messages/@original', 'PATCH /webhooks/1290000000000000001/[redacted]/messages/@original'],
    ['a password in an address', '{"api":"https://bot:hunter2@proxy.example/api"}', '{"api":"https://[redacted]@proxy.example/api"}'],
    ['a bot token, wherever it is', `{"dir":"/srv/${TOKEN}/knowledge"}`, '{"dir":"/srv/[redacted]/knowledge"}'],
  ])('removes %s', (_, text, redacted) => {
    expect(redactSecrets(text)).toBe(redacted);
  });

  test('removes a known secret of any shape, and leaves ordinary text alone', () => {
    expect(redactSecrets('KNOWLEDGE_DIR=/srv/fake-bot-token, cache /srv/.fake-bot-token-index.jsonl', ['fake-bot-token']))
      .toBe('KNOWLEDGE_DIR=/srv/[redacted], cache /srv/.[redacted]-index.jsonl');
    const ordinary = '{"msg":"ready","version":"0123456789ab","dir":"/srv/knowledge","api":"https://discord.com/api"}';
    expect(redactSecrets(ordinary, ['fake-bot-token'])).toBe(ordinary);
  });
});

describe('createLogger with secrets', () => {
  test('no line carries the token, an interaction token or a password, whatever key holds it', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream, ['fake-bot-token']);
    const error = Object.assign(new Error('Unknown interaction'), { url: 'http://127.0.0.1:9/api/v10/interactions/1300000000000000555/interaction-token-secret/callback' });
    logger.info({ err: error, dir: '/srv/fake-bot-token', api: 'http://user:pass@127.0.0.1:9/api' }, 'could not reply');

    const text = lines.join('');
    expect(text).not.toMatch(/fake-bot-token|interaction-token-secret|user:pass/);
    expect(JSON.parse(text)).toMatchObject({ dir: '/srv/[redacted]', api: 'http://[redacted]@127.0.0.1:9/api', err: { url: expect.stringContaining('/interactions/1300000000000000555/[redacted]/callback') } });
  });
});
