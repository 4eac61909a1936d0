import { DcAgentApi, type Client } from '@murmuration/client';
import { AppError } from '@murmuration/core/common';
import { API_FAMILIES } from '@murmuration/core/identity';
import type { Command } from 'commander';
import { connect } from '../connection.js';

/**
 * Calls this controller's dcagent family, which the catalog does not list: at the base URL of
 * its identity endpoint, with the session's token (once more with a new one if it was revoked).
 */
export async function withDcAgent<T>(
  command: Command,
  work: (api: DcAgentApi, token: string) => Promise<T>,
): Promise<T> {
  const { session }: Client = connect(command);
  const identity = await session.endpoint('identity');
  const base = identity.endsWith(API_FAMILIES.identity.catalog.path)
    ? identity.slice(0, -API_FAMILIES.identity.catalog.path.length)
    : new URL(identity).origin;
  const api = new DcAgentApi(base);
  try {
    return await work(api, (await session.token()).token);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'UNAUTHENTICATED') throw error;
    await session.forget();
    return work(api, (await session.token()).token);
  }
}
