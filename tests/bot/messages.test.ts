/**
 * Free-form questions end to end: mentions, DMs, ask channels, and what the bot ignores.
 * "Ignored" is shown by sending a message the bot does answer afterwards: messages are handled
 * in order, so once that reply has arrived, a reply to the ignored one would have too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatAnswer, openArticleIndex } from '../../src/core/index.js';
import { FAKE_IDS, FAKE_USERS } from '../fake-discord/index.js';
import { bodyOf, repliesTo, SEED_TITLE, startBot, stopAll, waitForMessageReply, type Harness } from './harness.js';

// One bot with the default configuration serves the tests that need nothing else; the others
// start their own. All are stopped after the last test.
let shared: Harness;
beforeAll(async () => {
  shared = await startBot();
});
afterAll(stopAll);

const MESSAGE_CONTENT_INTENT = 1 << 15;
const NO_PINGS = { parse: [], replied_user: false };

describe('mentions', () => {
  test('a mention in a channel is answered with a reply to the message, after the typing indicator', async () => {
    const { fake, knowledgeDir } = await startBot({ fake: { messageContentIntentGranted: false } });
    const sent = fake.message({ content: 'who signed the MoU for Morocco?', mentionsBot: true });

    const reply = await waitForMessageReply(fake, sent);
    const body = bodyOf(reply);
    expect(body.message_reference).toMatchObject({ message_id: sent.id });
    expect(body.allowed_mentions).toEqual(NO_PINGS);
    expect(body.content).toBe(formatAnswer((await openArticleIndex(knowledgeDir)).answer('who signed the MoU for Morocco?'), { style: 'discord', maxChars: 2000 }));
    expect(body.content).toContain(`[1] ${SEED_TITLE}`);
    const typing = fake.requests.findIndex((r) => r.method === 'POST' && r.path === `/channels/${FAKE_IDS.channelId}/typing`);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(fake.requests.indexOf(reply));
  });

  test('answers do not wait for Discord to confirm the typing indicator, whatever it takes', async () => {
    // The shared bot's first test: no typing indicator has been sent before.
    const { fake } = shared;
    const release = fake.holdResponses((r) => r.path.endsWith('/typing'));
    try {
      const sent = Array.from({ length: 5 }, (_, i) => fake.message({ content: `Who signed the MoU? (${i})`, mentionsBot: true }));
      const replies = await Promise.all(sent.map((message) => waitForMessageReply(fake, message)));
      for (const reply of replies) expect(bodyOf(reply).content).toContain(`[1] ${SEED_TITLE}`);
      // Not one typing indicator has been confirmed yet: no answer waited for one.
      expect(fake.requests.filter((r) => r.path.endsWith('/typing'))).toEqual([]);
    } finally {
      release();
    }
  });

  test('a mention with nothing else gets the engine\'s request for a question', async () => {
    const { fake, knowledgeDir } = shared;
    const sent = fake.message({ content: `<@${FAKE_IDS.botUserId}>`, mentionsBot: true });

    const invalid = (await openArticleIndex(knowledgeDir)).answer('');
    expect(invalid.kind).toBe('invalid');
    expect(bodyOf(await waitForMessageReply(fake, sent)).content).toBe(formatAnswer(invalid, { style: 'discord', maxChars: 2000 }));
  });

  test('a question with @everyone is answered without pinging anyone', async () => {
    const { fake } = shared;
    const sent = fake.message({ content: '@everyone @here who signed the MoU?', mentionsBot: true });

    const body = bodyOf(await waitForMessageReply(fake, sent));
    expect(body.allowed_mentions).toEqual(NO_PINGS);
    expect(body.content).toContain(`[1] ${SEED_TITLE}`);
  });

  test('the bot does not ask for the Message Content intent when no ask channel is configured', async () => {
    const { fake } = await startBot({ fake: { messageContentIntentGranted: false } });
    expect(fake.identifies[0]!.intents & MESSAGE_CONTENT_INTENT).toBe(0);
  });
});

describe('direct messages', () => {
  test('a DM is answered in the DM channel', async () => {
    const { fake } = await startBot({ fake: { messageContentIntentGranted: false } });
    const sent = fake.message({ content: 'Who signed the MoU?', dm: true });

    const reply = await waitForMessageReply(fake, sent);
    expect(reply.path).toBe(`/channels/${FAKE_IDS.memberDmChannelId}/messages`);
    expect(bodyOf(reply)).toMatchObject({ allowed_mentions: NO_PINGS, message_reference: { message_id: sent.id } });
    expect(bodyOf(reply).content).toContain(`[1] ${SEED_TITLE}`);

    // In a DM every message is for the bot, a reply to its answer too: thanks and complaints get their reply.
    const answer = fake.messagesIn(FAKE_IDS.memberDmChannelId).at(-1)!;
    for (const content of ['thanks!', "that's wrong"]) {
      const replied = fake.message({ content, dm: true, replyTo: String(answer.id) });
      expect(bodyOf(await waitForMessageReply(fake, replied)).content).not.toContain(`[1] ${SEED_TITLE}`);
    }
  });
});

describe('ask channels', () => {
  test('every message in a listed channel is answered; one in an unlisted channel is ignored', async () => {
    const { fake } = await startBot({ env: { ASK_CHANNEL_IDS: FAKE_IDS.otherChannelId } });
    expect(fake.identifies[0]!.intents & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);

    const unlisted = fake.message({ content: 'Who signed the MoU?', channelId: FAKE_IDS.channelId });
    const listed = fake.message({ content: 'Who signed the MoU?', channelId: FAKE_IDS.otherChannelId });
    expect(unlisted.deliveredContent).toBe('Who signed the MoU?');

    expect(bodyOf(await waitForMessageReply(fake, listed)).content).toContain(`[1] ${SEED_TITLE}`);
    expect(repliesTo(fake, unlisted)).toEqual([]);
    expect(fake.requests.some((r) => r.path === `/channels/${FAKE_IDS.channelId}/typing`)).toBe(false);
  });

  test('without the Message Content intent granted, a bot with ask channels cannot log in and says why', async () => {
    await expect(startBot({ env: { ASK_CHANNEL_IDS: FAKE_IDS.channelId }, fake: { messageContentIntentGranted: false } }))
      .rejects.toThrow('Discord refused the Message Content intent, which ASK_CHANNEL_IDS needs. Enable it in the Developer Portal '
        + '(Bot → Privileged Gateway Intents → Message Content Intent), or leave ASK_CHANNEL_IDS empty to answer only mentions and DMs.');
  });
});

describe('what the bot ignores', () => {
  test('a message that does not mention the bot, outside ask channels', async () => {
    const { fake } = shared;
    const ignored = fake.message({ content: 'who signed the MoU?' });
    const answered = fake.message({ content: 'who signed the MoU?', mentionsBot: true });

    await waitForMessageReply(fake, answered);
    expect(repliesTo(fake, ignored)).toEqual([]);
  });

  test('other bots, even when they mention it, and its own messages', async () => {
    const { fake } = await startBot({ env: { ASK_CHANNEL_IDS: FAKE_IDS.channelId } });
    const fromBot = fake.message({ content: 'who signed the MoU?', mentionsBot: true, authorIsBot: true });
    const fromItself = fake.message({ content: 'who signed the MoU?', author: FAKE_USERS.bot });
    const answered = fake.message({ content: 'who signed the MoU?' });

    await waitForMessageReply(fake, answered);
    expect(repliesTo(fake, fromBot)).toEqual([]);
    expect(repliesTo(fake, fromItself)).toEqual([]);
    expect(fake.requests.filter((r) => r.path.endsWith('/typing'))).toHaveLength(1);
  });
});
