import { errorFromResponse } from '@murmuration/client';
import { describe, expect, it } from 'vitest';

describe('errorFromResponse rebuilds the server error from every body format', () => {
  it('reads Keystone bodies', () => {
    const e = errorFromResponse(401, 'UNAUTHENTICATED', JSON.stringify({ error: { code: 401, title: 'Unauthorized', message: 'The request you have made requires authentication.' } }));
    expect(e.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('The request you have made requires authentication.');
  });

  it('reads sysinv/fm bodies, where the fault is a JSON string inside error_message', () => {
    const body = JSON.stringify({ error_message: JSON.stringify({ faultstring: 'Latitude must be between -90 and +90', debuginfo: null, faultcode: 'Client' }) });
    const e = errorFromResponse(400, 'INVALID_INPUT', body);
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', 'Latitude must be between -90 and +90']);
  });

  it('reads the VIM’s bodies, where the fault is the body itself', () => {
    const e = errorFromResponse(400, 'INVALID_INPUT', JSON.stringify({ faultcode: 'Client', faultstring: 'release tools-9.9.9 has not been uploaded', debuginfo: null }));
    expect([e.code, e.message]).toEqual(['INVALID_INPUT', 'release tools-9.9.9 has not been uploaded']);
  });

  it('reads the controller’s own bodies and keeps the stable code from the header', () => {
    const e = errorFromResponse(404, 'ROUTE_NOT_FOUND', JSON.stringify({ code: 'ROUTE_NOT_FOUND', message: 'No route for GET /x.', requestId: 'req-1' }));
    expect([e.code, e.message]).toEqual(['ROUTE_NOT_FOUND', 'No route for GET /x.']);
  });

  it('reads dcmanager’s JSON bodies, written for a client that accepts JSON alone', () => {
    const body = JSON.stringify({ code: 422, title: 'Unprocessable Entity', description: 'subcloud sc1 is unreachable' });
    const e = errorFromResponse(422, 'UNPROCESSABLE', body);
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', 'subcloud sc1 is unreachable']);
    expect(errorFromResponse(422, null, body).code).toBe('UNPROCESSABLE');
  });

  it('falls back to the status when a peer sends no code, and to the page text for HTML errors', () => {
    const e = errorFromResponse(409, null, '<html><body><h1>409 Conflict</h1>Subcloud already exists</body></html>');
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toBe('409 Conflict Subcloud already exists');
    expect(errorFromResponse(503, 'BOGUS', '').code).toBe('UNAVAILABLE');
    expect(errorFromResponse(500, null, '').message).toBe('HTTP 500');
  });

  it('reads webob error pages (dcmanager): the message after the explanation, references decoded', () => {
    const page =
      '<html>\n <head>\n  <title>409 Conflict</title>\n </head>\n <body>\n  <h1>409 Conflict</h1>\n' +
      '  There was a conflict when trying to complete your request.<br /><br />\n' +
      'Subcloud with name &#x27;sc-1&#x27; &amp; URL already exists\n\n\n </body>\n</html>';
    const e = errorFromResponse(409, 'CONFLICT', page);
    expect([e.code, e.message]).toEqual(['CONFLICT', "Subcloud with name 'sc-1' & URL already exists"]);
  });
});
