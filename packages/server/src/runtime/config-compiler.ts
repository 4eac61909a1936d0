import { Ajv, type ErrorObject } from 'ajv';
import type { Static, TObject, TSchema } from 'typebox';
import { ConfigError } from './config-error.js';

/**
 * One section of the controller's settings, declared next to the service that reads it: the
 * schema of what an operator may write, with its defaults and bounds, and `read`, which turns
 * the validated settings (defaults filled in) into what the service is given, checking what a
 * schema cannot say (one setting against another, alarm ids against the catalogue).
 *
 * Besides JSON Schema, a setting's schema may say `flag`, the command-line option that sets it
 * (a refused value is named by it), and `expects`, what a valid value looks like (for a pattern).
 */
export interface ConfigSection<S extends TObject = TObject, C = unknown> {
  readonly schema: S;
  readonly read: (settings: Static<S>) => C;
}

/** A section whose service reads its settings as they are, or through `read`. */
export function configSection<S extends TObject>(schema: S): ConfigSection<S, Static<S>>;
export function configSection<S extends TObject, C>(schema: S, read: (settings: Static<S>) => C): ConfigSection<S, C>;
export function configSection<S extends TObject, C>(
  schema: S,
  read?: (settings: Static<S>) => C,
): ConfigSection<S, C | Static<S>> {
  return { schema, read: read ?? ((settings) => settings) };
}

/** What a section gives its service. */
export type SectionConfig<T extends ConfigSection> = ReturnType<T['read']>;

const ajv = new Ajv({ useDefaults: true, allErrors: false, strict: true, verbose: true });
ajv.addKeyword({ keyword: 'flag', schemaType: 'string' });
ajv.addKeyword({ keyword: 'expects', schemaType: 'string' });

interface SettingSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly flag?: string;
  readonly expects?: string;
}

/** `fault.inhibitRules[0].source` from the JSON pointer `/fault/inhibitRules/0/source`. */
function settingName(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

/** What a valid value of the setting is, in words. */
function expectation(schema: SettingSchema): string {
  if (schema.expects !== undefined) return schema.expects;
  if (schema.enum !== undefined) return `one of ${schema.enum.join(', ')}`;
  switch (schema.type) {
    case 'integer':
      if (schema.minimum === undefined) return 'an integer';
      return schema.maximum === undefined ? `an integer of at least ${schema.minimum}` : `an integer from ${schema.minimum} to ${schema.maximum}`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'array':
      return 'a list';
    case 'object':
      return `an object with ${Object.keys(schema.properties ?? {}).join(', ')}`;
    default:
      return 'valid';
  }
}

/**
 * One sentence naming the first bad setting and what it must be; a misspelt one is named with the settings known there.
 */
function refusal(error: ErrorObject): string {
  const where = settingName(error.instancePath);
  const schema = error.parentSchema as SettingSchema;
  if (error.keyword === 'additionalProperties') {
    const key = String((error.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys(schema.properties ?? {}).join(', ');
    return `unknown setting ${where ? `${where}.` : ''}${key}; known settings${where ? ` of ${where}` : ''}: ${known}`;
  }
  // A value of the right kind that the setting refuses is named as the operator gave it.
  const name = error.keyword !== 'type' && schema.flag !== undefined ? schema.flag : where;
  return `${name} must be ${expectation(schema)}, got ${JSON.stringify(error.data)}`;
}

const compiled = new WeakMap<TSchema, ReturnType<Ajv['compile']>>();

/**
 * raw → defaults → validated: a copy of `raw` with every default the schema gives filled in.
 * Throws ConfigError naming the first setting that is unknown or not what its schema says.
 */
export function compileSettings<S extends TSchema>(schema: S, raw: unknown): Static<S> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const settings = structuredClone(raw);
  if (!validate(settings)) throw new ConfigError(refusal(validate.errors![0]!));
  return settings as Static<S>;
}

/** Freezes the settings all the way down: nothing changes them at run time. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
