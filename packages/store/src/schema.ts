import type { AgentsTables } from './agents/agents-tables.js';
import type { AuditTables } from './audit/audit-tables.js';
import type { FaultTables } from './fault/fault-tables.js';
import type { IdentityTables } from './identity/identity-tables.js';
import type { InventoryTables } from './inventory/inventory-tables.js';
import type { MigrationTables } from './migrations/migration-tables.js';
import type { NetworkTables } from './network/network-tables.js';
import type { OrchestrationTables } from './orchestration/orchestration-tables.js';
import type { SoftwareTables } from './software/software-tables.js';

/**
 * Every table as stored, merged from the tables each service declares in its own folder. Times
 * are epoch milliseconds (bigint in PostgreSQL), booleans are 0/1 integers and structured values
 * are JSON text, so that both dialects store the same thing; columns that hold one of core's
 * vocabularies are typed with its union.
 */
export interface Database
  extends MigrationTables,
    IdentityTables,
    AuditTables,
    InventoryTables,
    AgentsTables,
    NetworkTables,
    FaultTables,
    SoftwareTables,
    OrchestrationTables {}
