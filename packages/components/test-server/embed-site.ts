/**
 * A company website for the public-embed test: a plain node:http server on its own port (so its
 * own origin, apart from the lead endpoint's) serving pages whose body is exactly the snippet of
 * `embedSnippet`, the embed script, and a Content-Security-Policy as strict as a careful site
 * sets: scripts and styles from the site only, requests to the endpoint only, nothing inline.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbedSite {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** The policy of the page: no `unsafe-inline`, no `unsafe-eval`; only the endpoint may be fetched. */
export function strictPolicy(endpointOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${endpointOrigin}`,
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A page whose body is `snippet` and nothing else. */
export const pageOf = (snippet: string) =>
  `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>星河科技 · 联系我们</title>
</head>
<body>
${snippet}
</body>
</html>
`;

/**
 * Serves `pages` (path → snippet) under `policy`, `/lead-form.js` (+ its map) and a 204 favicon.
 */
export async function startEmbedSite(options: {
  pages: Record<string, string>;
  script: Uint8Array;
  map?: Uint8Array | undefined;
  policy: string;
}): Promise<EmbedSite> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const common = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    const snippet = options.pages[path];
    if (req.method !== 'GET') {
      res.writeHead(405, common).end();
    } else if (snippet !== undefined) {
      res
        .writeHead(200, {
          ...common,
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': options.policy,
        })
        .end(pageOf(snippet));
    } else if (path === '/lead-form.js') {
      res.writeHead(200, { ...common, 'Content-Type': 'text/javascript; charset=utf-8' }).end(options.script);
    } else if (path === '/lead-form.js.map' && options.map) {
      res.writeHead(200, { ...common, 'Content-Type': 'application/json' }).end(options.map);
    } else if (path === '/favicon.ico') {
      res.writeHead(204, common).end();
    } else {
      res.writeHead(404, { ...common, 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
