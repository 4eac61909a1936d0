#!/usr/bin/env node
// Process launcher: `murmur up` becomes the controller process itself; every other command is
// the API client. The CLI package never imports the controller's code.
const [command, ...rest] = process.argv.slice(2);
if (command === 'up') {
  const { runControllerCommand } = await import('@murmuration/server/main');
  await runControllerCommand(rest);
} else {
  const { runCli } = await import('../dist/main.js');
  await runCli(process.argv.slice(2));
}
