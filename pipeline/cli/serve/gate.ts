/**
 * Who may use the page: every request is checked here before any route sees it.
 *
 *   host     the Host header must be this server's own `127.0.0.1:port` (a page elsewhere that
 *            points its own name at 127.0.0.1, DNS rebinding, is refused);
 *   method   GET and HEAD read, POST changes; anything else is refused (no CORS preflight is
 *            ever answered, and no CORS header is ever sent);
 *   token    a random token made at start: in the address the browser opens (`/?token=…`),
 *            then in a cookie named for the port; API clients may send `X-Tongbao-Token`;
 *   POST     needs the token in the `X-Tongbao-Token` header (a cookie alone is not enough: a
 *            form on another site cannot set a header), and a browser's Origin, when sent, must
 *            be this server's own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as msg from '../../messages.js';

export const TOKEN_HEADER = 'x-tongbao-token';

export function cookieName(port: number): string {
  return `tongbao-${port}`;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type GateResult = { ok: true; fromQuery: boolean } | { ok: false; status: number; message: string };

/** Whether the request may go on; `fromQuery`: it came with the token in its address (set the cookie). */
export function checkRequest(req: Pick<IncomingMessage, 'method' | 'headers' | 'url'>, port: number, token: string): GateResult {
  const origin = `127.0.0.1:${port}`;
  if (req.headers.host !== origin) return { ok: false, status: 403, message: msg.serve.badHost };
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') return { ok: false, status: 405, message: msg.serve.postOnly };
  const header = req.headers[TOKEN_HEADER];
  const headerToken = Array.isArray(header) ? header[0] : header;
  if (method === 'POST') {
    if (!sameToken(headerToken, token)) return { ok: false, status: 403, message: msg.serve.forbidden };
    const sentOrigin = req.headers.origin;
    if (sentOrigin !== undefined && sentOrigin !== `http://${origin}`) return { ok: false, status: 403, message: msg.serve.badOrigin };
    return { ok: true, fromQuery: false };
  }
  if (sameToken(headerToken, token) || sameToken(cookieToken(req.headers.cookie, cookieName(port)), token)) return { ok: true, fromQuery: false };
  const query = new URL(req.url ?? '/', `http://${origin}`).searchParams.get('token');
  if (query !== null && sameToken(query, token)) return { ok: true, fromQuery: true };
  return { ok: false, status: 403, message: msg.serve.forbidden };
}
