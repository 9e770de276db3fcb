/**
 * Secrets never reach the log, end to end: interaction tokens in the URLs of failed REST calls,
 * and a password in DISCORD_API_URL (an authenticating API proxy). One bot, behind such a proxy,
 * serves both tests.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startBot, stopAll, type Harness } from './harness.js';

let bot: Harness;
beforeAll(async () => {
  bot = await startBot({ env: (fake) => ({ DISCORD_API_URL: fake.apiUrl.replace('http://', 'http://mou:proxy-password@') }) });
});
afterAll(stopAll);

describe('the log', () => {
  test('a reply Discord refuses is logged without the interaction token its URL holds', async () => {
    const { fake, logs } = bot;
    fake.failNext((r) => r.path.endsWith('/callback'), { status: 404 });
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    await fake.waitForReply(sent);

    const failure = logs().find((line) => line.msg === 'unexpected error' && line.interactionId === sent.id);
    expect(failure?.err).toMatchObject({ url: expect.stringContaining(`/interactions/${sent.id}/[redacted]/callback`) });
    expect(JSON.stringify(logs())).not.toContain(sent.token);
  });

  test('a password in DISCORD_API_URL (an authenticating API proxy) is not logged, and the bot still connects', async () => {
    const { fake, logs } = bot;
    const sent = fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'Who signed the MoU?' } });
    await fake.waitForReply(sent);

    expect(logs().find((line) => line.msg === 'connecting to Discord')).toMatchObject({ api: `http://[redacted]@127.0.0.1:${fake.port}/api` });
    expect(JSON.stringify(logs())).not.toContain('proxy-password');
  });
});
