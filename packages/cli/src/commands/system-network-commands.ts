import { NetworkApi } from '@murmuration/client';
import type { AddressPoolObject } from '@murmuration/core/contract/network';
import { POOL_ORDERS } from '@murmuration/core/network';
import { Option, type Command } from 'commander';
import { connect } from '../connection.js';
import { outputOptions, withOutputOptions } from '../output/format-options.js';
import { emit, formatList, formatObject, type Cell } from '../output/printer.js';
import { pythonList } from '../output/python-list.js';

const api = (command: Command): NetworkApi => new NetworkApi(connect(command).session);

function poolFields(pool: AddressPoolObject): Record<string, Cell> {
  return {
    uuid: pool.uuid,
    name: pool.name,
    network: pool.network,
    prefix: pool.prefix,
    order: pool.order,
    ranges: pythonList(pool.ranges.map(([start, end]) => `${start}-${end}`)),
    floating_address: pool.floating_address,
    controller0_address: pool.controller0_address,
    controller1_address: pool.controller1_address,
    gateway_address: pool.gateway_address,
  };
}

/** `system network-list|addrpool-list|addrpool-add|addrpool-delete`. */
export function addNetworkCommands(system: Command): void {
  withOutputOptions(system.command('network-list').description('List platform networks')).action(async (_options, command: Command) => {
    const columns: Array<[string, string]> = [
      ['id', 'id'],
      ['uuid', 'uuid'],
      ['name', 'name'],
      ['type', 'type'],
      ['dynamic', 'dynamic'],
      ['pool_uuid', 'pool_uuid'],
      ['primary_pool_family', 'primary_pool_family'],
    ];
    emit(
      formatList(
        (await api(command).networks()).map((n) => ({ ...n }) as Record<string, Cell>),
        columns,
        outputOptions(command),
      ),
    );
  });

  withOutputOptions(system.command('addrpool-list').description('List address pools')).action(async (_options, command: Command) => {
    const columns: Array<[string, string]> = [
      'uuid', 'name', 'network', 'prefix', 'order', 'ranges', 'floating_address', 'controller0_address', 'controller1_address', 'gateway_address',
    ].map((c) => [c, c]);
    emit(formatList((await api(command).pools()).map(poolFields), columns, outputOptions(command)));
  });

  withOutputOptions(
    system
      .command('addrpool-add')
      .description(
        'Add an address pool: murmur system addrpool-add management 192.168.204.0 24 --ranges 192.168.204.2-192.168.204.254',
      )
      .argument('<name>', 'name of the pool')
      .argument('<network>', 'subnet address, IPv4 or IPv6')
      .argument('<prefix>', 'subnet prefix length')
      .addOption(new Option('--order <order>', 'how addresses are handed out').choices(POOL_ORDERS))
      .option('--ranges <ranges>', 'start-end[,start-end…] (default: the whole subnet)')
      .option('--floating-address <address>', 'floating address of the subnet')
      .option('--controller0-address <address>', "controller-0's address")
      .option('--controller1-address <address>', "controller-1's address")
      .option('--gateway-address <address>', 'gateway of the subnet'),
  ).action(
    async (
      name: string,
      network: string,
      prefix: string,
      options: {
        order?: string;
        ranges?: string;
        floatingAddress?: string;
        controller0Address?: string;
        controller1Address?: string;
        gatewayAddress?: string;
      },
      command: Command,
    ) => {
      const body: Record<string, unknown> = { name, network, prefix };
      if (options.order !== undefined) body['order'] = options.order;
      if (options.ranges !== undefined) body['ranges'] = options.ranges;
      if (options.floatingAddress !== undefined) body['floating_address'] = options.floatingAddress;
      if (options.controller0Address !== undefined) body['controller0_address'] = options.controller0Address;
      if (options.controller1Address !== undefined) body['controller1_address'] = options.controller1Address;
      if (options.gatewayAddress !== undefined) body['gateway_address'] = options.gatewayAddress;
      emit(formatObject(poolFields(await api(command).addPool(body)), { ...outputOptions(command), sort: false }));
    },
  );

  system
    .command('addrpool-delete')
    .description('Delete an address pool that no network uses')
    .argument('<uuid>', 'the pool uuid')
    .action(async (uuid: string, _options, command: Command) => {
      await api(command).removePool(uuid);
      console.log(`Deleted address pool: ${uuid}`);
    });
}
