/** A fake Discord (REST + gateway on 127.0.0.1) for end-to-end tests of the bot; see `server.ts`. */
export * from './fixtures.js';
export { discordError, type Reply } from './limits.js';
export * from './server.js';
