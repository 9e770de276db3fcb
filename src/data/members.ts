/**
 * Members in the records: never their Discord id, only a keyed hash of it (HMAC-SHA-256 with a
 * random key made once per database and kept in its `meta` table). The hash tells one member's
 * feedback from another's and the asker from other members, which is all the records need;
 * the file lists no Discord ids, and a hash cannot be matched to an id without the key.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from './database.js';

const KEY_NAME = 'member-key';
/** Characters kept of the hash: 128 bits, far past any chance of two members colliding. */
const HASH_CHARS = 22;

const keys = new WeakMap<Database, Buffer>();

/** The database's member key, made and stored on first use. */
function keyOf(database: Database): Buffer {
  let key = keys.get(database);
  if (key) return key;
  const { sql } = database;
  // INSERT OR IGNORE: two shards making the key at once keep the first one written.
  sql.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(KEY_NAME, randomBytes(32).toString('hex'));
  const stored = sql.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY_NAME) as string;
  key = Buffer.from(stored, 'hex');
  keys.set(database, key);
  return key;
}

/** The member as the records know them: a keyed hash of their Discord user id. */
export function memberKey(database: Database, userId: string): string {
  return createHmac('sha256', keyOf(database)).update(userId).digest('base64url').slice(0, HASH_CHARS);
}
