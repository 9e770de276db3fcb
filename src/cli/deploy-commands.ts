/**
 * `npm run deploy-commands`: registers the slash commands in `commands/` with Discord, in the
 * server `DISCORD_GUILD_ID` names or globally, and prints what it registered.
 */
import { loadConfigOrExit } from '../config.js';
import { deployCommands, describeDeployment, explainDeployError } from '../bot/deploy.js';

const config = loadConfigOrExit();

try {
  console.log(describeDeployment(await deployCommands(config), config));
} catch (error) {
  console.error(explainDeployError(error, config));
  process.exitCode = 1;
}
