import type { DcJoinAnswer, DcJoinRequest } from '@murmuration/core/contract/dc-agent';
import { parseJson, send, type FetchLike } from './http.js';

/** What a system controller asks of a subcloud's `dcagent` family: joining it. */
export class DcAgentApi {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchFn: FetchLike = fetch,
  ) {}

  /** Adopts the subcloud: with the join token in the request, or with an admin's token of the subcloud instead. */
  async join(request: DcJoinRequest, options: { readonly adminToken?: string } = {}): Promise<DcJoinAnswer> {
    const response = await send(this.fetchFn, {
      method: 'POST',
      url: `${this.baseUrl}/dcagent/v1/join`,
      body: request,
      ...(options.adminToken !== undefined ? { token: options.adminToken } : {}),
    });
    return parseJson<DcJoinAnswer>(response, 'the join');
  }
}
