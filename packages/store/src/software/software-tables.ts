import type { HostSoftwareState, ReleaseState } from '@murmuration/core/software';

/** The software service's tables: uploaded releases and the software each host runs and should run. */
export interface SoftwareTables {
  releases: ReleaseTable;
  host_software: HostSoftwareTable;
}

export interface ReleaseTable {
  id: string;
  version: string;
  summary: string;
  description: string;
  reboot_required: number;
  /** JSON list of release ids. */
  requires: string;
  /** JSON object of hook scripts. */
  hooks: string;
  state: ReleaseState;
  sha256: string;
  size: number;
  uploaded_by: string | null;
  uploaded_at: number;
}

export interface HostSoftwareTable {
  host_uuid: string;
  running_release: string | null;
  previous_release: string | null;
  target_release: string | null;
  from_release: string | null;
  state: HostSoftwareState;
  reason: string | null;
  hook_output: string | null;
  updated_at: number;
}
