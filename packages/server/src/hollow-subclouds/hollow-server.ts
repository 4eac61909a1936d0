import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HOLLOW_CONTROL_ADDRESS, hollowAddressRange, ipv4Number } from './hollow-addresses.js';
import { serveHollowControl, type HollowConnections } from './hollow-control-api.js';
import { createHollowFleet, type HollowFleet } from './hollow-fleet.js';
import { serveHollowSubcloud } from './hollow-subcloud-api.js';

export interface HollowSubcloudsOptions {
  readonly count: number;
  /** Where the one port listens (0.0.0.0, the default, takes every subcloud's address). */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Subcloud 0's address (default 127.1.0.1). */
  readonly firstAddress?: string;
  /** The same seed makes the same fleet; a random one when none is given. */
  readonly seed?: string;
  readonly softwareVersion?: string;
  readonly tokenTtlSeconds?: number;
  /** How long a VIM strategy's apply takes on each subcloud (default 2 s). */
  readonly deploySeconds?: number;
  /** How long a VIM strategy stays `building` (default 0: until the next request). */
  readonly buildSeconds?: number;
  /** The public key (PEM) uploaded releases must be signed with; none: their signature is not checked. */
  readonly releasePublicKey?: string;
  /** The strategies' clock (default Date.now). */
  readonly now?: () => number;
}

export interface RunningHollowSubclouds {
  readonly fleet: HollowFleet;
  readonly port: number;
  /** The control API's base URL: `http://127.0.0.1:<port>/hollow/v1`. */
  readonly controlUrl: string;
  close(): Promise<void>;
}

export const HOLLOW_DEFAULTS = {
  host: '0.0.0.0',
  firstAddress: '127.1.0.1',
  /** The controller's own version and token lifetime, so a hollow subcloud looks like a fresh real one. */
  softwareVersion: '0.1.0',
  tokenTtlSeconds: 3600,
  deploySeconds: 2,
  buildSeconds: 0,
} as const;

/** As many connections as the kernel queues (net.core.somaxconn caps it): a burst of new connections is not dropped. */
const LISTEN_BACKLOG = 65_535;

/** Whether the control API answers on a local address: loopback (a subcloud's is tested first), or the listen host. */
function controlAddress(host: string): (localAddress: string | undefined) => boolean {
  const loopback = (a: number | null) => a !== null && a >>> 24 === 127;
  return (localAddress) => {
    const text = localAddress?.startsWith('::ffff:') ? localAddress.slice(7) : localAddress;
    return text === '::1' || text === host || loopback(ipv4Number(text ?? ''));
  };
}

/**
 * Serves `count` hollow subclouds on one port: a request is for the subcloud whose address it
 * was made to (`socket.localAddress`), so every subcloud has its own URL and no connection is
 * shared between two of them. The control API answers on 127.0.0.1.
 */
export async function serveHollowSubclouds(options: HollowSubcloudsOptions): Promise<RunningHollowSubclouds> {
  const host = options.host ?? HOLLOW_DEFAULTS.host;
  const firstAddress = options.firstAddress ?? HOLLOW_DEFAULTS.firstAddress;
  hollowAddressRange(firstAddress, options.count);
  let fleet: HollowFleet | null = null;
  const open = new Set<Socket>();
  const isControl = controlAddress(host);
  // One listener for every socket, not a closure each: this runs once per connection.
  function forget(this: Socket): void {
    open.delete(this);
  }

  const connections: HollowConnections = {
    reset(indices) {
      if (indices.size === 0 || fleet === null) return;
      for (const socket of open) {
        if (indices.has(fleet.range.indexOf(socket.localAddress))) socket.resetAndDestroy();
      }
    },
  };

  const server = createServer({ noDelay: true }, (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (fleet === null) return void socket.destroy();
    const index = fleet.range.indexOf(socket.localAddress);
    if (index < 0) {
      if (isControl(socket.localAddress)) return serveHollowControl(fleet, connections, req, res);
      return void socket.resetAndDestroy();
    }
    const subcloud = fleet.subclouds[index]!;
    switch (subcloud.behaviour) {
      case 'refusing':
        fleet.stats.refused();
        return void socket.resetAndDestroy();
      case 'hanging': {
        const stats = fleet.stats;
        stats.hangingNow(1);
        res.once('close', () => stats.hangingNow(-1));
        return;
      }
      default:
        return serveHollowSubcloud(fleet, subcloud, req, res);
    }
  });
  server.on('connection', (socket: Socket) => {
    if (fleet !== null && fleet.subclouds[fleet.range.indexOf(socket.localAddress)]?.behaviour === 'refusing') {
      fleet.stats.refused();
      socket.resetAndDestroy();
      return;
    }
    open.add(socket);
    socket.on('close', forget);
  });
  // A hanging subcloud holds its requests for as long as its callers wait: no timeout of ours ends them.
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  try {
    fleet = createHollowFleet({
      count: options.count,
      firstAddress,
      port,
      seed: options.seed ?? randomBytes(16).toString('hex'),
      softwareVersion: options.softwareVersion ?? HOLLOW_DEFAULTS.softwareVersion,
      tokenTtlSeconds: options.tokenTtlSeconds ?? HOLLOW_DEFAULTS.tokenTtlSeconds,
      deployMs: Math.round((options.deploySeconds ?? HOLLOW_DEFAULTS.deploySeconds) * 1000),
      buildMs: Math.round((options.buildSeconds ?? HOLLOW_DEFAULTS.buildSeconds) * 1000),
      releasePublicKey: options.releasePublicKey ?? null,
      now: options.now ?? Date.now,
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const running = fleet;
  return {
    fleet: running,
    port,
    controlUrl: `http://${HOLLOW_CONTROL_ADDRESS}:${port}/hollow/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of open) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
