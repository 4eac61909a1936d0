export { discoverHost } from './discovery/discover-host.js';
export { FIXTURE_NAMES, fixtureRoots, hostRoots } from './discovery/discovery-roots.js';
export type { DiscoveryRoots } from './discovery/discovery-roots.js';
export { DiscoveryError } from './discovery/sysfs-reader.js';
export { HostAgent } from './runtime/host-agent.js';
export type { HostAgentOptions } from './runtime/host-agent.js';
export { hollowReport } from './runtime/hollow-report.js';
export { streamLog } from './runtime/agent-log.js';
export type { AgentLog } from './runtime/agent-log.js';
