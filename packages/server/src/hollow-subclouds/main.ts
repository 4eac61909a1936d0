import { Command, InvalidArgumentError } from 'commander';
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writeHollowManifest } from './hollow-manifest.js';
import { HOLLOW_DEFAULTS, serveHollowSubclouds } from './hollow-server.js';

/** `murmur hollow-subclouds`: many hollow subcloud APIs from one process, for scale tests and benchmarks. */

interface HollowCommandOptions {
  count: number;
  listen: string;
  firstAddress: string;
  manifest: string;
  softwareVersion: string;
  seed?: string;
  tokenTtl: number;
  deploySeconds: number;
  buildSeconds: number;
  releaseKey?: string;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function seconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400) throw new InvalidArgumentError('must be a number of seconds from 0 to 86400');
  return n;
}

/** The public half of a PEM key file (a private key or a public one). */
function publicKeyPem(file: string): string {
  return createPublicKey(readFileSync(file, 'utf8')).export({ type: 'spki', format: 'pem' }).toString();
}

/** `HOST:PORT`, `:PORT` or `PORT`; the host defaults to 0.0.0.0, which takes every subcloud's address. */
export function parseHollowListen(text: string): { host: string; port: number } {
  const match = /^(?:(.*):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new InvalidArgumentError(`must be HOST:PORT (for example 0.0.0.0:7000), got ${JSON.stringify(text)}`);
  return { host: match[1] || HOLLOW_DEFAULTS.host, port };
}

function say(line: string): void {
  process.stderr.write(`murmur hollow-subclouds: ${line}\n`);
}

async function run(options: HollowCommandOptions): Promise<void> {
  const { host, port } = parseHollowListen(options.listen);
  const running = await serveHollowSubclouds({
    count: options.count,
    host,
    port,
    firstAddress: options.firstAddress,
    softwareVersion: options.softwareVersion,
    tokenTtlSeconds: options.tokenTtl,
    deploySeconds: options.deploySeconds,
    buildSeconds: options.buildSeconds,
    ...(options.releaseKey !== undefined ? { releasePublicKey: publicKeyPem(options.releaseKey) } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  const { fleet } = running;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    say(`${signal} received, stopping`);
    void running.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await writeHollowManifest(fleet, options.manifest);
  const last = fleet.subclouds.length - 1;
  say(`${fleet.subclouds.length} hollow subclouds listening on ${host}:${running.port}: ${fleet.urlOf(0)} to ${fleet.urlOf(last)}`);
  say(`manifest of the hollow subclouds: ${options.manifest}`);
  say(`control API of the hollow subclouds: ${running.controlUrl}/`);
  say('ready');
}

export async function runHollowSubcloudsCommand(argv: readonly string[]): Promise<void> {
  const program = new Command('murmur hollow-subclouds')
    .description(
      'Serve N hollow subclouds from one process: subcloud i answers at http://<first-address + i>:PORT ' +
        '(join, login, audit, the VIM sw-deploy strategy, USM releases), each with its own generated state and credentials; a control API at ' +
        'http://127.0.0.1:PORT/hollow/v1/. For scale tests and benchmarks of a system controller.',
    )
    .requiredOption('--count <n>', 'how many hollow subclouds', positiveInteger)
    .option('--listen <host:port>', 'where the one port listens (port 0 picks a free one)', `${HOLLOW_DEFAULTS.host}:0`)
    .option('--first-address <ipv4>', 'the first hollow subcloud\'s address; the others follow it', HOLLOW_DEFAULTS.firstAddress)
    .requiredOption('--manifest <file>', 'where to write one JSON line per hollow subcloud: index, name, url, join_token, region_name')
    .option('--software-version <v>', 'the software version the hollow subclouds report', HOLLOW_DEFAULTS.softwareVersion)
    .option('--seed <text>', 'the same seed generates the same hollow subclouds (default: a random one)')
    .option('--token-ttl <seconds>', 'lifetime of the tokens they issue', positiveInteger, HOLLOW_DEFAULTS.tokenTtlSeconds)
    .option('--deploy-seconds <s>', 'how long the apply of a VIM sw-deploy strategy takes on each', seconds, HOLLOW_DEFAULTS.deploySeconds)
    .option('--build-seconds <s>', 'how long a VIM sw-deploy strategy stays building after its create', seconds, HOLLOW_DEFAULTS.buildSeconds)
    .option('--release-key <pem file>', 'the key uploaded releases must be signed with (a private or public key; default: not checked)')
    .showHelpAfterError()
    .action(run);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof RangeError ? 2 : 1);
  }
}
