import { AppError } from '@murmuration/core/common';
import { DcmanagerApi } from './dcmanager-api.js';
import { unreachableReason, type FetchLike } from './http.js';
import type { Session } from './session.js';

/** The subcloud behind a region no token's catalog lists: its name, its own region and its API's base URL. */
export interface SubcloudRoute {
  readonly name: string;
  readonly region: string;
  readonly url: string;
}

/**
 * The subcloud whose region (or name) is `region`, as the system controller knows it (`GET /subclouds/{ref}`, which
 * falls back on region names), or NOT_FOUND naming the region.
 */
export async function findSubcloudRoute(central: Session, region: string): Promise<SubcloudRoute> {
  try {
    const subcloud = await new DcmanagerApi(central).getSubcloud(region);
    return { name: subcloud.name, region: subcloud['region-name'], url: subcloud.url.replace(/\/+$/, '') };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    throw new AppError(
      'NOT_FOUND',
      `no region ${region}: the catalog does not list it and no subcloud of the system controller has that region or name`,
      { region },
      { cause: error },
    );
  }
}

/** The fetch to a subcloud: one that cannot be reached is named with its URL. */
export function subcloudFetch(fetchFn: FetchLike, route: SubcloudRoute): FetchLike {
  return async (input, init) => {
    try {
      return await fetchFn(input, init);
    } catch (error) {
      throw new AppError('UNAVAILABLE', `cannot reach subcloud ${route.name} at ${route.url}: ${unreachableReason(error)}`, {
        subcloud: route.name,
        url: route.url,
      }, { cause: error });
    }
  };
}

/** An error of a subcloud's identity service, saying which subcloud (one already naming it is left as it is). */
export function onSubcloud(error: unknown, route: SubcloudRoute): unknown {
  if (!(error instanceof AppError) || error.details?.['subcloud'] !== undefined) return error;
  return new AppError(error.code, `${error.message} on subcloud ${route.name}`, { ...error.details, subcloud: route.name }, { cause: error });
}

/** Whether a subcloud could not be reached (as `subcloudFetch` says). */
export function isUnreachableSubcloud(error: unknown): boolean {
  return error instanceof AppError && error.code === 'UNAVAILABLE' && error.details?.['subcloud'] !== undefined;
}
