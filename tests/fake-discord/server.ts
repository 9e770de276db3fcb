/**
 * A fake Discord for end-to-end tests: REST over HTTP and the gateway over a WebSocket, both on one
 * random port on 127.0.0.1. The real, unpatched discord.js 14 client logs in to it
 * (`rest: { api: fake.apiUrl }`), tests inject gateway events (interactions, messages) and assert on
 * the REST calls the bot makes. Its fixed world (ids, users, guilds) is in `fixtures.ts`, the
 * Discord limits it enforces in `limits.ts`.
 *
 * It imitates what Discord does where a bot could get it wrong (3-second interaction deadline, double
 * acknowledgement, message, component and command limits, privileged intents, blanked message
 * content, shard routing) and what conversations and moderators need (button clicks on stored
 * messages, replies, threads made from messages, forum posts, active threads listed again after a
 * restart, files attached to slash commands and served as Discord's CDN serves them) and
 * nothing else: no persistence beyond its own lifetime, no permissions engine, no rate-limit
 * buckets (only the one-off failures a test asks for with {@link FakeDiscord.failNext}).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  FAKE_IDS, FAKE_USERS, GUILDS, MEMBER_PERMISSIONS, MODERATOR_PERMISSIONS, applicationObject, asJson, channelObject,
  forumChannel, guildChannel, guildObject, isModerator, memberObject, type ChannelState, type FakePerson, type FakeUser, type GuildDef, type Json,
} from './fixtures.js';
import { discordError, nest, validateCommands, validateMessage, type Reply } from './limits.js';

// Intent bits from Discord's documentation (not imported from the client under test).
const INTENT_GUILD_MESSAGES = 1 << 9;
const INTENT_DIRECT_MESSAGES = 1 << 12;
const INTENT_MESSAGE_CONTENT = 1 << 15;

const DISCORD_EPOCH = 1_420_070_400_000n;
const LOADING_FLAG = 128;
const EPHEMERAL_FLAG = 64;

/** A file part of a multipart request (discord.js sends multipart when a message has attachments). */
export interface RecordedFile { field: string; name: string; contentType: string; size: number }

/** One REST request as the fake received it, with the status it answered. */
export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/APP/tok/messages/@original`. */
  path: string;
  query: Record<string, string>;
  /** Header names are lower case. */
  headers: Record<string, string>;
  /** Parsed JSON, the parsed `payload_json` of a multipart body, the raw text otherwise, or undefined. */
  body: unknown;
  files: RecordedFile[];
  status: number;
}

/** One IDENTIFY (op 2) the fake accepted or refused. */
export interface RecordedIdentify { token: string; intents: number; shard: [number, number]; raw: Json }

/** A registered application command as the fake stores and returns it. */
export interface RegisteredCommand extends Json { id: string; name: string; type: number; options?: CommandOptionDef[] }
interface CommandOptionDef extends Json { name: string; type: number; options?: CommandOptionDef[] }

export type OptionValue = string | number | boolean;
/** An option exactly as it appears in `interaction.data.options`, for cases the shorthand cannot express. */
export interface RawCommandOption { type: number; name: string; value?: OptionValue; focused?: boolean; options?: RawCommandOption[] }
/** Options by name (types taken from the registered command, else inferred from the JS value) or raw. */
export type OptionsInput = Record<string, OptionValue> | RawCommandOption[];

/** Who sends an injected interaction and where. Defaults: the plain member, in `channelId` of `guildId`. */
export interface InteractionSource {
  user?: FakePerson;
  /** Overrides `member.permissions` (a bitfield string). */
  permissions?: string;
  /** Overrides `member.roles`. */
  roles?: string[];
  /** Sent from the user's DM with the bot: `user` instead of `member`, `context: 1`, a type 1 channel. */
  dm?: boolean;
  guildId?: string;
  channelId?: string;
  locale?: string;
}
/** A file attached to a slash command's attachment option; the fake serves it on its own HTTP server, as Discord's CDN would. */
export interface AttachmentInput {
  name: string;
  content: string | Uint8Array;
  /** Default `text/plain; charset=utf-8`. */
  contentType?: string;
  /** The size Discord reports, when a test needs it to differ from the content's. */
  size?: number;
}
export interface SlashCommandInput extends InteractionSource {
  name: string;
  subcommand?: string;
  options?: OptionsInput;
  /** Attachment options by name (type 11): each becomes an option and an entry of `data.resolved.attachments`. */
  attachments?: Record<string, AttachmentInput>;
}
export interface AutocompleteInput extends InteractionSource {
  name: string;
  subcommand?: string;
  focused: { name: string; value: string; type?: number };
  otherOptions?: OptionsInput;
}
export interface MessageInput {
  content: string;
  /** A channel or thread the fake knows (default: `channelId`). */
  channelId?: string;
  guildId?: string;
  dm?: boolean;
  /** Adds `<@BOT>` to the content (if absent) and the bot user to `mentions`. */
  mentionsBot?: boolean;
  authorIsBot?: boolean;
  author?: 'member' | 'moderator' | FakeUser;
  /**
   * Makes the message a reply (type 19) to this stored message, in its channel, with it as
   * `referenced_message`. Like Discord's default, the reply pings the replied-to author, who is
   * then in `mentions` (so a reply to the bot reaches it with content, as a mention does).
   */
  replyTo?: string;
  /** With `replyTo`: the member turned the reply's ping off. */
  replyWithoutPing?: boolean;
}
/** A click on a button (INTERACTION_CREATE type 3) of a message the fake stored. */
export interface ButtonClickInput extends InteractionSource {
  /** The id of the message the button is on. */
  messageId: string;
  customId: string;
}
/** A new post in the forum channel: a thread whose first message has the thread's id. */
export interface ForumPostInput {
  title: string;
  content: string;
  author?: 'member' | 'moderator';
}
/** An injected interaction; pass it to {@link FakeDiscord.waitForReply}. */
export interface InjectedInteraction { id: string; token: string; shard: number }
/** An injected message; `delivered` is false when the session lacked the needed intent. */
export interface InjectedMessage { id: string; channelId: string; shard: number; delivered: boolean; deliveredContent: string }

export interface FakeDiscordOptions {
  /** Shard count announced by `/gateway/bot` and required in IDENTIFY. Default 1. */
  shards?: number;
  /** Whether the MessageContent privileged intent is enabled; if not, asking for it closes with 4014. Default true. */
  messageContentIntentGranted?: boolean;
  /** How long after an interaction its first callback is accepted (Discord: 3 s). Default 3000. */
  interactionDeadlineMs?: number;
}

interface Session { id: string; shard: [number, number]; intents: number; token: string; seq: number; socket: WebSocket | null }
interface InteractionState {
  id: string; token: string; kind: 'command' | 'autocomplete' | 'component'; channelId: string; guildId: string | null;
  createdAt: number; acknowledged: boolean; originalId: string | null; messageIds: Set<string>;
  /** For a component: the message clicked, which callback 7 updates. */
  messageId?: string;
}
interface Waiter { check(): void; cancel(error: Error): void }
type Handler = (req: RecordedRequest, params: string[]) => Reply;

/**
 * The fake server. Start it with {@link FakeDiscord.start}, log a client in with
 * `new Client({ intents, rest: { api: fake.apiUrl } }).login(FAKE_IDS.token)`, destroy the client,
 * then {@link FakeDiscord.close} it.
 */
export class FakeDiscord {
  /** Every REST request, in arrival order, including refused and unknown ones. */
  readonly requests: RecordedRequest[] = [];
  /** Every IDENTIFY received, including refused ones. */
  readonly identifies: RecordedIdentify[] = [];
  /** Every accepted RESUME (op 6), as session ids. */
  readonly resumes: string[] = [];
  /** Every other gateway payload the clients sent (heartbeats excluded), e.g. presence updates (op 3). */
  readonly gatewayReceived: Json[] = [];
  /** Commands registered by PUT/POST, keyed `'global'` or by guild id. */
  readonly registeredCommands = new Map<string, RegisteredCommand[]>();
  /** Unexpected failures inside the fake (bad frames, handler exceptions); tests can assert it stays empty. */
  readonly errors: Error[] = [];
  /** The fixed ids, for convenience: `fake.ids.guildId`. */
  readonly ids = FAKE_IDS;
  /** Number of READY events sent so far (one per successful IDENTIFY). */
  readyCount = 0;

  private readonly sessions = new Map<string, Session>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly messages = new Map<string, Json>();
  private readonly attachments = new Map<string, { bytes: Buffer; contentType: string }>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly users = new Map<string, FakeUser>();
  private readonly failures: Array<{ predicate: (r: RecordedRequest) => boolean; reply: Reply }> = [];
  private readonly holds: Array<{ predicate: (r: RecordedRequest) => boolean; released: Promise<void>; release: () => void }> = [];
  private readonly waiters = new Set<Waiter>();
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
  private snowflakeCounter = 0n;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly port: number,
    readonly shardCount: number,
    private readonly messageContentGranted: boolean,
    private readonly interactionDeadlineMs: number,
  ) {
    for (const user of Object.values(FAKE_USERS)) this.users.set(user.id, user);
    for (const guild of GUILDS) this.channels.set(guild.channelId, guildChannel(guild));
    this.channels.set(FAKE_IDS.forumChannelId, forumChannel());
    this.channels.set(FAKE_IDS.unlistedChannelId, { id: FAKE_IDS.unlistedChannelId, guildId: FAKE_IDS.guildId, type: 0, name: 'hidden', recipient: null });
    this.channels.set(FAKE_IDS.memberDmChannelId, { id: FAKE_IDS.memberDmChannelId, guildId: null, type: 1, name: null, recipient: FAKE_USERS.member });
    this.channels.set(FAKE_IDS.moderatorDmChannelId, { id: FAKE_IDS.moderatorDmChannelId, guildId: null, type: 1, name: null, recipient: FAKE_USERS.moderator });
    this.defineRoutes();
  }

  /** Starts a listening fake on a random free port of 127.0.0.1. */
  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    const fake = new FakeDiscord(http, wss, port, opts.shards ?? 1, opts.messageContentIntentGranted ?? true,
      opts.interactionDeadlineMs ?? 3000);
    http.on('request', (req, res) => {
      fake.handleHttp(req, res).catch((err: unknown) => fake.fail(err, res));
    });
    wss.on('connection', (socket) => fake.onConnection(socket));
    wss.on('error', (err) => fake.errors.push(err));
    return fake;
  }

  /** The value for discord.js's `rest.api` option. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The gateway URL announced by `/gateway/bot` and as `resume_gateway_url`. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Closes every socket and the server, and rejects pending waits. Destroy clients first. */
  async close(): Promise<void> {
    for (const hold of this.holds.splice(0)) hold.release();
    for (const waiter of [...this.waiters]) waiter.cancel(new Error('FakeDiscord closed while waiting'));
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.http.close((err) => (err ? reject(err) : resolve())));
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Resolves with the first recorded request (past or future) matching `predicate`. On timeout,
   * rejects with the predicate and the list of requests recorded so far.
   */
  waitForRequest(predicate: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, () =>
      `FakeDiscord: no request matched ${predicate.toString()} within ${timeoutMs} ms. `
      + `Recorded (${this.requests.length}):\n${this.describeRequests()}`);
  }

  /**
   * Resolves with the first successful (status < 400) callback or webhook request the bot made for
   * `interaction`: its reply, deferral, autocomplete answer or follow-up.
   */
  waitForReply(interaction: { token: string }, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.waitForRequest((r) => r.status < 400 && this.isFor(r, interaction), timeoutMs);
  }

  /** The messages stored in a channel or thread (members' and the bot's), oldest first. */
  messagesIn(channelId: string): Json[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** The message an interaction's first reply created (`@original`), once it has one. */
  originalMessage(interaction: { id: string }): Json | undefined {
    const id = this.interactions.get(interaction.id)?.originalId;
    return id ? this.messages.get(id) : undefined;
  }

  /** A channel or thread the fake knows, as its raw object. */
  channel(id: string): Json | undefined {
    const channel = this.channels.get(id);
    return channel && channelObject(channel);
  }

  /** Every request (any status) the bot made for `interaction`, in order. */
  requestsFor(interaction: { token: string }): RecordedRequest[] {
    return this.requests.filter((r) => this.isFor(r, interaction));
  }

  /** Resolves once `count` READY events have been sent in total. */
  waitForReady(count = 1, timeoutMs = 5000): Promise<number> {
    return this.waitUntil(() => (this.readyCount >= count ? this.readyCount : undefined), timeoutMs,
      () => `FakeDiscord: ${this.readyCount} READY sent, waited for ${count} within ${timeoutMs} ms`);
  }

  /** Resolves with the `count`-th IDENTIFY once it has arrived. */
  waitForIdentify(count = 1, timeoutMs = 5000): Promise<RecordedIdentify> {
    return this.waitUntil(() => this.identifies[count - 1], timeoutMs,
      () => `FakeDiscord: ${this.identifies.length} IDENTIFY received, waited for ${count} within ${timeoutMs} ms`);
  }

  /** Resolves once `count` RESUMEs have been accepted in total (RESUMED sent). */
  waitForResume(count = 1, timeoutMs = 5000): Promise<number> {
    return this.waitUntil(() => (this.resumes.length >= count ? this.resumes.length : undefined), timeoutMs,
      () => `FakeDiscord: ${this.resumes.length} RESUME accepted, waited for ${count} within ${timeoutMs} ms`);
  }

  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => waiter.cancel(new Error(explain())), timeoutMs);
      const waiter: Waiter = {
        check: () => {
          const value = probe();
          if (value === undefined) return;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(value);
        },
        cancel: (err) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private isFor(r: RecordedRequest, interaction: { token: string }): boolean {
    const parts = r.path.split('/');
    return (parts[1] === 'interactions' && parts[3] === interaction.token)
      || (parts[1] === 'webhooks' && parts[3] === interaction.token);
  }

  private describeRequests(): string {
    return this.requests.map((r) => `  ${r.method} ${r.path} -> ${r.status}`).join('\n') || '  (none)';
  }

  // ---------------------------------------------------------------- REST

  /**
   * Holds back the answer to every request matching `predicate` (as a slow Discord would) until
   * the returned function is called; the request is recorded when it is answered.
   */
  holdResponses(predicate: (r: RecordedRequest) => boolean): () => void {
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = { predicate, released, release };
    this.holds.push(hold);
    return () => {
      const at = this.holds.indexOf(hold);
      if (at >= 0) this.holds.splice(at, 1);
      release();
    };
  }

  /**
   * Answers the next request matching `predicate` with an error instead of handling it, once. The
   * default is a 429 with `retry-after` (fractional seconds, so tests stay fast; real Discord sends
   * whole seconds in the header) and body `{ message, retry_after, global: false }`.
   */
  failNext(predicate: (r: RecordedRequest) => boolean, opts: { status?: number; retryAfterSeconds?: number } = {}): void {
    const status = opts.status ?? 429;
    const retryAfter = opts.retryAfterSeconds ?? 0.05;
    const reply: Reply = status === 429
      ? {
        status,
        headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      }
      : discordError(status, 0, `${status}: fake failure`);
    this.failures.push({ predicate, reply });
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.apiUrl);
    const fullPath = decodeURIComponent(url.pathname);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const { body, files } = await parseBody(headers['content-type'], Buffer.concat(chunks));
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: fullPath.startsWith('/api/v10/') ? fullPath.slice('/api/v10'.length) : fullPath,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      files,
      status: 0,
    };
    const hold = this.holds.find((h) => h.predicate(request));
    if (hold) await hold.released;
    const failure = this.failures.findIndex((f) => f.predicate(request));
    let reply: Reply;
    if (failure >= 0) {
      reply = this.failures[failure]!.reply;
      this.failures.splice(failure, 1);
    } else {
      reply = this.route(request);
    }
    request.status = reply.status;
    this.requests.push(request);
    this.notify();
    send(res, reply);
  }

  private fail(err: unknown, res: ServerResponse): void {
    const wrapped = err instanceof Error ? err : new Error(String(err));
    this.errors.push(wrapped);
    if (!res.headersSent) send(res, discordError(500, 0, `FakeDiscord internal error: ${wrapped.message}`));
  }

  private route(req: RecordedRequest): Reply {
    for (const { method, pattern, handler } of this.routes) {
      const match = method === req.method ? pattern.exec(req.path) : null;
      if (!match) continue;
      // Interaction callbacks and interaction webhooks are authenticated by their token, not the bot token.
      // Attachments on the CDN need no token either.
      const tokenRoute = req.path.startsWith('/interactions/') || req.path.startsWith('/webhooks/') || req.path.startsWith('/attachments/');
      if (!tokenRoute && !req.headers.authorization?.startsWith('Bot ')) return discordError(401, 0, '401: Unauthorized');
      return handler(req, match.slice(1));
    }
    return discordError(404, 0, '404: Not Found');
  }

  private on(method: string, path: string, handler: Handler): void {
    const pattern = new RegExp(`^${path.replace(/:[a-z]+/g, '([^/]+)')}$`);
    this.routes.push({ method, pattern, handler });
  }

  private defineRoutes(): void {
    const app = FAKE_IDS.applicationId;
    const ok = (body: unknown): Reply => ({ status: 200, body });
    const noContent: Reply = { status: 204 };

    this.on('GET', '/gateway/bot', () => ok({
      url: this.gatewayUrl,
      shards: this.shardCount,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    }));
    this.on('GET', '/gateway', () => ok({ url: this.gatewayUrl }));
    this.on('GET', '/users/@me', () => ok(FAKE_USERS.bot));
    this.on('POST', '/users/@me/channels', (r) => {
      const user = this.users.get(String(asJson(r.body).recipient_id));
      return user ? ok(channelObject(this.dmChannelFor(user))) : discordError(400, 10013, 'Unknown User');
    });
    this.on('GET', '/users/:id', (_r, [id]) => {
      const user = this.users.get(id!);
      return user ? ok(user) : discordError(404, 10013, 'Unknown User');
    });
    this.on('GET', '/applications/@me', () => ok(applicationObject()));
    this.on('GET', '/oauth2/applications/@me', () => ok(applicationObject()));

    for (const scoped of [false, true]) {
      const base = scoped ? '/applications/:app/guilds/:guild/commands' : '/applications/:app/commands';
      const scopeOf = (params: string[]): string | null => {
        if (params[0] !== app) return null;
        if (!scoped) return 'global';
        return GUILDS.some((g) => g.id === params[1]) ? params[1]! : null;
      };
      const unknown = discordError(404, 10002, 'Unknown Application');
      this.on('GET', base, (_r, p) => {
        const scope = scopeOf(p);
        return scope ? ok(this.registeredCommands.get(scope) ?? []) : unknown;
      });
      this.on('PUT', base, (r, p) => {
        const scope = scopeOf(p);
        if (!scope) return unknown;
        const list = Array.isArray(r.body) ? (r.body as Json[]) : [];
        const invalid = validateCommands(list);
        if (invalid) return invalid;
        const stored = list.map((c) => this.storeCommand(scope, c));
        this.registeredCommands.set(scope, stored);
        return ok(stored);
      });
      this.on('POST', base, (r, p) => {
        const scope = scopeOf(p);
        if (!scope) return unknown;
        const body = asJson(r.body);
        const invalid = validateCommands([body]);
        if (invalid) return invalid;
        const stored = this.storeCommand(scope, body);
        const rest = (this.registeredCommands.get(scope) ?? []).filter((c) => c.name !== stored.name);
        this.registeredCommands.set(scope, [...rest, stored]);
        return { status: 201, body: stored };
      });
      this.on('DELETE', `${base}/:command`, (_r, p) => {
        const scope = scopeOf(p);
        const list = scope ? this.registeredCommands.get(scope) ?? [] : [];
        const id = p[p.length - 1];
        if (!scope || !list.some((c) => c.id === id)) return discordError(404, 10063, 'Unknown application command');
        this.registeredCommands.set(scope, list.filter((c) => c.id !== id));
        return noContent;
      });
    }

    this.on('POST', '/interactions/:id/:token/callback', (r, [id, token]) => this.callback(r, id!, token!));
    // The CDN: files attached to slash commands (see SlashCommandInput.attachments).
    this.on('GET', '/attachments/:channel/:id/:name', (_r, [, id]) => {
      const file = this.attachments.get(id!);
      return file ? { status: 200, raw: { bytes: file.bytes, contentType: file.contentType } } : { status: 404, raw: { bytes: Buffer.from('Not Found'), contentType: 'text/plain' } };
    });
    this.on('POST', '/webhooks/:app/:token', (r, [appId, token]) => {
      const it = this.webhookInteraction(appId!, token!);
      if (!it) return discordError(404, 10015, 'Unknown Webhook');
      const body = asJson(r.body);
      const invalid = validateMessage(body, r.files.length, false, []);
      if (invalid) return invalid;
      const message = this.storeMessage(it.channelId, body, r.files, { webhook_id: app, application_id: app });
      it.messageIds.add(String(message.id));
      return ok(message);
    });
    const webhookMessage = (appId: string, token: string, messageId: string): Json | null => {
      const it = this.webhookInteraction(appId, token);
      const id = messageId === '@original' ? it?.originalId : messageId;
      return it && id && it.messageIds.has(id) ? this.messages.get(id) ?? null : null;
    };
    this.on('GET', '/webhooks/:app/:token/messages/:message', (_r, [a, t, m]) => {
      const message = webhookMessage(a!, t!, m!);
      return message ? ok(message) : discordError(404, 10008, 'Unknown Message');
    });
    this.on('PATCH', '/webhooks/:app/:token/messages/:message', (r, [a, t, m]) => {
      const message = webhookMessage(a!, t!, m!);
      if (!message) return discordError(404, 10008, 'Unknown Message');
      const body = asJson(r.body);
      return validateMessage(body, r.files.length, true, []) ?? ok(this.editMessage(message, body, r.files));
    });
    this.on('DELETE', '/webhooks/:app/:token/messages/:message', (_r, [a, t, m]) => {
      const message = webhookMessage(a!, t!, m!);
      if (!message) return discordError(404, 10008, 'Unknown Message');
      this.messages.delete(String(message.id));
      return noContent;
    });

    const knownChannel = (id: string): ChannelState | undefined => this.channels.get(id);
    const unknownChannel = discordError(404, 10003, 'Unknown Channel');
    this.on('GET', '/channels/:channel', (_r, [c]) => {
      const channel = knownChannel(c!);
      return channel ? ok(channelObject(channel)) : unknownChannel;
    });
    this.on('POST', '/channels/:channel/messages', (r, [c]) => {
      if (!knownChannel(c!)) return unknownChannel;
      const body = asJson(r.body);
      const invalid = validateMessage(body, r.files.length, false, []);
      if (invalid) return invalid;
      const reference = body.message_reference as Json | undefined;
      const extra: Json = reference ? { type: 19, message_reference: { type: 0, channel_id: c, ...reference } } : {};
      return ok(this.storeMessage(c!, body, r.files, extra));
    });
    const channelMessage = (c: string, m: string): Json | undefined => {
      const message = this.messages.get(m);
      return message?.channel_id === c ? message : undefined;
    };
    this.on('GET', '/channels/:channel/messages/:message', (_r, [c, m]) => {
      const message = channelMessage(c!, m!);
      return message ? ok(message) : discordError(404, 10008, 'Unknown Message');
    });
    this.on('PATCH', '/channels/:channel/messages/:message', (r, [c, m]) => {
      const message = channelMessage(c!, m!);
      if (!message) return discordError(404, 10008, 'Unknown Message');
      const body = asJson(r.body);
      return validateMessage(body, r.files.length, true, []) ?? ok(this.editMessage(message, body, r.files));
    });
    this.on('DELETE', '/channels/:channel/messages/:message', (_r, [c, m]) => {
      if (!knownChannel(c!)) return unknownChannel;
      this.messages.delete(m!);
      return noContent;
    });
    this.on('POST', '/channels/:channel/messages/:message/threads', (r, [c, m]) => {
      const parent = knownChannel(c!);
      if (!parent) return unknownChannel;
      if (!channelMessage(c!, m!)) return discordError(404, 10008, 'Unknown Message');
      // Discord gives a thread made from a message the message's id.
      if (this.channels.has(m!)) return discordError(400, 160004, 'A thread has already been created for this message');
      const body = asJson(r.body);
      const name = String(body.name ?? '');
      if (name.length < 1 || name.length > 100) return discordError(400, 50035, 'Invalid Form Body', nest(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.'));
      const thread = this.openThread(m!, parent, name, FAKE_USERS.bot.id, Number(body.auto_archive_duration) || 1440);
      return { status: 201, body: channelObject(thread) };
    });
    this.on('POST', '/channels/:channel/typing', (_r, [c]) => (knownChannel(c!) ? noContent : unknownChannel));
    for (const method of ['PUT', 'DELETE']) {
      this.on(method, '/channels/:channel/messages/:message/reactions/:emoji/@me', (_r, [c]) =>
        (knownChannel(c!) ? noContent : unknownChannel));
    }

    this.on('GET', '/guilds/:guild', (_r, [g]) => {
      const guild = GUILDS.find((x) => x.id === g);
      return guild ? ok(guildObject(guild, false)) : discordError(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:guild/channels', (_r, [g]) => {
      const guild = GUILDS.find((x) => x.id === g);
      return guild ? ok(this.listedChannels(guild).filter((c) => c.type !== 11).map(channelObject)) : discordError(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:guild/members/:user', (_r, [g, u]) => {
      const guild = GUILDS.find((x) => x.id === g);
      const user = this.users.get(u!);
      return guild && user ? ok(memberObject(guild, user, true)) : discordError(404, 10007, 'Unknown Member');
    });
  }

  private callback(r: RecordedRequest, id: string, token: string): Reply {
    const it = this.interactions.get(id);
    if (!it || it.token !== token || Date.now() - it.createdAt > this.interactionDeadlineMs) {
      return discordError(404, 10062, 'Unknown interaction');
    }
    if (it.acknowledged) return discordError(400, 40060, 'Interaction has already been acknowledged.');
    const body = asJson(r.body);
    const type = Number(body.type);
    const data = asJson(body.data);
    const allowed = it.kind === 'autocomplete' ? [8] : it.kind === 'component' ? [4, 5, 6, 7, 9] : [4, 5, 9];
    if (!allowed.includes(type)) {
      return discordError(400, 50035, 'Invalid Form Body',
        nest(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Response type ${type} is not valid for this interaction.`));
    }
    if (type === 4 || type === 7) {
      const invalid = validateMessage(data, r.files.length, type === 7, ['data']);
      if (invalid) return invalid;
    }
    if (type === 8 && Array.isArray(data.choices) && data.choices.length > 25) {
      return discordError(400, 50035, 'Invalid Form Body', nest(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.'));
    }
    it.acknowledged = true;
    let original: Json | null = null;
    if (type === 4 || type === 5) {
      // A deferral creates the original message in a "thinking" (loading) state that editReply fills in.
      const content = type === 4 ? data : { flags: (Number(data.flags) || 0) | LOADING_FLAG };
      original = this.storeMessage(it.channelId, content, r.files, {
        type: 20, webhook_id: FAKE_IDS.applicationId, application_id: FAKE_IDS.applicationId,
      });
      it.originalId = String(original.id);
      it.messageIds.add(it.originalId);
    }
    if (type === 7 || type === 6) {
      // The clicked message becomes the interaction's original message: editReply changes it.
      const clicked = this.messages.get(it.messageId!);
      if (clicked && type === 7) this.editMessage(clicked, data, r.files);
      it.originalId = it.messageId!;
      it.messageIds.add(it.originalId);
    }
    if (r.query.with_response !== 'true') return { status: 204 };
    const flags = Number(original?.flags ?? 0);
    return {
      status: 200,
      body: {
        interaction: {
          id, type: it.kind === 'autocomplete' ? 4 : it.kind === 'component' ? 3 : 2, activity_instance_id: null,
          response_message_id: original?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: (flags & EPHEMERAL_FLAG) !== 0,
        },
        resource: { type, ...(original ? { message: original } : {}) },
      },
    };
  }

  private webhookInteraction(appId: string, token: string): InteractionState | undefined {
    if (appId !== FAKE_IDS.applicationId) return undefined;
    // The webhook of an interaction exists only once the interaction has been acknowledged.
    return [...this.interactions.values()].find((it) => it.token === token && it.acknowledged);
  }

  private storeMessage(channelId: string, body: Json, files: RecordedFile[], extra: Json): Json {
    const message: Json = {
      id: this.snowflake(), channel_id: channelId, author: FAKE_USERS.bot,
      content: typeof body.content === 'string' ? body.content : '',
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: Boolean(body.tts),
      mention_everyone: false, mentions: [], mention_roles: [],
      attachments: files.map((f) => this.attachmentObject(f)), embeds: body.embeds ?? [], components: body.components ?? [],
      pinned: false, type: 0, flags: Number(body.flags) || 0,
      ...extra,
    };
    this.messages.set(String(message.id), message);
    return message;
  }

  private editMessage(message: Json, body: Json, files: RecordedFile[]): Json {
    for (const key of ['content', 'embeds', 'components'] as const) {
      if (body[key] !== undefined) message[key] = body[key] ?? (key === 'content' ? '' : []);
    }
    if (files.length > 0) message.attachments = files.map((f) => this.attachmentObject(f));
    // Editing a deferred reply ends its loading state.
    message.flags = (Number(message.flags) || 0) & ~LOADING_FLAG;
    message.edited_timestamp = new Date().toISOString();
    return message;
  }

  private attachmentObject(file: RecordedFile): Json {
    const id = this.snowflake();
    const url = `https://cdn.example.invalid/attachments/${id}/${file.name}`;
    return { id, filename: file.name, size: file.size, url, proxy_url: url, content_type: file.contentType };
  }

  private storeCommand(scope: string, body: Json): RegisteredCommand {
    const previous = this.registeredCommands.get(scope)?.find((c) => c.name === body.name);
    return {
      // Discord keeps a command's id when it is overwritten under the same name.
      id: previous?.id ?? this.snowflake(),
      application_id: FAKE_IDS.applicationId,
      version: this.snowflake(),
      default_member_permissions: null,
      nsfw: false,
      description: '',
      ...body,
      name: String(body.name),
      type: Number(body.type ?? 1),
      ...(scope === 'global' ? {} : { guild_id: scope }),
    };
  }

  // ---------------------------------------------------------------- gateway

  /**
   * The shard that receives events for `guildId` (Discord's `(guild_id >> 22) % shard_count`); DMs
   * (no guild) go to shard 0.
   */
  shardFor(guildId: string | null): number {
    return guildId === null ? 0 : Number((BigInt(guildId) >> 22n) % BigInt(this.shardCount));
  }

  /**
   * Closes every gateway socket with `code` (default 4000, "unknown error"), as a network drop or a
   * Discord restart would. discord.js answers 4000 by RESUMEing, which the fake accepts at once
   * (see {@link FakeDiscord.waitForResume}).
   */
  dropConnections(code = 4000): void {
    for (const socket of this.wss.clients) socket.close(code, 'FakeDiscord dropped the connection');
  }

  private onConnection(socket: WebSocket): void {
    let session: Session | null = null;
    socket.on('error', (err) => this.errors.push(err));
    socket.on('close', () => {
      if (session?.socket === socket) session.socket = null;
      this.notify();
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      let payload: Json;
      try {
        payload = asJson(JSON.parse(rawToString(data)));
      } catch (err) {
        this.errors.push(new Error(`FakeDiscord: undecodable gateway frame (binary: ${isBinary})`, { cause: err }));
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      const d = asJson(payload.d);
      switch (payload.op) {
        case 1:
          socket.send(JSON.stringify({ op: 11 }));
          return;
        case 2:
          if (session) {
            socket.close(4005, 'Already authenticated.');
            return;
          }
          session = this.identify(socket, d);
          return;
        case 6: {
          const resumed = this.sessions.get(String(d.session_id));
          if (!resumed || resumed.token !== d.token) {
            // false: the session cannot be resumed, the client must IDENTIFY again.
            socket.send(JSON.stringify({ op: 9, d: false }));
            return;
          }
          session = resumed;
          resumed.socket = socket;
          // Most recently (re)connected session of a shard receives its events.
          this.sessions.delete(resumed.id);
          this.sessions.set(resumed.id, resumed);
          this.dispatch(resumed, 'RESUMED', {});
          this.resumes.push(resumed.id);
          this.notify();
          return;
        }
        default:
          this.gatewayReceived.push(payload);
      }
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
  }

  private identify(socket: WebSocket, d: Json): Session | null {
    const rawShard = Array.isArray(d.shard) ? d.shard.map(Number) : [0, 1];
    const shard: [number, number] = [rawShard[0] ?? 0, rawShard[1] ?? 1];
    const record: RecordedIdentify = { token: String(d.token ?? ''), intents: Number(d.intents), shard, raw: d };
    this.identifies.push(record);
    this.notify();
    if (!record.token) {
      socket.close(4004, 'Authentication failed.');
      return null;
    }
    if (shard[1] !== this.shardCount || shard[0] < 0 || shard[0] >= shard[1]) {
      socket.close(4010, `Invalid shard: fake expects shard count ${this.shardCount}`);
      return null;
    }
    if ((record.intents & INTENT_MESSAGE_CONTENT) !== 0 && !this.messageContentGranted) {
      socket.close(4014, 'Disallowed intent(s).');
      return null;
    }
    const session: Session = { id: `session-${this.snowflake()}`, shard, intents: record.intents, token: record.token, seq: 0, socket };
    this.sessions.set(session.id, session);
    const guilds = GUILDS.filter((g) => this.shardFor(g.id) === shard[0]);
    this.dispatch(session, 'READY', {
      v: 10,
      user: FAKE_USERS.bot,
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: FAKE_IDS.applicationId, flags: 0 },
      private_channels: [], relationships: [], presences: [], user_settings: {}, geo_ordered_rtc_regions: [],
      guild_join_requests: [],
    });
    // Without one GUILD_CREATE per guild listed in READY, discord.js waits 15 s before becoming ready.
    for (const guild of guilds) this.dispatch(session, 'GUILD_CREATE', guildObject(guild, true, this.listedChannels(guild)));
    this.readyCount += 1;
    this.notify();
    return session;
  }

  private dispatch(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    session.socket?.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
  }

  private liveSession(shard: number): Session {
    const live = [...this.sessions.values()].filter((s) => s.shard[0] === shard && s.socket?.readyState === WebSocket.OPEN);
    const session = live.at(-1);
    if (!session) {
      throw new Error(`FakeDiscord: no open gateway session for shard ${shard}; `
        + 'await waitForReady() (or waitForResume() after dropConnections()) before injecting events');
    }
    return session;
  }

  // ---------------------------------------------------------------- injection

  /** Sends a slash command (INTERACTION_CREATE type 2) to the shard of its guild (DMs: shard 0). */
  slashCommand(input: SlashCommandInput): InjectedInteraction {
    const types = this.optionTypes(input.name, input.subcommand);
    const options = toOptions(input.options ?? [], types);
    const attachments: Record<string, Json> = {};
    for (const [name, file] of Object.entries(input.attachments ?? {})) {
      const attachment = this.storeAttachment(input.channelId ?? FAKE_IDS.channelId, file);
      attachments[String(attachment.id)] = attachment;
      options.push({ type: 11, name, value: String(attachment.id) });
    }
    const resolved = Object.keys(attachments).length > 0 ? { attachments } : undefined;
    return this.interaction('command', input, input.subcommand ? [{ type: 1, name: input.subcommand, options }] : options, undefined, undefined, resolved);
  }

  /** Keeps an attached file for the CDN route and returns its attachment object. */
  private storeAttachment(channelId: string, file: AttachmentInput): Json {
    const id = this.snowflake();
    const bytes = Buffer.from(file.content);
    const contentType = file.contentType ?? 'text/plain; charset=utf-8';
    this.attachments.set(id, { bytes, contentType });
    const url = `http://127.0.0.1:${this.port}/attachments/${channelId}/${id}/${encodeURIComponent(file.name)}`;
    return { id, filename: file.name, size: file.size ?? bytes.length, url, proxy_url: url, content_type: contentType, ephemeral: true };
  }

  /** Sends an autocomplete request (INTERACTION_CREATE type 4); the bot answers with callback type 8. */
  autocomplete(input: AutocompleteInput): InjectedInteraction {
    const types = this.optionTypes(input.name, input.subcommand);
    const focused: RawCommandOption = {
      type: input.focused.type ?? types.get(input.focused.name) ?? 3, name: input.focused.name,
      value: input.focused.value, focused: true,
    };
    const options = [...toOptions(input.otherOptions ?? [], types), focused];
    return this.interaction('autocomplete', input, input.subcommand ? [{ type: 1, name: input.subcommand, options }] : options);
  }

  private interaction(
    kind: InteractionState['kind'], input: InteractionSource & { name?: string }, options: RawCommandOption[], componentData?: Json, message?: Json, resolved?: Json,
  ): InjectedInteraction {
    const user = FAKE_USERS[input.user ?? 'member'];
    const dm = input.dm === true;
    const guild = dm ? null : GUILDS.find((g) => g.id === (input.guildId ?? FAKE_IDS.guildId)) ?? null;
    const guildId = dm ? null : input.guildId ?? FAKE_IDS.guildId;
    const channel = dm ? this.dmChannelFor(user) : this.channels.get(input.channelId ?? guild?.channelId ?? FAKE_IDS.channelId)
      ?? { id: input.channelId!, guildId, type: 0, name: 'unknown', recipient: null };
    const command = [...this.registeredCommands.values()].flat().find((c) => c.name === input.name);
    const id = this.snowflake();
    const token = `interaction-token-${id}`;
    const shard = this.shardFor(guildId);
    const session = this.liveSession(shard);
    const base = guild
      ? memberObject(guild, user, true)
      : { user, roles: [], joined_at: new Date(0).toISOString() };
    const payload: Json = {
      id, application_id: FAKE_IDS.applicationId, type: { command: 2, component: 3, autocomplete: 4 }[kind], token, version: 1,
      channel_id: channel.id, channel: channelObject(channel),
      locale: input.locale ?? 'en-US',
      // The bot may do in the channel what a moderator may: enough to reply, embed and attach.
      app_permissions: MODERATOR_PERMISSIONS,
      entitlements: [],
      attachment_size_limit: 10_485_760,
      // Key 0 is "guild install": its value is the guild id, or "0" in the bot's DMs.
      authorizing_integration_owners: { 0: guildId ?? '0' },
      context: dm ? 1 : 0,
      data: componentData ?? {
        id: command?.id ?? this.snowflake(), name: input.name, type: 1, options, ...(guildId ? { guild_id: guildId } : {}), ...(resolved ? { resolved } : {}),
      },
      ...(message ? { message } : {}),
      ...(dm
        ? { user }
        : {
          guild_id: guildId, guild_locale: 'en-US',
          member: {
            ...base,
            ...(input.roles ? { roles: input.roles } : {}),
            permissions: input.permissions ?? (isModerator(input.user) ? MODERATOR_PERMISSIONS : MEMBER_PERMISSIONS),
          },
        }),
    };
    this.interactions.set(id, {
      id, token, kind, channelId: channel.id, guildId, createdAt: Date.now(), acknowledged: false, originalId: null,
      messageIds: new Set(), ...(message ? { messageId: String(message.id) } : {}),
    });
    this.dispatch(session, 'INTERACTION_CREATE', payload);
    return { id, token, shard };
  }

  /**
   * Sends a MESSAGE_CREATE. Like Discord, it is not delivered without the GuildMessages (guild) or
   * DirectMessages (DM) intent, and `content`, `embeds`, `attachments` and `components` arrive blank
   * unless the session has the granted MessageContent intent, the bot is mentioned, or it is a DM.
   * DM messages come with no prior CHANNEL_CREATE, so discord.js needs `Partials.Channel` to see them.
   */
  message(input: MessageInput): InjectedMessage {
    const author: FakeUser = input.author === 'moderator' ? FAKE_USERS.moderator
      : typeof input.author === 'object' ? { ...input.author, bot: input.authorIsBot ?? input.author.bot }
        : input.authorIsBot ? FAKE_USERS.otherBot : FAKE_USERS.member;
    if (!this.users.has(author.id)) this.users.set(author.id, author);
    const replied = input.replyTo === undefined ? undefined : this.messages.get(input.replyTo);
    if (input.replyTo !== undefined && !replied) throw new Error(`FakeDiscord: no stored message ${input.replyTo} to reply to`);
    // A reply is in the channel of the message it replies to.
    const dm = replied ? this.channels.get(String(replied.channel_id))?.type === 1 : input.dm === true;
    const channelId = replied ? String(replied.channel_id) : dm ? this.dmChannelFor(author).id : input.channelId ?? FAKE_IDS.channelId;
    const guildId = dm ? null : input.guildId ?? this.channels.get(channelId)?.guildId ?? FAKE_IDS.guildId;
    const mention = `<@${FAKE_IDS.botUserId}>`;
    const content = input.mentionsBot && !input.content.includes(mention) ? `${mention} ${input.content}` : input.content;
    const repliedAuthor = replied && !input.replyWithoutPing ? asJson(replied.author) as unknown as FakeUser : undefined;
    const pingsBot = repliedAuthor?.id === FAKE_IDS.botUserId;
    const mentionsBot = content.includes(mention) || content.includes(`<@!${FAKE_IDS.botUserId}>`) || pingsBot;
    return this.deliverMessage(this.snowflake(), { channelId, guildId, author, content, mentionsBot, dm, replied, repliedAuthor });
  }

  /**
   * Sends a click on a button of a stored message (INTERACTION_CREATE type 3) with the whole
   * message, as Discord does, so discord.js finds `interaction.component` among its components.
   * Answers: callback 4 (new message), 5 (deferred), 6 (deferred update), 7 (update the message).
   */
  clickButton(input: ButtonClickInput): InjectedInteraction {
    const message = this.messages.get(input.messageId);
    if (!message) throw new Error(`FakeDiscord: no stored message ${input.messageId} to click`);
    const channel = this.channels.get(String(message.channel_id));
    const source: InteractionSource = channel?.type === 1 ? { ...input, dm: true } : { ...input, channelId: String(message.channel_id), guildId: channel?.guildId ?? FAKE_IDS.guildId };
    return this.interaction('component', source, [], { custom_id: input.customId, component_type: 2 }, message);
  }

  /**
   * Starts a post in the forum channel, as a member does: THREAD_CREATE for the post (a thread
   * whose parent is the forum), then the MESSAGE_CREATE of its first message, which has the
   * thread's id. Returns that message.
   */
  forumPost(input: ForumPostInput): InjectedMessage {
    const author = input.author === 'moderator' ? FAKE_USERS.moderator : FAKE_USERS.member;
    const id = this.snowflake();
    const thread = this.openThread(id, this.channels.get(FAKE_IDS.forumChannelId)!, input.title, author.id, 1440);
    return this.deliverMessage(id, { channelId: thread.id, guildId: thread.guildId, author, content: input.content, mentionsBot: false, dm: false });
  }

  /** Creates a public thread (type 11) with `id` under `parent`, and dispatches its THREAD_CREATE. */
  private openThread(id: string, parent: ChannelState, name: string, ownerId: string, autoArchiveMinutes: number): ChannelState {
    const thread: ChannelState = { id, guildId: parent.guildId, type: 11, name, recipient: null, parentId: parent.id, ownerId, autoArchiveMinutes };
    this.channels.set(id, thread);
    const session = this.liveSession(this.shardFor(parent.guildId));
    this.dispatch(session, 'THREAD_CREATE', { ...channelObject(thread), newly_created: true });
    return thread;
  }

  /** A guild's channels and active threads, as GUILD_CREATE lists them (not the unlisted channel). */
  private listedChannels(guild: GuildDef): ChannelState[] {
    return [...this.channels.values()].filter((c) => c.guildId === guild.id && c.id !== FAKE_IDS.unlistedChannelId);
  }

  /**
   * Stores a member's message and sends its MESSAGE_CREATE, blanked as Discord blanks it (see
   * {@link FakeDiscord.message}).
   */
  private deliverMessage(id: string, m: {
    channelId: string; guildId: string | null; author: FakeUser; content: string; mentionsBot: boolean; dm: boolean;
    replied?: Json | undefined; repliedAuthor?: FakeUser | undefined;
  }): InjectedMessage {
    const { channelId, guildId, author, content, mentionsBot, dm, replied, repliedAuthor } = m;
    const guild = GUILDS.find((g) => g.id === guildId);
    const shard = this.shardFor(guildId);
    const session = this.liveSession(shard);
    const readable = dm || mentionsBot || ((session.intents & INTENT_MESSAGE_CONTENT) !== 0 && this.messageContentGranted);
    const deliveredContent = readable ? content : '';
    const payload: Json = {
      id, channel_id: channelId, author, content: deliveredContent,
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false,
      mentions: [...(mentionsBot ? [FAKE_USERS.bot] : []), ...(repliedAuthor && repliedAuthor.id !== FAKE_IDS.botUserId ? [repliedAuthor] : [])],
      mention_roles: [], attachments: [], embeds: [], components: [],
      pinned: false, type: replied ? 19 : 0, flags: 0, nonce: id,
      ...(replied ? {
        message_reference: { type: 0, message_id: replied.id, channel_id: channelId, ...(guildId ? { guild_id: guildId } : {}) },
        referenced_message: replied,
      } : {}),
      // discord.js 14.28 needs channel_type to build a partial DM channel it has never seen.
      channel_type: dm ? 1 : this.channels.get(channelId)?.type ?? 0,
      ...(guildId ? { guild_id: guildId } : {}),
      ...(guild ? { member: memberObject(guild, author, false) } : {}),
    };
    this.messages.set(id, { ...payload, content });
    const needed = dm ? INTENT_DIRECT_MESSAGES : INTENT_GUILD_MESSAGES;
    const delivered = (session.intents & needed) !== 0;
    if (delivered) this.dispatch(session, 'MESSAGE_CREATE', payload);
    return { id, channelId, shard, delivered, deliveredContent: delivered ? deliveredContent : '' };
  }

  private optionTypes(command: string, subcommand?: string): Map<string, number> {
    const found = [...this.registeredCommands.values()].flat().find((c) => c.name === command);
    let defs = found?.options ?? [];
    if (subcommand) defs = defs.find((o) => o.name === subcommand && o.type === 1)?.options ?? [];
    return new Map(defs.map((o) => [o.name, o.type]));
  }

  // ---------------------------------------------------------------- objects

  private snowflake(): string {
    this.snowflakeCounter += 1n;
    return ((BigInt(Date.now()) - DISCORD_EPOCH) << 22n | (this.snowflakeCounter & 0xfffn)).toString();
  }

  private dmChannelFor(user: FakeUser): ChannelState {
    const existing = [...this.channels.values()].find((c) => c.type === 1 && c.recipient?.id === user.id);
    if (existing) return existing;
    const channel: ChannelState = { id: this.snowflake(), guildId: null, type: 1, name: null, recipient: user };
    this.channels.set(channel.id, channel);
    return channel;
  }

}

// ------------------------------------------------------------------ helpers

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  if (reply.raw) {
    res.writeHead(reply.status, { 'content-type': reply.raw.contentType, 'content-length': String(reply.raw.bytes.length), ...reply.headers });
    res.end(reply.raw.bytes);
    return;
  }
  // No body means no content-type: discord.js parses any application/json response, even an empty one.
  if (reply.body === undefined) {
    res.writeHead(reply.status, reply.headers ?? {});
    res.end();
    return;
  }
  res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('application/json')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  if (!contentType?.startsWith('multipart/form-data')) return { body: raw.toString('utf8'), files: [] };
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
    } else {
      files.push({ field, name: value.name, contentType: value.type, size: value.size });
    }
  }
  return { body, files };
}

function toOptions(input: OptionsInput, types: Map<string, number>): RawCommandOption[] {
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]) => ({
    name,
    value,
    type: types.get(name)
      ?? (typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10),
  }));
}
