/** The agents service's tables: bootstrap tokens and the credential each enrolled host holds. */
export interface AgentsTables {
  host_bootstrap_tokens: HostBootstrapTokenTable;
  host_credentials: HostCredentialTable;
}

export interface HostBootstrapTokenTable {
  uuid: string;
  secret_hash: string;
  description: string | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  used_by_host: string | null;
}

export interface HostCredentialTable {
  host_uuid: string;
  secret_hash: string;
  created_at: number;
}
