/**
 * `npm run deploy-commands`: registers the slash commands in `commands/` with Discord, in the
 * server `DISCORD_GUILD_ID` names or globally, and prints what it registered.
 */
import { loadConfigOrExit } from '../config.js';

const config = loadConfigOrExit();
// discord.js and the commands load once the configuration is valid: a configuration error is
// reported without waiting for them.
const { deployCommands, describeDeployment, explainDeployError } = await import('../bot/deploy.js');

try {
  console.log(describeDeployment(await deployCommands(config), config));
} catch (error) {
  console.error(explainDeployError(error, config));
  process.exitCode = 1;
}
