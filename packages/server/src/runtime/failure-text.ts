/**
 * One line saying why an outbound call failed, with the causes a generic message hides:
 * `fetch failed` becomes `fetch failed: connect ECONNREFUSED 127.0.0.1:9093`.
 */
export function failureText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const text = messageOf(current);
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(': ') || 'unknown error';
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Connecting to every address of a name fails as one AggregateError with an empty message.
  if (error instanceof AggregateError && error.message === '') return [...new Set(error.errors.map(messageOf))].join('; ');
  const code = (error as { code?: unknown }).code;
  if (error.message) return error.message;
  return typeof code === 'string' ? code : error.name;
}
