import type { OneTimeTokenColumns } from '../repos/one-time-token-repo.js';

/** The agents service's tables: bootstrap tokens and the credential each enrolled host holds. */
export interface AgentsTables {
  host_bootstrap_tokens: HostBootstrapTokenTable;
  host_credentials: HostCredentialTable;
}

/** One-time tokens with which host agents join. */
export interface HostBootstrapTokenTable extends OneTimeTokenColumns {
  /** The host that joined with it. */
  used_by_host: string | null;
}

export interface HostCredentialTable {
  host_uuid: string;
  secret_hash: string;
  created_at: number;
}
