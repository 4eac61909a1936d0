import { AppError, errorCodeForStatus, isErrorCode, type ErrorCode } from '@murmuration/core/common';

function messageFrom(body: string): string | null {
  const text = body.trim();
  if (text === '') return null;
  try {
    const parsed = JSON.parse(text) as Record<string, unknown>;
    const keystone = parsed['error'] as { message?: unknown } | undefined;
    if (keystone && typeof keystone.message === 'string') return keystone.message;
    const wsme = parsed['error_message'];
    if (typeof wsme === 'string') {
      try {
        const inner = JSON.parse(wsme) as { faultstring?: unknown };
        if (typeof inner.faultstring === 'string') return inner.faultstring;
      } catch {
        return wsme;
      }
    }
    // The VIM's wsme fault, not wrapped in error_message.
    if (typeof parsed['faultstring'] === 'string') return parsed['faultstring'];
    if (typeof parsed['message'] === 'string') return parsed['message'];
    // dcmanager (pecan) when asked for JSON: {"code", "title", "description"}.
    if (typeof parsed['description'] === 'string') return parsed['description'];
    const errors = parsed['errors'] as Array<{ detail?: unknown; title?: unknown }> | undefined;
    if (Array.isArray(errors) && errors[0]) return String(errors[0].detail ?? errors[0].title);
  } catch {
    // An HTML error page: webob's (dcmanager) puts the message after the status's explanation
    // and two line breaks; any other page's visible text is the message.
    const body = /<body>([\s\S]*)<\/body>/i.exec(text)?.[1];
    const parts = body?.split(/<br\s*\/?>\s*<br\s*\/?>/i) ?? [];
    const detail = parts.length > 1 ? visibleText(parts.slice(1).join(' ')) : '';
    return (detail || visibleText(text)).slice(0, 500) || null;
  }
  return null;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text an HTML fragment shows: tags dropped, white space collapsed, character references decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref.startsWith('#')) {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[ref.toLowerCase()] ?? whole;
    });
}

/**
 * Rebuilds the server's AppError from an error response: the stable code from the
 * `x-error-code` header (or the status when a peer sends none), the message from whichever
 * body format the API family uses (Keystone, sysinv/fm, the VIM, the controller's own, HTML).
 */
export function errorFromResponse(status: number, codeHeader: string | null, body: string): AppError {
  const code: ErrorCode = isErrorCode(codeHeader) ? codeHeader : errorCodeForStatus(status);
  return new AppError(code, messageFrom(body) ?? `HTTP ${status}`, { status });
}
