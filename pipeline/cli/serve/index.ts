/**
 * `tongbao serve`: the page 通报助手, a small local web server for staff who never open a
 * terminal (docs/serve-api.md).
 *
 *   stack    Node's own `node:http` and the page as plain HTML, CSS and ES modules in `web/`
 *            (no framework, no bundler, nothing fetched: the page works offline, and there is
 *            no build step to go stale or to need the network). The page is a few forms, a file
 *            list and a preview; a framework would add more code than the page has.
 *   safety   127.0.0.1 only; a random token at start (gate.ts); every file inside the inputs or
 *            outputs folder (files.ts); uploads capped and checked by content.
 *   warm     this process keeps the PDF worker and the chart worker (with pdfmake, vega and the
 *            fonts loaded) and its own modules between builds (builder.ts), so a rebuild of the
 *            example takes well under a second; builds run one at a time.
 *   watch    the inputs folder is watched as `tongbao watch` does (watch.ts): a ledger saved
 *            from Excel or WPS rebuilds by itself, and the page hears of it (server-sent events).
 *
 * The one line a launcher reads is printed once the server listens:
 * `通报助手已启动：http://127.0.0.1:PORT/?token=TOKEN`.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildTarget } from '../../cli.js';
import * as msg from '../../messages.js';
import { WORKSPACE_CHARTS_FOLDER } from '../charts.js';
import { processFontEnv } from '../font-search.js';
import { stopSignal, type Io } from '../io.js';
import { toolInfo } from '../tool.js';
import { handleApi, HttpError, sendJson, stateOf, type ApiContext } from './api.js';
import { Builder, type BuilderEvent, type BuilderOptions } from './builder.js';
import { checkRequest, cookieName } from './gate.js';
import { browserCommand, openBrowser } from './open-browser.js';
import { WarmWorkers } from '../warm-workers.js';

/** The page's files: `web/` beside package.json (pipeline/cli/serve/ and dist/cli/serve/ both sit three levels below). */
export const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

export interface ServeOptions extends BuildTarget {
  port: number;
  /** Open the default browser (`--no-open`: not). */
  open: boolean;
}

/** Headers on every answer: nothing framed or loaded from elsewhere, nothing cached, no referrer. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; object-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'SAMEORIGIN',
};

const STATIC_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

export interface PageServer {
  /** Resolves when the page first asked for its state (the first build waits for it, so the page comes first). */
  firstPage: Promise<void>;
  server: Server;
  port: number;
  token: string;
  url: string;
  builder: Builder;
  /** Ends the event streams and the server. */
  close(): Promise<void>;
}

/** The page's own files, read once (the HTML with the token written into it when served). */
function loadWeb(webDir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(webDir)) {
    if (/^[\w-]+\.(html|js|css|svg)$/u.test(name)) files.set(name, readFileSync(join(webDir, name)));
  }
  return files;
}

/**
 * Starts the HTTP server on 127.0.0.1 (`port` 0: one the system picks), with the builder the
 * routes use. Resolves once it listens.
 */
export async function startPageServer(options: {
  port: number;
  ctx: Omit<ApiContext, 'builder'>;
  builder: Builder;
  webDir?: string;
  token?: string;
}): Promise<PageServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const web = loadWeb(options.webDir ?? WEB_DIR);
  const ctx: ApiContext = { ...options.ctx, builder: options.builder };
  const streams = new Set<ServerResponse>();
  let port = options.port;
  let pageShown: () => void = () => undefined;
  const firstPage = new Promise<void>((resolve) => {
    pageShown = resolve;
  });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const gate = checkRequest(req, port, token);
    const api = (req.url ?? '/').startsWith('/api/');
    if (!gate.ok) {
      if (gate.status === 405) res.setHeader('Allow', 'GET, HEAD, POST');
      if (api) sendJson(res, gate.status, { error: gate.message });
      else {
        res.writeHead(gate.status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(gate.message);
      }
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (gate.fromQuery) {
      // The token goes into a cookie for this port; the address bar loses it.
      res.setHeader('Set-Cookie', `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      if (url.pathname === '/') {
        res.writeHead(303, { Location: '/' });
        res.end();
        return;
      }
    }
    try {
      if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname === '/') {
        const page = (web.get('index.html') ?? Buffer.from('')).toString('utf8').replace('__TONGBAO_TOKEN__', token);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(req.method === 'HEAD' ? undefined : page);
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && url.pathname.startsWith('/static/')) {
        const name = url.pathname.slice('/static/'.length);
        const bytes = web.get(name);
        const ext = name.slice(name.lastIndexOf('.'));
        if (!bytes || name === 'index.html' || !STATIC_TYPES[ext]) throw new HttpError(404, msg.serve.notFound);
        res.writeHead(200, { 'Content-Type': STATIC_TYPES[ext] as string });
        res.end(req.method === 'HEAD' ? undefined : bytes);
        return;
      }
      if (req.method === 'GET' && url.pathname === '/api/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
        res.write('retry: 2000\n\n');
        streams.add(res);
        res.on('error', () => undefined);
        const send = (event: BuilderEvent) => {
          if (res.writableEnded || res.destroyed) return;
          const data = event.type === 'done' ? { ...event, state: stateOf(ctx) } : event;
          res.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        const off = options.builder.on(send);
        const beat = setInterval(() => res.write(': \n\n'), 20_000);
        beat.unref();
        req.on('close', () => {
          off();
          clearInterval(beat);
          streams.delete(res);
        });
        return;
      }
      if (!(await handleApi(ctx, req, res, url))) throw new HttpError(404, msg.serve.notFound);
      if (url.pathname === '/api/state') pageShown();
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      // A body refused for its size is not read on: the answer closes the connection.
      if (error instanceof HttpError && error.status === 413) res.setHeader('Connection', 'close');
      if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
      else sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  // A request body that stops half-way must not hold a socket for ever.
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  return {
    firstPage,
    server,
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    builder: options.builder,
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** How long the first build waits for the page to be shown first. */
const FIRST_BUILD_DELAY_MS = 3000;

function abortedPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** `tongbao serve`: the server, the watch on the inputs folder, the browser; until Ctrl+C. */
export async function runServe(options: ServeOptions, io: Io, runBuild: BuilderOptions['runBuild']): Promise<number> {
  const warm = new WarmWorkers(options.inputsDir, processFontEnv());
  const builder = new Builder({ target: options, io, warm, runBuild });
  let page: PageServer;
  try {
    page = await startPageServer({
      port: options.port,
      builder,
      ctx: { inputsDir: options.inputsDir, outputsDir: options.outputsDir, inputsShown: options.inputsArg, now: io.now, version: toolInfo().version },
    });
  } catch (error) {
    warm.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(code === 'EADDRINUSE' ? msg.serve.portInUse(options.port) : msg.serve.listenFailed(code ?? String(error)));
    return code === 'EADDRINUSE' ? 2 : 1;
  }
  io.stdout(msg.serve.listening(page.url));
  io.stdout(msg.serve.workspace(options.inputsDir, options.outputsDir));
  const opener = options.open ? browserCommand(page.url, process.env, process.platform) : null;
  if (opener) openBrowser(opener, (detail) => io.stderr(msg.serve.browserFailed(detail)));

  const { signal, release } = stopSignal(io);
  try {
    const { watchInputs } = await import('../watch.js');
    // The first build (watch's) warms the workers and shows the outputs as the inputs are now; it
    // waits until the page has been shown (or a moment has passed), so the page comes first.
    await Promise.race([page.firstPage, new Promise((resolve) => setTimeout(resolve, FIRST_BUILD_DELAY_MS)), abortedPromise(signal)]);
    if (signal.aborted) return 0;
    return await watchInputs({
      inputsDir: options.inputsDir,
      inputsShown: options.inputsArg,
      subfolders: [WORKSPACE_CHARTS_FOLDER],
      outputsDir: options.outputsDir,
      build: () => builder.run('build', '输入文件夹有变化', { ifChanged: true }),
      stdout: io.stdout,
      stderr: io.stderr,
      now: io.now,
      signal,
      ...(io.watchTiming ? { timing: io.watchTiming } : {}),
    });
  } finally {
    release();
    await page.close();
    warm.dispose();
    io.stdout(msg.serve.stopped);
  }
}
