/** What a host is for (sysinv `personality`). */
export const PERSONALITIES = ['controller', 'worker', 'storage'] as const;
export type Personality = (typeof PERSONALITIES)[number];

export const ADMIN_STATES = ['locked', 'unlocked'] as const;
export type AdminState = (typeof ADMIN_STATES)[number];

export const OPER_STATES = ['enabled', 'disabled'] as const;
export type OperState = (typeof OPER_STATES)[number];

/** Maintenance's view of a host's health. */
export const AVAILABILITIES = ['offline', 'online', 'available', 'degraded', 'failed', 'intest', 'power-off'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Where the host's inventory stands: nothing reported yet, or reported by its agent. */
export const INVENTORY_STATES = ['', 'inventoried'] as const;
export type InventoryState = (typeof INVENTORY_STATES)[number];

/** The values `PATCH [{"path": "/action"}]` accepts, as `system host-*` sends them. */
export const HOST_ACTIONS = ['lock', 'force-lock', 'unlock', 'force-unlock', 'reboot', 'swact', 'force-swact', 'delete'] as const;
export type HostAction = (typeof HOST_ACTIONS)[number];

export const CLOCK_SYNCHRONIZATIONS = ['ntp', 'ptp'] as const;
export type ClockSynchronization = (typeof CLOCK_SYNCHRONIZATIONS)[number];

/** A managed host (sysinv `ihost`). */
export interface HostRecord {
  readonly id: number;
  readonly uuid: string;
  readonly hostname: string;
  readonly personality: Personality;
  readonly subfunctions: string;
  readonly administrative: AdminState;
  readonly operational: OperState;
  readonly availability: Availability;
  /** Free text maintenance shows while an action runs (`Locking`, `Rebooting`), or ''. */
  readonly task: string;
  /** The last action requested, or 'none'. */
  readonly action: string;
  readonly mgmtMac: string | null;
  readonly mgmtIp: string | null;
  readonly serialId: string | null;
  readonly location: Readonly<Record<string, string>>;
  readonly invState: InventoryState;
  readonly clockSynchronization: ClockSynchronization;
  readonly bootDevice: string;
  readonly rootfsDevice: string;
  readonly console: string;
  readonly installOutput: string;
  /** Seconds since boot, as last reported by the host's agent. */
  readonly uptime: number;
  /** Generation of the host's desired configuration, and the generation its agent applied. */
  readonly configTarget: number;
  readonly configApplied: number;
  readonly createdAt: number;
  readonly updatedAt: number | null;
}

/** The state part of a host that lifecycle actions change. */
export type HostState = Pick<HostRecord, 'administrative' | 'operational' | 'availability' | 'task' | 'action'>;
