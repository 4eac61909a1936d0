#!/usr/bin/env node
// The floor under a hollow subcloud: a node:http server that answers every request 304 with an ETag and does nothing
// else, on every address of the machine (0.0.0.0). Prints its port on standard output once it listens.
import { createServer } from 'node:http';

const server = createServer({ noDelay: true }, (_req, res) => {
  res.writeHead(304, ['etag', '"bare"']);
  res.end();
});
server.listen({ host: '0.0.0.0', port: 0, backlog: 65_535 }, () => {
  process.stdout.write(`${server.address().port}\n`);
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
