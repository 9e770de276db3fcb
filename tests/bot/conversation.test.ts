/**
 * Conversations end to end: answers in threads, follow-ups in them and by reply, forum posts,
 * intents before search, and chatter left alone in an ask channel. One bot serves every test:
 * its ask channels are the first guild's text channel and its forum, with ANSWER_IN_THREADS on.
 * "Ignored" is shown by sending a message the bot does answer afterwards: messages are handled
 * in order, so once that reply has arrived, a reply to the ignored one would have too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FAKE_IDS, type InjectedMessage, type RecordedRequest } from '../fake-discord/index.js';
import { type Body, bodyOf, repliesTo, SEED_TITLE, startBot, stopAll, waitForMessageReply, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startBot({ env: { ASK_CHANNEL_IDS: `${FAKE_IDS.channelId},${FAKE_IDS.forumChannelId}`, ANSWER_IN_THREADS: 'true' } });
});
afterAll(stopAll);

/** The bot's next message posted in a channel or thread, after the `after`th request. */
function postedIn(channelId: string, after = 0): Promise<RecordedRequest> {
  return h.fake.waitForRequest((r) => r.method === 'POST' && r.status < 400 && r.path === `/channels/${channelId}/messages` && h.fake.requests.indexOf(r) >= after);
}

/** Asks in the ask channel and returns the thread the answer was posted in, and the answer. */
async function askInChannel(content: string): Promise<{ question: InjectedMessage; threadId: string; answer: Body }> {
  const question = h.fake.message({ content });
  const opened = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${FAKE_IDS.channelId}/messages/${question.id}/threads`);
  expect(opened.status).toBe(201);
  return { question, threadId: question.id, answer: bodyOf(await postedIn(question.id)) };
}

describe('threads', () => {
  test('a question in an ask channel is answered in a new thread named after it', async () => {
    const { threadId, answer } = await askInChannel('Who signed the MoU for <@&1300000000000000201> Morocco?');
    const opened = h.fake.requests.find((r) => r.path.endsWith(`/messages/${threadId}/threads`))!;
    expect(bodyOf(opened)).toMatchObject({ name: 'Who signed the MoU for Morocco?', auto_archive_duration: 1440 });
    expect(h.fake.channel(threadId)).toMatchObject({ type: 11, parent_id: FAKE_IDS.channelId, owner_id: FAKE_IDS.botUserId });
    expect(answer.content).toContain('Abdellatif Loudiyi');
    expect(answer.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(answer.components[0].components).toHaveLength(4);
  });

  test('every message in the thread is read with the question before it', async () => {
    const { threadId } = await askInChannel('When did King Mohammed VI meet Narendra Modi?');
    const before = h.fake.requests.length;
    const followUp = h.fake.message({ content: 'and where?', channelId: threadId });
    const { content } = bodyOf(await waitForMessageReply(h.fake, followUp));
    expect(h.fake.requests.findIndex((r) => r.path.endsWith(`/messages/${followUp.id}/threads`))).toBe(-1);
    expect(content).toMatch(/^-# Read with your previous question: King Mohammed VI, Narendra Modi, meet\n\n> /);
    expect(content).toContain('during his India visit in 2015');
    expect(h.fake.requests.slice(before).some((r) => r.path === `/channels/${threadId}/typing`)).toBe(true);
  });

  test('a message in the thread is a follow-up without a question mark or a question word; thanks, "ok" and a laugh are left alone', async () => {
    const { threadId } = await askInChannel('Who signed the MoU for India?');
    const chatter = ['thanks', 'ok', 'lol'].map((content) => h.fake.message({ content, channelId: threadId }));
    const followUp = h.fake.message({ content: 'morocco', channelId: threadId });
    const { content } = bodyOf(await waitForMessageReply(h.fake, followUp));
    expect(content).toMatch(/^-# Read with your previous question: MoU, India, signed\n/);
    expect(content).toContain('Abdellatif Loudiyi');
    for (const message of chatter) expect(repliesTo(h.fake, message)).toEqual([]);
  });

  test('when the thread cannot be made, the answer is a reply in the channel, and the log says why', async () => {
    h.fake.failNext((r) => r.method === 'POST' && r.path.endsWith('/threads'), { status: 403 });
    const question = h.fake.message({ content: 'Who signed the MoU for Morocco?' });
    const reply = await waitForMessageReply(h.fake, question);
    expect(reply.path).toBe(`/channels/${FAKE_IDS.channelId}/messages`);
    expect(bodyOf(reply).message_reference).toMatchObject({ message_id: question.id });
    expect(bodyOf(reply).content).toContain('Abdellatif Loudiyi');
    expect(h.fake.channel(question.id)).toBeUndefined();
    expect(h.logs().find((line) => line.msg.startsWith('could not open a thread for the answer'))).toMatchObject({ level: 40, messageId: question.id });
  });

  test('after a restart, messages in the thread are still follow-ups', async () => {
    const { threadId } = await askInChannel('When did King Mohammed VI meet Narendra Modi?');
    await h.restart();
    const followUp = h.fake.message({ content: 'and where?', channelId: threadId });
    expect(bodyOf(await waitForMessageReply(h.fake, followUp)).content).toMatch(/^-# Read with your previous question: King Mohammed VI, Narendra Modi, meet\n/);
  });
});

describe('follow-ups by reply', () => {
  test('a reply to an answer is read with its question; a question of its own is not', async () => {
    const question = h.fake.message({ content: 'Who signed the MoU for India?', channelId: FAKE_IDS.otherChannelId, mentionsBot: true });
    await waitForMessageReply(h.fake, question);
    const answer = h.fake.messagesIn(FAKE_IDS.otherChannelId).at(-1)!;

    const followUp = h.fake.message({ content: 'What about Morocco?', replyTo: String(answer.id) });
    const { content } = bodyOf(await waitForMessageReply(h.fake, followUp));
    expect(content).toMatch(/^-# Read with your previous question: MoU, signed\n/);
    expect(content).toContain('Abdellatif Loudiyi');

    const noMark = h.fake.message({ content: 'and the date', replyTo: String(answer.id) });
    expect(bodyOf(await waitForMessageReply(h.fake, noMark)).content).toMatch(/^-# Read with your previous question: /);

    const fresh = h.fake.message({ content: 'Where did Rajnath Singh visit?', replyTo: String(answer.id) });
    expect(bodyOf(await waitForMessageReply(h.fake, fresh)).content).toMatch(/^> .*Rabat/);
  });

  test('a reply to an answer given to /mou ask is read with its question', async () => {
    const sent = h.fake.slashCommand({ name: 'mou', subcommand: 'ask', options: { question: 'When did King Mohammed VI meet Narendra Modi?' }, channelId: FAKE_IDS.otherChannelId });
    await h.fake.waitForReply(sent);
    const answer = h.fake.originalMessage(sent)!;
    const followUp = h.fake.message({ content: 'and where?', channelId: FAKE_IDS.otherChannelId, replyTo: String(answer.id) });
    const { content } = bodyOf(await waitForMessageReply(h.fake, followUp));
    expect(content).toMatch(/^-# Read with your previous question: King Mohammed VI, Narendra Modi, meet\n/);
    expect(content).toContain('during his India visit in 2015');
  });

  test('a "thanks" in reply to an answer needs no answer', async () => {
    const question = h.fake.message({ content: 'Who signed the MoU?', channelId: FAKE_IDS.otherChannelId, mentionsBot: true });
    await waitForMessageReply(h.fake, question);
    const answer = h.fake.messagesIn(FAKE_IDS.otherChannelId).at(-1)!;
    const thanks = h.fake.message({ content: 'thanks!', replyTo: String(answer.id) });
    const next = h.fake.message({ content: 'and when?', replyTo: String(answer.id) });
    await waitForMessageReply(h.fake, next);
    expect(repliesTo(h.fake, thanks)).toEqual([]);
  });
});

describe('forum posts', () => {
  test('a new post in an ask forum is a question, answered in the post; a later message there is a follow-up', async () => {
    const post = h.fake.forumPost({ title: 'When did King Mohammed VI meet Narendra Modi?', content: 'I read about it somewhere.' });
    const reply = await waitForMessageReply(h.fake, post);
    expect(reply.path).toBe(`/channels/${post.id}/messages`);
    expect(bodyOf(reply).content).toContain('2015');

    const followUp = h.fake.message({ content: 'and where?', channelId: post.id });
    // The post's text adds its own words to the subject.
    expect(bodyOf(await waitForMessageReply(h.fake, followUp)).content).toMatch(/^-# Read with your previous question: King Mohammed VI, Narendra Modi, meet, read, somewhere\n/);
  });
});

describe('intents and chatter', () => {
  test('"tl;dr" gets the summary and "hi" the help, in place, without search', async () => {
    const tldr = h.fake.message({ content: 'tl;dr' });
    expect(bodyOf(await waitForMessageReply(h.fake, tldr)).content).toMatch(new RegExp(`^\\*\\*Summary: ${SEED_TITLE}\\*\\*\\n\\n`));
    const hi = h.fake.message({ content: 'hi', channelId: FAKE_IDS.otherChannelId, mentionsBot: true });
    const help = bodyOf(await waitForMessageReply(h.fake, hi));
    expect(help.content).toMatch(/^Hello! \*\*I answer questions about the news articles I know, by quoting them\.\*\*/);
    expect(help.components).toBeUndefined();
    expect(h.fake.requests.some((r) => r.path.endsWith(`/messages/${tldr.id}/threads`))).toBe(false);
  });

  test('"what do you know" in an ask channel and "where did you get this from" to the bot get the source list, in place, without buttons', async () => {
    for (const asked of [h.fake.message({ content: 'what do you know' }), h.fake.message({ content: 'where did you get this from', channelId: FAKE_IDS.otherChannelId, mentionsBot: true })]) {
      const reply = bodyOf(await waitForMessageReply(h.fake, asked));
      expect(reply.content).toMatch(/^\*\*Knowledge base\*\* version \w+, loaded <t:\d+:f>: 1 article, \d+ passages\.\n/);
      expect(reply.content).toContain(`\n• ${SEED_TITLE} (Agencies · `);
      expect(reply.components).toBeUndefined();
      expect(h.fake.requests.some((r) => r.path.endsWith(`/messages/${asked.id}/threads`))).toBe(false);
    }
  });

  test('thanks and complaints to the bot are acknowledged, with no buttons; in an ask channel they are chatter', async () => {
    const thanks = h.fake.message({ content: 'thanks!', channelId: FAKE_IDS.otherChannelId, mentionsBot: true });
    const acknowledged = bodyOf(await waitForMessageReply(h.fake, thanks));
    expect(acknowledged.content).toMatch(/^Glad to help/);
    expect(acknowledged.components).toBeUndefined();
    const wrong = h.fake.message({ content: 'bad bot', channelId: FAKE_IDS.otherChannelId, mentionsBot: true });
    expect(bodyOf(await waitForMessageReply(h.fake, wrong)).content).toMatch(/^Sorry about that\. Press 👎/);
  });

  test('chatter in an ask channel is left alone, greetings to the members included; a question after it is answered', async () => {
    const chatter = ['thanks!', 'lol nice', 'so tired today', 'but yeah', 'and then we went to the park', 'good morning everyone']
      .map((content) => h.fake.message({ content }));
    const question = h.fake.message({ content: 'so who signed the MoU' });
    await postedIn(question.id);
    for (const message of chatter) {
      expect(repliesTo(h.fake, message)).toEqual([]);
      expect(h.fake.requests.some((r) => r.path.endsWith(`/messages/${message.id}/threads`))).toBe(false);
    }
  });
});
