import { DcAgentApi, Session, type FetchLike } from '@murmuration/client';
import { leanFetch } from '../../runtime/lean-fetch.js';
import { AppError, isAppError } from '@murmuration/core/common';
import { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import { Value } from 'typebox/value';

/** How the system controller proves to a subcloud that it may adopt it. */
export type JoinAuthority =
  | { readonly kind: 'token'; readonly joinToken: string }
  | { readonly kind: 'admin'; readonly username: string; readonly password: string };

/** Who is asking: the system controller as the join request names it. */
export interface JoiningController {
  readonly region: string;
  readonly url: string;
  readonly softwareVersion: string;
}

const refused = (what: string, error: AppError, code = error.code): AppError =>
  new AppError(code, `${what}: ${error.message}`, { rule: 'subcloud_join_refused' });

/**
 * The subcloud's refusal as this API answers it: the caller's mistakes (a wrong or spent token) keep the status the
 * subcloud gave them, with its message; its authentication refusals become 422, since a 401 or 403 would tell the
 * caller that its own token is no good; a subcloud that cannot be reached, or fails, is 422 too.
 */
function joinFailure(error: unknown, url: string, what: string, api: string): AppError {
  if (!isAppError(error)) throw error;
  const status = typeof error.details?.['status'] === 'number' ? error.details['status'] : null;
  if (status === null || status >= 500) {
    return new AppError('UNPROCESSABLE', `subcloud ${url} is unreachable or failing: ${error.message}`, {
      rule: 'subcloud_unreachable',
    });
  }
  if (status === 404) {
    return new AppError('UNPROCESSABLE', `${url} serves no ${api} API: is it a controller of this version?`, {
      rule: 'subcloud_unreachable',
    });
  }
  if (status === 401 || status === 403) return refused(what, error, 'UNPROCESSABLE');
  return refused(what, error);
}

/** A fetch that gives up after `timeoutMs`, on a connection of its own (no pool kept per subcloud). */
function boundedFetch(timeoutMs: number): FetchLike {
  return leanFetch({ timeoutMs, maxBodyBytes: JOIN_ANSWER_MAX_BYTES });
}

/** A join answer is a few hundred bytes; anything much longer is not one. */
const JOIN_ANSWER_MAX_BYTES = 64 * 1024;

/**
 * Joins the subcloud at `url` as `name`: with its join token, or by logging its admin in on its identity service and
 * joining with that token. Answers what the subcloud made for the system controller (its service account) once.
 */
export async function joinSubcloud(
  input: { readonly url: string; readonly name: string; readonly authority: JoinAuthority },
  self: JoiningController,
  timeoutMs: number,
): Promise<DcJoinAnswer> {
  const fetchFn = boundedFetch(timeoutMs);
  let adminToken: string | undefined;
  if (input.authority.kind === 'admin') {
    const session = new Session(
      {
        authUrl: `${input.url}/identity/v3`, username: input.authority.username, password: input.authority.password,
        projectName: 'admin', userDomainName: 'Default', projectDomainName: 'Default', regionName: null,
        interface: 'public',
      },
      { fetch: fetchFn },
    );
    try {
      adminToken = (await session.token()).token;
    } catch (error) {
      throw joinFailure(error, input.url, 'the subcloud refused the admin credentials', 'identity');
    }
  }
  let answer: unknown;
  try {
    answer = await new DcAgentApi(input.url, fetchFn).join(
      {
        ...(input.authority.kind === 'token' ? { join_token: input.authority.joinToken } : {}),
        name: input.name,
        system_controller: { region: self.region, url: self.url, software_version: self.softwareVersion },
      },
      adminToken !== undefined ? { adminToken } : {},
    );
  } catch (error) {
    throw joinFailure(error, input.url, 'the subcloud refused the join', 'dcagent join');
  }
  if (!Value.Check(DcJoinAnswer, answer)) {
    throw new AppError('UNPROCESSABLE', `subcloud ${input.url} answered the join with something that is not a join answer`, {
      rule: 'subcloud_unreachable',
    });
  }
  return answer;
}
