/**
 * One JSON request to a controller with a token, as the e2e suites make them: the parsed answer
 * (null for an empty one), or an error naming the request and what the controller said.
 */
// The answer is JSON as the wire has it: callers read it as such.
export async function jsonCall(url: string, token: string, method: string, route: string, body?: unknown) {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { 'x-auth-token': token, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}
