import { discoverHost } from './discovery/discover-host.js';
import { hostRoots } from './discovery/discovery-roots.js';
import { streamLog } from './runtime/agent-log.js';
import { loadAgentState, saveAgentState } from './runtime/agent-state.js';
import { HostAgent } from './runtime/host-agent.js';
import path from 'node:path';

/**
 * The agent `murmur up` runs for the machine it is started on: it joins as `hostname` (asking
 * for a bootstrap token only the first time) and reports the real hardware.
 */
export async function startLocalAgent(settings: {
  readonly controllerUrl: string;
  readonly stateDir: string;
  readonly hostname: string;
  readonly personality: string;
  readonly bootstrapToken: () => Promise<string>;
}): Promise<{ stop(): Promise<void> }> {
  // The state lives in the controller's own data directory: whatever port the controller
  // listens on this time, it is the controller the agent joined.
  const saved = await loadAgentState(settings.stateDir);
  if (saved && saved.controller !== settings.controllerUrl) {
    await saveAgentState(settings.stateDir, { ...saved, controller: settings.controllerUrl });
  }
  const joined = saved !== null;
  const agent = new HostAgent({
    controller: settings.controllerUrl,
    stateDir: settings.stateDir,
    configRoot: path.join(settings.stateDir, 'config'),
    softwareRoot: path.join(settings.stateDir, 'software'),
    hostname: settings.hostname,
    personality: settings.personality,
    ...(joined ? {} : { bootstrapToken: await settings.bootstrapToken() }),
    discover: () => discoverHost(hostRoots()),
    inventoryIntervalMs: 30_000,
    maxBackoffMs: 5000,
    log: streamLog(`agent ${settings.hostname}`, false),
  });
  await agent.start();
  return { stop: () => agent.stop() };
}
