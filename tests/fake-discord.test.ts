/**
 * Proves the fake Discord works with the real discord.js client: a minimal client is created in each
 * test (not the project's bot), logs in to the fake, and its REST calls are checked.
 */
import { once } from 'node:events';
import { afterEach, describe, expect, test } from 'vitest';
import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, ChannelType, Client, DiscordAPIError, Events, GatewayIntentBits, Partials,
  type ChatInputCommandInteraction, type ClientOptions, type Interaction, type Message,
} from 'discord.js';
import { FAKE_IDS, FakeDiscord, MODERATOR_PERMISSIONS, type FakeDiscordOptions } from './fake-discord/index.js';

const clients: Client[] = [];
const fakes: FakeDiscord[] = [];

afterEach(async () => {
  // Clients first: destroying them closes their sockets cleanly before the server goes away.
  for (const client of clients.splice(0)) await client.destroy();
  for (const fake of fakes.splice(0)) {
    await fake.close();
    expect(fake.errors).toEqual([]);
  }
});

async function startFake(opts?: FakeDiscordOptions): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(opts);
  fakes.push(fake);
  return fake;
}

async function login(fake: FakeDiscord, options: Partial<ClientOptions> = {}): Promise<Client> {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    rest: { api: fake.apiUrl },
    ...options,
  });
  clients.push(client);
  // Registered before login because clientReady can fire before login() resolves.
  const ready = once(client, Events.ClientReady);
  await client.login(FAKE_IDS.token);
  await ready;
  return client;
}

/** Resolves with the next chat-input command or autocomplete interaction the client receives. */
function nextInteraction(client: Client): Promise<Interaction> {
  return once(client, Events.InteractionCreate).then(([interaction]) => interaction as Interaction);
}

function nextMessage(client: Client): Promise<Message> {
  return once(client, Events.MessageCreate).then(([message]) => message as Message);
}

describe('logging in', () => {
  test('the real client logs in, identifies and becomes ready with the guild cached', async () => {
    const fake = await startFake();
    const client = await login(fake);

    expect(client.user?.id).toBe(FAKE_IDS.botUserId);
    expect(client.application?.id).toBe(FAKE_IDS.applicationId);
    expect(client.guilds.cache.get(FAKE_IDS.guildId)?.channels.cache.has(FAKE_IDS.channelId)).toBe(true);
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: FAKE_IDS.token, shard: [0, 1] });
    const gateway = await fake.waitForRequest((r) => r.path === '/gateway/bot');
    expect(gateway.headers.authorization).toBe(`Bot ${FAKE_IDS.token}`);
  });

  test('a client asking for a message content intent that is not granted is refused with 4014', async () => {
    const fake = await startFake({ messageContentIntentGranted: false });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
      rest: { api: fake.apiUrl },
    });
    clients.push(client);
    await expect(client.login(FAKE_IDS.token)).rejects.toThrow('Used disallowed intents');
    expect((await fake.waitForIdentify()).intents & GatewayIntentBits.MessageContent).not.toBe(0);
  });
});

describe('slash commands', () => {
  test('a reply is recorded as callback type 4 with the allowed mentions the bot sent', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    const sent = fake.slashCommand({ name: 'ask', options: { question: 'who won?' } });
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.commandName).toBe('ask');
    expect(interaction.options.getString('question')).toBe('who won?');
    expect(interaction.inCachedGuild()).toBe(true);
    await interaction.reply({ content: 'Nobody yet.', allowedMentions: { parse: [] } });

    const reply = await fake.waitForReply(sent);
    expect(reply.method).toBe('POST');
    expect(reply.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
    expect(reply.status).toBe(204);
    expect(reply.body).toEqual({ type: 4, data: expect.objectContaining({ content: 'Nobody yet.', allowed_mentions: { parse: [] } }) });
  });

  test('a deferred reply then editReply is recorded as the PATCH of @original', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    const sent = fake.slashCommand({ name: 'refresh', user: 'moderator' });
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.memberPermissions?.bitfield).toBe(BigInt(MODERATOR_PERMISSIONS));
    await interaction.deferReply({ flags: 64 });
    const edited = await interaction.editReply('Refreshed 3 articles.');

    expect(edited.content).toBe('Refreshed 3 articles.');
    const requests = fake.requestsFor(sent);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /interactions/${sent.id}/${sent.token}/callback`,
      `PATCH /webhooks/${FAKE_IDS.applicationId}/${sent.token}/messages/@original`,
    ]);
    expect(requests[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(requests[1]?.body).toMatchObject({ content: 'Refreshed 3 articles.' });
  });

  test('a subcommand arrives with its options and a follow-up is recorded as the webhook POST', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    const sent = fake.slashCommand({ name: 'kb', subcommand: 'search', options: { query: 'rates', limit: 3 } });
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.options.getSubcommand()).toBe('search');
    expect(interaction.options.getInteger('limit')).toBe(3);
    await interaction.reply('First part.');
    const followUp = await interaction.followUp('Second part.');

    expect(followUp.content).toBe('Second part.');
    const request = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${FAKE_IDS.applicationId}/${sent.token}`);
    expect(request.query).toEqual({ wait: 'true' });
  });

  test('a second reply to the same interaction fails as on Discord', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    fake.slashCommand({ name: 'ask' });
    const interaction = (await received) as ChatInputCommandInteraction;
    await interaction.deferReply();
    // discord.js refuses locally, so go around it to show the fake's own answer.
    const error = await client.rest
      .post(`/interactions/${interaction.id}/${interaction.token}/callback`, { body: { type: 4, data: { content: 'again' } }, auth: false })
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(40060);
  });

  test('a reply longer than 2000 characters is refused with Discord\'s form error', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    fake.slashCommand({ name: 'ask' });
    const interaction = (await received) as ChatInputCommandInteraction;
    const error = await interaction.reply('x'.repeat(2001)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
    expect((error as DiscordAPIError).message).toContain('data.content[BASE_TYPE_MAX_LENGTH]: Must be 2000 or fewer in length.');
  });

  test('a reply after the interaction deadline is refused as an unknown interaction', async () => {
    const fake = await startFake({ interactionDeadlineMs: 20 });
    const client = await login(fake);
    const received = nextInteraction(client);

    fake.slashCommand({ name: 'ask' });
    const interaction = (await received) as ChatInputCommandInteraction;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await interaction.reply('Too late.').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(10062);
  });

  test('a slash command from a channel missing from GUILD_CREATE has no cached channel but can be answered', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    const sent = fake.slashCommand({ name: 'ask', channelId: FAKE_IDS.unlistedChannelId });
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.channelId).toBe(FAKE_IDS.unlistedChannelId);
    expect(interaction.channel).toBeNull();
    await interaction.reply('Answered anyway.');
    expect((await fake.waitForReply(sent)).status).toBe(204);
  });

  test('a slash command in a DM carries a user instead of a member', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    const sent = fake.slashCommand({ name: 'ask', dm: true });
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.member).toBeNull();
    expect(interaction.user.id).toBe(FAKE_IDS.memberUserId);
    await interaction.reply({ content: 'Hello in private.', flags: 64 });
    expect((await fake.waitForReply(sent)).body).toMatchObject({ type: 4, data: { flags: 64 } });
  });
});

describe('autocomplete', () => {
  test('respond is recorded as callback type 8 with the choices', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    const sent = fake.autocomplete({ name: 'ask', focused: { name: 'question', value: 'inf' } });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error(`expected autocomplete, got type ${interaction.type}`);
    expect(interaction.options.getFocused()).toBe('inf');
    await interaction.respond([{ name: 'Inflation in 2024', value: 'inflation-2024' }]);

    const reply = await fake.waitForReply(sent);
    expect(reply.body).toEqual({ type: 8, data: { choices: [{ name: 'Inflation in 2024', value: 'inflation-2024' }] } });
  });
});

describe('attachments', () => {
  test('an attachment option resolves to the file, which the fake serves as Discord\'s CDN would', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);

    fake.slashCommand({
      name: 'add', user: 'moderator',
      attachments: { file: { name: 'notes.md', content: '---\ntitle: Notes\n---\nBody\n', contentType: 'text/markdown; charset=utf-8' } },
    });
    const interaction = (await received) as ChatInputCommandInteraction;
    const attachment = interaction.options.getAttachment('file');
    expect(attachment).toMatchObject({ name: 'notes.md', size: 26, contentType: 'text/markdown; charset=utf-8' });
    const response = await fetch(attachment!.url);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(await response.text()).toBe('---\ntitle: Notes\n---\nBody\n');
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: expect.stringMatching(/^\/attachments\/\d+\/\d+\/notes\.md$/), status: 200 });
  });
});

describe('messages', () => {
  test('a mention arrives with content and a message without one arrives blank when content is not granted', async () => {
    const fake = await startFake({ messageContentIntentGranted: false });
    const client = await login(fake);

    const mentioned = nextMessage(client);
    fake.message({ content: 'what happened today?', mentionsBot: true });
    const withMention = await mentioned;
    expect(withMention.content).toBe(`<@${FAKE_IDS.botUserId}> what happened today?`);
    expect(withMention.mentions.users.has(FAKE_IDS.botUserId)).toBe(true);

    const plain = nextMessage(client);
    const sent = fake.message({ content: 'just chatting' });
    expect(sent.deliveredContent).toBe('');
    expect((await plain).content).toBe('');
  });

  test('with the granted content intent every message has content, and message.reply is recorded', async () => {
    const fake = await startFake();
    const client = await login(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent],
    });
    const received = nextMessage(client);

    fake.message({ content: 'just chatting', author: 'moderator' });
    const message = await received;
    expect(message.content).toBe('just chatting');
    expect(message.member?.roles.cache.has(FAKE_IDS.moderatorRoleId)).toBe(true);
    if (!message.inGuild()) throw new Error('expected a guild message');
    await message.channel.sendTyping();
    const reply = await message.reply({ content: 'Noted.', allowedMentions: { repliedUser: false } });

    expect(reply.content).toBe('Noted.');
    const request = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${FAKE_IDS.channelId}/messages`);
    expect(request.body).toMatchObject({ content: 'Noted.', message_reference: { message_id: message.id } });
    expect(fake.requests.some((r) => r.path === `/channels/${FAKE_IDS.channelId}/typing`)).toBe(true);
  });

  test('a DM reaches a client with Partials.Channel, and sending to a new user opens a DM channel first', async () => {
    const fake = await startFake({ messageContentIntentGranted: false });
    const client = await login(fake, { partials: [Partials.Channel] });
    const received = nextMessage(client);

    fake.message({ content: 'hello bot', dm: true });
    const message = await received;
    expect(message.content).toBe('hello bot');
    expect(message.inGuild()).toBe(false);
    // The DM channel is now cached from the message, so no DM channel needs creating for this one.
    await message.author.send('Hello!');
    await client.users.send(FAKE_IDS.moderatorUserId, 'Hello, moderator!');

    expect(fake.requests.slice(1).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST /channels/${FAKE_IDS.memberDmChannelId}/messages 200`,
      'POST /users/@me/channels 200',
      `POST /channels/${FAKE_IDS.moderatorDmChannelId}/messages 200`,
    ]);
  });

  test('a message from a bot user is marked as such', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextMessage(client);

    fake.message({ content: 'beep', authorIsBot: true, mentionsBot: true });
    expect((await received).author.bot).toBe(true);
  });
});

describe('buttons, replies, threads and forum posts', () => {
  const row = (id: string) => new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(id).setLabel('Press').setStyle(ButtonStyle.Secondary));

  test('a click on a button of a sent message arrives with its component, and update() edits that message', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const channel = client.channels.cache.get(FAKE_IDS.channelId);
    if (!channel?.isSendable()) throw new Error('expected a text channel');
    const sent = await channel.send({ content: 'Pick one', components: [row('pick:1')] });

    const received = nextInteraction(client);
    const click = fake.clickButton({ messageId: sent.id, customId: 'pick:1' });
    const interaction = await received;
    if (!interaction.isButton()) throw new Error('expected a button click');
    expect(interaction.customId).toBe('pick:1');
    expect(interaction.component.type).toBe(2);
    expect(interaction.message.id).toBe(sent.id);
    await interaction.update({ content: 'Picked', components: [] });

    expect((await fake.waitForReply(click)).body).toMatchObject({ type: 7, data: { content: 'Picked', components: [] } });
    expect(fake.messagesIn(FAKE_IDS.channelId).at(-1)).toMatchObject({ id: sent.id, content: 'Picked', components: [] });
  });

  test('buttons beyond Discord\'s limits are refused with its form error', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const channel = client.channels.cache.get(FAKE_IDS.channelId);
    if (!channel?.isSendable()) throw new Error('expected a text channel');
    const twice = row('same').addComponents(new ButtonBuilder().setCustomId('same').setLabel('Again').setStyle(ButtonStyle.Secondary));
    await expect(channel.send({ content: 'x', components: [twice] })).rejects.toThrow('Invalid Form Body');
  });

  test('a reply carries its reference and the replied-to message, and pings its author', async () => {
    const fake = await startFake({ messageContentIntentGranted: false });
    const client = await login(fake);
    const channel = client.channels.cache.get(FAKE_IDS.channelId);
    if (!channel?.isSendable()) throw new Error('expected a text channel');
    const mine = await channel.send('An answer.');

    const received = nextMessage(client);
    fake.message({ content: 'and when?', replyTo: mine.id });
    const reply = await received;
    expect(reply.reference?.messageId).toBe(mine.id);
    // Replying to the bot pings it, so the content arrives without the content intent.
    expect(reply.content).toBe('and when?');
    expect((await reply.fetchReference()).content).toBe('An answer.');
  });

  test('a thread made from a message is cached from THREAD_CREATE, and listed again after a new login', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextMessage(client);
    fake.message({ content: 'Question?', mentionsBot: true });
    const question = await received;
    const thread = await question.startThread({ name: 'Question?' });
    expect(thread).toMatchObject({ id: question.id, type: ChannelType.PublicThread, parentId: FAKE_IDS.channelId, ownerId: FAKE_IDS.botUserId });
    await thread.send('In the thread.');
    expect((await thread.fetchStarterMessage())?.content).toBe(`<@${FAKE_IDS.botUserId}> Question?`);

    const again = await login(fake);
    expect(again.channels.cache.get(thread.id)?.isThread()).toBe(true);
  });

  test('a forum post arrives as a thread of the forum whose first message has its id', async () => {
    const fake = await startFake();
    const client = await login(fake, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] });
    const received = nextMessage(client);
    const post = fake.forumPost({ title: 'Who signed?', content: 'Details here.' });
    const message = await received;
    expect(message.id).toBe(post.id);
    expect(message.content).toBe('Details here.');
    if (!message.channel.isThread()) throw new Error('expected a thread');
    expect(message.channel.name).toBe('Who signed?');
    expect(message.channel.parent?.type).toBe(ChannelType.GuildForum);
  });
});

describe('REST behaviour', () => {
  test('a 429 answered once is retried by discord.js and the reply still arrives', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const received = nextInteraction(client);
    fake.failNext((r) => r.path.endsWith('/callback'), { status: 429, retryAfterSeconds: 0.1 });

    const sent = fake.slashCommand({ name: 'ask' });
    const interaction = (await received) as ChatInputCommandInteraction;
    await interaction.reply('After a short wait.');

    expect((await fake.waitForReply(sent)).status).toBe(204);
    expect(fake.requestsFor(sent).map((r) => r.status)).toEqual([429, 204]);
  });

  test('an unknown route is answered 404 and recorded', async () => {
    const fake = await startFake();
    const client = await login(fake);

    const error = await client.rest.get('/no/such/route').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/no/such/route', status: 404 });
  });

  test('waiting for a request that never comes names what was recorded', async () => {
    const fake = await startFake();
    await login(fake);
    await expect(fake.waitForRequest((r) => r.path === '/never', 50)).rejects.toThrow(/GET \/gateway\/bot -> 200/);
  });

  test('application.commands.set is stored per scope and gives option types to injected commands', async () => {
    const fake = await startFake();
    const client = await login(fake);
    const definition = {
      name: 'ask', description: 'Ask about the news',
      options: [{ type: 10, name: 'weight', description: 'A number', required: false }],
    };

    const commands = await client.application!.commands.set([definition]);
    await client.guilds.cache.get(FAKE_IDS.guildId)!.commands.set([{ name: 'refresh', description: 'Reload articles' }]);

    expect(fake.requests.some((r) => r.method === 'PUT' && r.path === `/applications/${FAKE_IDS.applicationId}/commands`)).toBe(true);
    const global = fake.registeredCommands.get('global');
    expect(global?.map((c) => c.name)).toEqual(['ask']);
    expect(global?.[0]?.id).toBe(commands.first()?.id);
    expect(fake.registeredCommands.get(FAKE_IDS.guildId)?.map((c) => c.name)).toEqual(['refresh']);

    // 2 would be inferred as an integer; the registered definition makes it a number.
    const received = nextInteraction(client);
    fake.slashCommand({ name: 'ask', options: { weight: 2 } });
    const interaction = (await received) as ChatInputCommandInteraction;
    expect(interaction.commandId).toBe(global?.[0]?.id);
    expect(interaction.options.getNumber('weight')).toBe(2);
  });
});

describe('gateway', () => {
  test('after dropConnections the client resumes and still receives interactions', async () => {
    const fake = await startFake();
    const client = await login(fake);

    fake.dropConnections();
    await fake.waitForResume();
    const received = nextInteraction(client);
    const sent = fake.slashCommand({ name: 'ask' });
    await ((await received) as ChatInputCommandInteraction).reply('Still here.');

    expect((await fake.waitForReply(sent)).status).toBe(204);
    expect(fake.identifies).toHaveLength(1);
  });

  test('with two shards each client gets its own guild and the events for it', async () => {
    const fake = await startFake({ shards: 2 });
    const [first, second] = await Promise.all([
      login(fake, { shards: [0], shardCount: 2 }),
      login(fake, { shards: [1], shardCount: 2 }),
    ]);
    expect(fake.shardFor(FAKE_IDS.guildId)).toBe(0);
    expect(fake.shardFor(FAKE_IDS.otherGuildId)).toBe(1);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([[0, 2], [1, 2]]);
    expect([...first.guilds.cache.keys()]).toEqual([FAKE_IDS.guildId]);
    expect([...second.guilds.cache.keys()]).toEqual([FAKE_IDS.otherGuildId]);

    const seenBy: string[] = [];
    first.on(Events.InteractionCreate, () => seenBy.push('first'));
    const received = nextInteraction(second);
    const sent = fake.slashCommand({ name: 'ask', guildId: FAKE_IDS.otherGuildId });
    seenBy.push('second');
    await ((await received) as ChatInputCommandInteraction).reply('From shard 1.');

    expect(sent.shard).toBe(1);
    expect((await fake.waitForReply(sent)).body).toMatchObject({ data: { content: 'From shard 1.' } });
    expect(seenBy).toEqual(['second']);
  });
});
