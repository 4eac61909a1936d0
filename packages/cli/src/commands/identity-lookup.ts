import { AppError } from '@murmuration/core/common';
import type { Client } from '@murmuration/client';

const KEYSTONE_ID = /^[0-9a-f]{32}$/;

type Kind = 'user' | 'project' | 'role';

/** Resolves a name or an id to an id, as the OpenStack client does; unknown names are NOT_FOUND. */
export async function resolveId(client: Client, kind: Kind, nameOrId: string): Promise<string> {
  if (KEYSTONE_ID.test(nameOrId)) return nameOrId;
  const found =
    kind === 'user'
      ? await client.identity.listUsers({ name: nameOrId })
      : kind === 'project'
        ? await client.identity.listProjects({ name: nameOrId })
        : await client.identity.listRoles({ name: nameOrId });
  const match = found.find((x) => x.name === nameOrId);
  if (!match) throw new AppError('NOT_FOUND', `No ${kind} with a name or ID of '${nameOrId}' exists.`);
  return match.id;
}
