/**
 * The fixed world of the fake Discord: ids, users, guilds, and the raw gateway/REST objects built
 * from them. Pure data, no I/O.
 */

/** A JSON object as it travels over the wire. */
export type Json = Record<string, unknown>;

/** A raw Discord user object, as the gateway and REST send it. */
export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: null;
  bot: boolean;
  system?: boolean;
  public_flags?: number;
}

/** A raw user with the post-2023 username shape (discriminator "0"). */
function makeUser(id: string, username: string, bot = false): FakeUser {
  return { id, username, discriminator: '0', global_name: username, avatar: null, bot, system: false, public_flags: 0 };
}

/**
 * Fixed ids of everything the fake serves. The two guilds are chosen so that with `shards: 2` each
 * lands on its own shard (`(id >> 22) % 2` is 0 for `guildId`, 1 for `otherGuildId`).
 * `unlistedChannelId` exists (REST calls to it succeed) but is not in any GUILD_CREATE, like a channel
 * the bot cannot see.
 */
export const FAKE_IDS = {
  token: 'fake-bot-token',
  // Modern applications share their id with their bot user.
  applicationId: '1290000000000000001',
  botUserId: '1290000000000000001',
  guildId: '1300000000000000001',
  channelId: '1300000000000000101',
  moderatorRoleId: '1300000000000000201',
  otherGuildId: '1300000000004194305',
  otherChannelId: '1300000000004194405',
  otherModeratorRoleId: '1300000000004194505',
  unlistedChannelId: '1300000000000000999',
  memberUserId: '1310000000000000001',
  moderatorUserId: '1310000000000000002',
  otherBotUserId: '1310000000000000003',
  secondModeratorUserId: '1310000000000000004',
  memberDmChannelId: '1320000000000000001',
  moderatorDmChannelId: '1320000000000000002',
  /** A forum channel (type 15) in `guildId`: its posts are threads. */
  forumChannelId: '1300000000000000301',
} as const;

/** The users the fake knows: the bot itself, a plain member, two moderators and some other bot. */
export const FAKE_USERS = {
  bot: makeUser(FAKE_IDS.botUserId, 'mou-bot', true),
  member: makeUser(FAKE_IDS.memberUserId, 'reader'),
  moderator: makeUser(FAKE_IDS.moderatorUserId, 'moderator'),
  secondModerator: makeUser(FAKE_IDS.secondModeratorUserId, 'night-editor'),
  otherBot: makeUser(FAKE_IDS.otherBotUserId, 'other-bot', true),
} as const;

/** Users with each guild's Moderator role. */
const MODERATOR_USER_IDS: ReadonlySet<string> = new Set([FAKE_IDS.moderatorUserId, FAKE_IDS.secondModeratorUserId]);

/** The people who send interactions in the tests: the plain member or one of the two moderators. */
export type FakePerson = 'member' | 'moderator' | 'secondModerator';
/** Whether `person` (the plain member when not given) is a moderator. */
export function isModerator(person: FakePerson | undefined): boolean {
  return MODERATOR_USER_IDS.has(FAKE_USERS[person ?? 'member'].id);
}

// Permission and intent bits from Discord's documentation, spelled out rather than imported from
// discord.js so that the fake does not share the constants of the client it is testing.
const P = {
  KickMembers: 1n << 1n, BanMembers: 1n << 2n, ManageGuild: 1n << 5n, AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n, SendMessages: 1n << 11n, ManageMessages: 1n << 13n, EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n, ReadMessageHistory: 1n << 16n, UseApplicationCommands: 1n << 31n,
};
const MEMBER_BITS = P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory
  | P.AddReactions | P.UseApplicationCommands;
/** `member.permissions` of a plain member: can read, write and use commands, cannot manage. */
export const MEMBER_PERMISSIONS = MEMBER_BITS.toString();
/** `member.permissions` of the moderator: a member plus Manage Messages/Guild, Kick, Ban (no Administrator). */
export const MODERATOR_PERMISSIONS = (MEMBER_BITS | P.ManageMessages | P.ManageGuild | P.KickMembers | P.BanMembers).toString();

/** A guild the fake serves, with its one text channel and its moderator role. */
export interface GuildDef { id: string; name: string; channelId: string; moderatorRoleId: string }
/** The guilds in GUILD_CREATE, in id order. */
export const GUILDS: GuildDef[] = [
  { id: FAKE_IDS.guildId, name: 'Newsroom', channelId: FAKE_IDS.channelId, moderatorRoleId: FAKE_IDS.moderatorRoleId },
  { id: FAKE_IDS.otherGuildId, name: 'Reading Club', channelId: FAKE_IDS.otherChannelId, moderatorRoleId: FAKE_IDS.otherModeratorRoleId },
];

/**
 * A channel the fake knows: a guild text channel (type 0), a DM (type 1), a forum (type 15) or a
 * public thread (type 11) with its parent and the user who started it.
 */
export interface ChannelState {
  id: string; guildId: string | null; type: number; name: string | null; recipient: FakeUser | null;
  parentId?: string; ownerId?: string; autoArchiveMinutes?: number;
}

/** The text channel listed in a guild's GUILD_CREATE. */
export function guildChannel(guild: GuildDef): ChannelState {
  return { id: guild.channelId, guildId: guild.id, type: 0, name: 'news', recipient: null };
}

/** The forum channel of the first guild. */
export function forumChannel(): ChannelState {
  return { id: FAKE_IDS.forumChannelId, guildId: FAKE_IDS.guildId, type: 15, name: 'questions', recipient: null };
}

/**
 * The raw channel object: a DM lists its recipient, a guild text channel or forum its guild and no
 * overwrites, a thread its parent, owner and thread metadata.
 */
export function channelObject(channel: ChannelState): Json {
  if (channel.type === 1) {
    return { id: channel.id, type: 1, last_message_id: null, flags: 0, recipients: channel.recipient ? [channel.recipient] : [] };
  }
  if (channel.type === 11) {
    const minutes = channel.autoArchiveMinutes ?? 1440;
    return {
      id: channel.id, type: 11, guild_id: channel.guildId, name: channel.name, parent_id: channel.parentId ?? null,
      owner_id: channel.ownerId ?? null, last_message_id: null, rate_limit_per_user: 0, flags: 0, message_count: 0, member_count: 1,
      thread_metadata: { archived: false, auto_archive_duration: minutes, archive_timestamp: new Date().toISOString(), locked: false },
      total_message_sent: 0,
    };
  }
  return {
    id: channel.id, type: channel.type, guild_id: channel.guildId, name: channel.name, position: 0,
    permission_overwrites: [], nsfw: false, parent_id: null, topic: null, last_message_id: null,
    rate_limit_per_user: 0, flags: 0,
    ...(channel.type === 15 ? { available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0 } : {}),
  };
}

/**
 * The raw guild member. `withUser` is for GUILD_CREATE, interactions and REST; MESSAGE_CREATE members
 * carry no `user` (the message's `author` is the user). The moderators have the guild's Moderator role.
 */
export function memberObject(guild: GuildDef, user: FakeUser, withUser: boolean): Json {
  return {
    ...(withUser ? { user } : {}),
    roles: MODERATOR_USER_IDS.has(user.id) ? [guild.moderatorRoleId] : [],
    nick: null, avatar: null, joined_at: new Date(0).toISOString(), premium_since: null,
    deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
  };
}

/**
 * The raw guild. `forGateway` adds what only GUILD_CREATE carries (members, channels, active
 * threads, empty lists of emojis, presences...); discord.js stays unready until it has one per
 * guild in READY. `channels` are the guild's channels and threads (default: its text channel).
 */
export function guildObject(guild: GuildDef, forGateway: boolean, channels: readonly ChannelState[] = [guildChannel(guild)]): Json {
  const role = (id: string, name: string, permissions: string, position: number): Json => ({
    id, name, color: 0, hoist: false, icon: null, unicode_emoji: null, position, permissions,
    managed: false, mentionable: false, flags: 0,
  });
  const members = [FAKE_USERS.bot, FAKE_USERS.member, FAKE_USERS.moderator, FAKE_USERS.secondModerator].map((u) => memberObject(guild, u, true));
  return {
    id: guild.id, name: guild.name, icon: null, splash: null, discovery_splash: null, owner_id: FAKE_IDS.moderatorUserId,
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0,
    explicit_content_filter: 0, features: [], mfa_level: 0, application_id: null, system_channel_id: null,
    system_channel_flags: 0, rules_channel_id: null, vanity_url_code: null, description: null, banner: null,
    premium_tier: 0, premium_subscription_count: 0, preferred_locale: 'en-US', public_updates_channel_id: null,
    nsfw_level: 0, premium_progress_bar_enabled: false, emojis: [], stickers: [],
    roles: [role(guild.id, '@everyone', MEMBER_PERMISSIONS, 0), role(guild.moderatorRoleId, 'Moderator', MODERATOR_PERMISSIONS, 1)],
    ...(forGateway
      ? {
        joined_at: new Date(0).toISOString(), large: false, unavailable: false, member_count: members.length,
        members, channels: channels.filter((c) => c.type !== 11).map(channelObject),
        threads: channels.filter((c) => c.type === 11).map(channelObject), presences: [],
        voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
      }
      : {}),
  };
}

/** The raw application, as `GET /applications/@me` returns it. */
export function applicationObject(): Json {
  return {
    id: FAKE_IDS.applicationId, name: FAKE_USERS.bot.username, icon: null, description: '', bot_public: false,
    bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0, team: null, owner: FAKE_USERS.moderator,
    bot: FAKE_USERS.bot,
  };
}

/** `value` if it is a JSON object, else an empty one (so callers can read fields without checks). */
export function asJson(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}
