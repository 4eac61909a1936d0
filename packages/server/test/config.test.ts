import { ConfigError, DEFAULT_HASH_COST, compileConfig, type RawConfig } from '@murmuration/server';
import { describe, expect, it } from 'vitest';

const defaults = { dataDir: '/var/lib/murmur', softwareVersion: '1.0' };
const compile = (raw: RawConfig | Record<string, unknown>) => compileConfig(raw as RawConfig, defaults);

describe('compileConfig', () => {
  it('fills the defaults: loopback port 6385, embedded SQLite in the data directory, one-hour tokens', () => {
    const config = compile({});
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 6385 });
    expect(config.store).toEqual({ kind: 'sqlite', file: '/var/lib/murmur/murmur.db' });
    expect(config.tokenTtlSeconds).toBe(3600);
    expect(config.region).toBe('RegionOne');
    expect(config.systemMode).toBe('simplex');
    expect(config.passwordPolicy).toMatchObject({
      minLength: 12,
      historyCount: 2,
      lockoutFailures: 5,
      lockoutSeconds: 300,
    });
    expect(config.passwordHashCost).toEqual(DEFAULT_HASH_COST);
    expect(Object.isFrozen(config) && Object.isFrozen(config.passwordPolicy)).toBe(true);
  });

  it('takes PostgreSQL URLs, IPv6 listen addresses and partial password policies', () => {
    const config = compile({ database: 'postgresql://u:p@db:5432/murmur', listen: '[::1]:7000', passwordPolicy: { minLength: 16 } });
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgresql://u:p@db:5432/murmur' });
    expect(config.listen).toEqual({ host: '::1', port: 7000 });
    expect(config.passwordPolicy.minLength).toBe(16);
    expect(config.passwordPolicy.historyCount).toBe(2);
    expect(compile({ systemMode: 'duplex' }).systemMode).toBe('duplex');
  });

  it.each([
    [{ listen: 'localhost' }, '--listen must be HOST:PORT'],
    [{ listen: '127.0.0.1:70000' }, '--listen must be HOST:PORT'],
    [{ listen: 6385 }, 'listen must be a string'],
    [{ database: 'mysql://x/y' }, '--database must be a postgres:// URL'],
    [{ tokenTtlSeconds: 10 }, 'tokenTtlSeconds must be an integer of at least 60'],
    [{ logLevel: 'loud' }, '--log-level must be one of'],
    [{ region: 'Region One' }, '--region must be'],
    [{ systemMode: 'triplex' }, '--system-mode must be one of simplex, duplex, duplex-direct'],
    [{ advertiseUrl: 'ftp://x' }, '--advertise-url must be http(s)://HOST[:PORT]'],
    [{ passwordPolicy: { minLength: 0 } }, 'passwordPolicy.minLength must be an integer of at least 1'],
    [{ passwordPolicy: { rejectCommon: 'yes' } }, 'passwordPolicy.rejectCommon must be true or false'],
    [{ passwordPolicy: { minLenght: 20 } }, 'unknown setting passwordPolicy.minLenght; known settings of passwordPolicy: minLength'],
    [{ passwordHashCost: { ln: 30 } }, 'passwordHashCost.ln must be an integer from 10 to 20'],
    [{ tokenTTL: 60 }, 'unknown setting tokenTTL'],
    [{ metricsPublic: 'true' }, 'metricsPublic must be true or false'],
    [{ passwordPolicy: 5 }, 'passwordPolicy must be an object with minLength, maxLength'],
    [{ loginThrottle: { perUser: 1.5 } }, 'loginThrottle.perUser must be an integer of at least 0, got 1.5'],
  ])('refuses %j naming the setting', (raw, message) => {
    expect(() => compile(raw)).toThrow(ConfigError);
    expect(() => compile(raw)).toThrow(message);
  });

  it('compiles fault settings: retention, inhibition rules with catalogue ids, delivery', () => {
    const config = compile({ fault: { eventLogRetention: 5000, inhibitRules: [{ source: '200.005', target: ['200.006'], sameEntity: true }] } });
    expect(config.fault.eventLogRetention).toBe(5000);
    expect(config.fault.inhibitRules).toEqual([{ sourceIds: ['200.005'], targetIds: ['200.006'], sameEntity: true }]);
    expect(compile({}).fault.inhibitRules).toEqual([{ sourceIds: ['200.004'], targetIds: null, sameEntity: false }]);
  });

  it.each([
    [{ fault: { retention: 10 } }, 'unknown setting fault.retention'],
    [{ fault: { eventLogRetention: 10 } }, 'fault.eventLogRetention must be an integer of at least 100'],
    [{ fault: { inhibitRules: [{ source: [200.004] }] } }, 'is not an alarm id of the catalogue'],
    [{ fault: { inhibitRules: [{ source: ['200.004'], targets: '*' }] } }, 'unknown setting fault.inhibitRules[0].targets'],
    [{ fault: { inhibitRules: 'all' } }, 'fault.inhibitRules must be a list'],
    [{ maintenance: { degradeThreshold: 10 } }, 'maintenance.failureThreshold (10) must be above maintenance.degradeThreshold (10)'],
    [{ orchestration: { pollMs: 1 } }, 'orchestration.pollMs must be an integer of at least 10, got 1'],
  ])('refuses fault setting %j', (raw, message) => {
    expect(() => compile(raw)).toThrow(ConfigError);
    expect(() => compile(raw)).toThrow(message);
  });
});
