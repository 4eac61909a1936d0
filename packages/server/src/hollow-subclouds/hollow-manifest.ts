import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { HollowFleet } from './hollow-fleet.js';

/** One line of the manifest: what a system controller needs to add subcloud `index`. */
export interface HollowManifestLine {
  readonly index: number;
  readonly name: string;
  readonly url: string;
  readonly join_token: string;
  readonly region_name: string;
}

export function hollowManifestLine(fleet: HollowFleet, index: number): HollowManifestLine {
  const subcloud = fleet.subclouds[index]!;
  const { name, joinToken, regionName } = subcloud;
  return { index, name, url: fleet.urlOf(index), join_token: joinToken, region_name: regionName };
}

/** Writes the fleet's manifest: JSON lines, one per subcloud, in index order. */
export async function writeHollowManifest(fleet: HollowFleet, file: string): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  for (let i = 0; i < fleet.subclouds.length; i++) {
    if (!out.write(`${JSON.stringify(hollowManifestLine(fleet, i))}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
