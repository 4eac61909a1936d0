import { AppError, type RequestContext } from '@murmuration/core/common';
import type { AgentConfigNotice, AgentHello } from '@murmuration/core/contract/agents';
import type { HostRecord } from '@murmuration/core/inventory';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EnrollmentService } from '../../services/agents/index.js';
import type { AuditService } from '../../services/audit/index.js';
import type { HostService } from '../../services/inventory/index.js';
import type { MaintenanceService } from '../../services/maintenance/index.js';
import { authenticateHost } from './host-auth.js';

const CONNECT_PATH = /^\/agent\/v1\/hosts\/([0-9a-f-]{36})\/connect(?:\?.*)?$/;
/**
 * Close codes the agent understands: replaced by a newer connection of the same host, controller going away, host
 * deleted.
 */
export const CLOSE_REPLACED = 4001;
export const CLOSE_SHUTDOWN = 1001;
export const CLOSE_HOST_DELETED = 4003;

/** The live connections of host agents: heartbeats in, configuration notices and commands out. */
export interface AgentChannel {
  /** How many agents are connected now. */
  readonly size: number;
  close(): Promise<void>;
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = JSON.stringify({ error: { code: status, title: reason, message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/**
 * Serves `GET /agent/v1/hosts/{uuid}/connect` as a WebSocket on the controller's HTTP port. The
 * agent authenticates with its host credential; a heartbeat is any one-byte message, so that
 * thousands of hosts beating ten times a second cost little.
 */
export function attachAgentChannel(
  server: Server,
  deps: {
    enrollment: EnrollmentService;
    audit: AuditService;
    hosts: HostService;
    maintenance: MaintenanceService;
    logger: Logger;
  },
): AgentChannel {
  const { maintenance, logger } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false });
  const sockets = new Map<string, WebSocket>();
  let requests = 0;

  const send = (uuid: string, message: AgentConfigNotice | { type: 'reboot' }): void => {
    const socket = sockets.get(uuid);
    if (socket && socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  deps.hosts.onConfigTarget((host) => send(host.uuid, { type: 'config', config_target: host.configTarget }));
  deps.hosts.onAction((host, action) => {
    if (action === 'reboot') send(host.uuid, { type: 'reboot' });
    if (action === 'delete') {
      sockets.get(host.uuid)?.close(CLOSE_HOST_DELETED, 'the host was deleted');
      maintenance.forget(host.uuid);
    }
  });

  function accept(socket: WebSocket, host: HostRecord): void {
    const uuid = host.uuid;
    const previous = sockets.get(uuid);
    sockets.set(uuid, socket);
    if (previous) previous.close(CLOSE_REPLACED, 'replaced by a newer connection of the same host');
    maintenance.connected(uuid);
    const hello: AgentHello = {
      type: 'hello',
      host_uuid: uuid,
      hostname: host.hostname,
      heartbeat_period_ms: maintenance.settings.periodMs,
      config_target: host.configTarget,
    };
    socket.send(JSON.stringify(hello));
    socket.on('message', (data: Buffer) => {
      if (data.length === 1) maintenance.beat(uuid);
    });
    socket.on('error', (error) => logger.debug({ err: error, host: host.hostname }, 'agent connection error'));
    socket.on('close', () => {
      if (sockets.get(uuid) !== socket) return;
      sockets.delete(uuid);
      maintenance.disconnected(uuid);
    });
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const match = CONNECT_PATH.exec(request.url ?? '');
    if (!match) return refuseUpgrade(socket, 404, 'Not Found', `no WebSocket is served at ${request.url ?? ''}`);
    const ctx: RequestContext = {
      requestId: `req-agent-${++requests}`,
      sourceAddress: request.socket.remoteAddress ?? 'unknown',
      method: 'GET',
      path: request.url ?? '',
      actor: null,
      successStatus: 101,
      audited: false,
    };
    let host: HostRecord;
    try {
      host = (await authenticateHost(deps, ctx, request.headers, match[1]!)).host;
    } catch (error) {
      if (error instanceof AppError) {
        return refuseUpgrade(
          socket,
          error.status,
          error.code === 'FORBIDDEN' ? 'Forbidden' : 'Unauthorized',
          error.message,
        );
      }
      throw error;
    }
    wss.handleUpgrade(request, socket, head, (ws) => accept(ws, host));
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      logger.error({ err: error }, 'agent connection failed');
      refuseUpgrade(socket, 500, 'Internal Server Error', 'the controller could not accept the connection');
    });
  });

  return {
    get size() {
      return sockets.size;
    },
    async close() {
      for (const socket of wss.clients) socket.close(CLOSE_SHUTDOWN, 'controller shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of wss.clients) socket.terminate();
    },
  };
}
