import * as audit from '@murmuration/core/audit';
import * as common from '@murmuration/core/common';
import * as agentsContract from '@murmuration/core/contract/agents';
import * as auditContract from '@murmuration/core/contract/audit';
import * as commonContract from '@murmuration/core/contract/common';
import * as faultContract from '@murmuration/core/contract/fault';
import * as identityContract from '@murmuration/core/contract/identity';
import * as inventoryContract from '@murmuration/core/contract/inventory';
import * as networkContract from '@murmuration/core/contract/network';
import * as orchestrationContract from '@murmuration/core/contract/orchestration';
import * as softwareContract from '@murmuration/core/contract/software';
import * as fault from '@murmuration/core/fault';
import * as identity from '@murmuration/core/identity';
import * as inventory from '@murmuration/core/inventory';
import * as network from '@murmuration/core/network';
import * as orchestration from '@murmuration/core/orchestration';
import * as software from '@murmuration/core/software';
import { describe, expect, it } from 'vitest';

type Entry = Readonly<Record<string, unknown>>;

/** The names exported by more than one of `parts`, with the parts that export them. */
function sharedNames(parts: Readonly<Record<string, Entry>>): Record<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const [part, entry] of Object.entries(parts)) {
    for (const name of Object.keys(entry)) holders.set(name, [...(holders.get(name) ?? []), part]);
  }
  return Object.fromEntries([...holders].filter(([, where]) => where.length > 1));
}

// There is no root entry: each name is imported from the one entry point that exports it.
describe('core entry points', () => {
  it('each domain entry point exports its own names, none another exports too', () => {
    const domains = { common, identity, inventory, audit, fault, network, software, orchestration };
    expect(Object.values(domains).every((entry) => Object.keys(entry).length > 0)).toBe(true);
    expect(sharedNames(domains)).toEqual({});
  });

  it('each contract schema comes from one domain contract entry point', () => {
    const domains = {
      agents: agentsContract,
      audit: auditContract,
      common: commonContract,
      fault: faultContract,
      identity: identityContract,
      inventory: inventoryContract,
      network: networkContract,
      orchestration: orchestrationContract,
      software: softwareContract,
    };
    expect(Object.values(domains).every((entry) => Object.keys(entry).length > 0)).toBe(true);
    expect(sharedNames(domains)).toEqual({});
  });
});
