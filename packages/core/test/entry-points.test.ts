import * as root from '@murmuration/core';
import * as audit from '@murmuration/core/audit';
import * as common from '@murmuration/core/common';
import * as contract from '@murmuration/core/contract';
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

/** Where each exported name of `whole` is found among `parts`: every name in exactly one part, as the same value. */
function homes(whole: Entry, parts: Readonly<Record<string, Entry>>): Record<string, string[]> {
  const holders = (name: string) =>
    Object.entries(parts)
      .filter(([, part]) => name in part && part[name] === whole[name])
      .map(([part]) => part);
  return Object.fromEntries(Object.keys(whole).map((name) => [name, holders(name)]));
}

describe('core entry points', () => {
  it('the root index re-exports each domain entry point, and nothing else', () => {
    const domains = { common, identity, inventory, audit, fault, network, software, orchestration };
    const found = homes(root, domains);
    expect(Object.entries(found).filter(([, where]) => where.length !== 1)).toEqual([]);
    const reexported = new Set(Object.keys(found));
    const notReexported = Object.entries(domains).flatMap(([domain, entry]) =>
      Object.keys(entry)
        .filter((name) => !reexported.has(name))
        .map((name) => `${domain}.${name}`),
    );
    expect(notReexported).toEqual([]);
  });

  it('each contract schema of `@murmuration/core/contract` comes from one domain contract entry point', () => {
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
    expect(Object.entries(homes(contract, domains)).filter(([, where]) => where.length !== 1)).toEqual([]);
  });
});
