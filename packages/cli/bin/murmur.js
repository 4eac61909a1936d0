#!/usr/bin/env node
// Process launcher: `murmur up` becomes the controller process, `murmur agent` the host agent, `murmur admin` works
// on a stopped controller's data directory and `murmur hollow-subclouds` serves hollow subclouds for scale tests; every
// other command is the API client. The CLI package never imports the controller's code.
const [command, ...rest] = process.argv.slice(2);
if (command === 'up') {
  const { runControllerCommand } = await import('@murmuration/server/main');
  const { startLocalAgent } = await import('@murmuration/agent/main');
  await runControllerCommand(rest, startLocalAgent);
} else if (command === 'admin') {
  const { runAdminCommand } = await import('@murmuration/server/main');
  await runAdminCommand(rest);
} else if (command === 'hollow-subclouds') {
  const { runHollowSubcloudsCommand } = await import('@murmuration/server/hollow-subclouds');
  await runHollowSubcloudsCommand(rest);
} else if (command === 'agent') {
  const { runAgentCommand } = await import('@murmuration/agent/main');
  await runAgentCommand(rest);
} else {
  const { runCli } = await import('../dist/main.js');
  await runCli(process.argv.slice(2));
}
