import type { HostConfigSectionName, HostConfigSections, HostRecord } from '@murmuration/core/inventory';

/** Reads one section of a host's desired configuration, as the service that owns the section keeps it. */
export type HostConfigSectionReader<K extends HostConfigSectionName> = (
  host: HostRecord,
) => Promise<HostConfigSections[K]>;

/**
 * The sections other services contribute to every host's desired configuration, one reader each
 * (the host service writes the `host` section itself). The composition root passes them; a
 * section the agent contract declares and nobody contributes does not compile.
 */
export type HostConfigSectionReaders = { readonly [K in Exclude<HostConfigSectionName, 'host'>]: HostConfigSectionReader<K> };

/** Every contributed section of a host's desired configuration, read in turn. */
export async function readSections(readers: HostConfigSectionReaders, host: HostRecord): Promise<Omit<HostConfigSections, 'host'>> {
  const sections: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(readers)) sections[name] = await read(host);
  return sections as Omit<HostConfigSections, 'host'>;
}
