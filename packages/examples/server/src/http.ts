/**
 * Node's `http` in front of a Fetch-API handler: the request body is read with a size limit
 * (413 beyond it, before anything parses it), and the response is streamed back, so SSE
 * subscriptions flow event by event and stop when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FetchHandler = (request: Request, context: { ip: string | undefined }) => Promise<Response>;

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
  response.end(text);
}

export function nodeListener(handler: FetchHandler, bodyLimit: (path: string) => number) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const limit = bodyLimit(url.pathname);
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    if (declared > limit) {
      plain(res, 413, 'Request body too large');
      req.destroy();
      return;
    }
    let body: Buffer | undefined;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of req) {
          size += (chunk as Buffer).length;
          if (size > limit) {
            plain(res, 413, 'Request body too large');
            req.destroy();
            return;
          }
          chunks.push(chunk as Buffer);
        }
      } catch {
        return;
      }
      body = Buffer.concat(chunks);
    }
    const aborter = new AbortController();
    res.on('close', () => aborter.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
    }
    const request = new Request(url, {
      method: req.method ?? 'GET',
      headers,
      body: body && body.length > 0 ? (body as unknown as BodyInit) : undefined,
      signal: aborter.signal,
    });
    let response: Response;
    try {
      response = await handler(request, { ip: req.socket.remoteAddress });
    } catch {
      if (!res.headersSent) plain(res, 500, 'Internal error');
      return;
    }
    const outHeaders: Record<string, string | string[]> = {};
    response.headers.forEach((value, name) => {
      outHeaders[name] = name === 'set-cookie' ? response.headers.getSetCookie() : value;
    });
    res.writeHead(response.status, outHeaders);
    if (!response.body) {
      res.end();
      return;
    }
    const reader = response.body.getReader();
    aborter.signal.addEventListener('abort', () => void reader.cancel().catch(() => undefined), {
      once: true,
    });
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        // SSE: every event goes out as soon as it is produced.
        if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    } catch {
      res.destroy();
    }
  };
}
