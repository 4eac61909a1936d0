import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-file.js';

/** What an agent keeps between runs: which controller it joined, as which host, and its credential. */
export interface AgentState {
  readonly controller: string;
  readonly hostUuid: string;
  readonly hostname: string;
  readonly credential: string;
  /** The configuration generation it last applied. */
  readonly appliedGeneration: number;
  /** The key every release must be signed with, as the controller gave it when the agent joined. */
  readonly releaseSigningKey: string | null;
}

const FILE = 'agent.json';

export function stateFile(stateDir: string): string {
  return path.join(stateDir, FILE);
}

/** The saved state, or null before the agent has joined (or when the file is not ours). */
export async function loadAgentState(stateDir: string): Promise<AgentState | null> {
  let text: string;
  try {
    text = await readFile(stateFile(stateDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const value = JSON.parse(text) as Partial<AgentState>;
  if (typeof value.controller !== 'string' || typeof value.hostUuid !== 'string' || typeof value.credential !== 'string' || typeof value.hostname !== 'string') {
    throw new Error(`${stateFile(stateDir)} is not an agent state file; remove it to join again with a new bootstrap token`);
  }
  return {
    controller: value.controller,
    hostUuid: value.hostUuid,
    hostname: value.hostname,
    credential: value.credential,
    appliedGeneration: value.appliedGeneration ?? -1,
    releaseSigningKey: value.releaseSigningKey ?? null,
  };
}

/** Saves the state readable by its owner only: the credential lets anyone speak for the host. */
export async function saveAgentState(stateDir: string, state: AgentState): Promise<void> {
  await writeFileAtomic(stateFile(stateDir), `${JSON.stringify(state, null, 2)}\n`, 0o600);
}
