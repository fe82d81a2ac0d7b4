/**
 * Bearer tokens → who is calling: a tenant, a user and a role. Tokens are configured when the
 * server starts (an object, the KEHU_TOKENS JSON or the file KEHU_TOKENS_FILE names); a real
 * deployment would put its identity provider's verifier behind the same `authenticate` shape.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KehuError } from '@kehu/core';

export type Role = 'admin' | 'member';

export interface Principal {
  tenantId: string;
  userId: string;
  role: Role;
}

export type TokenTable = Record<string, Principal>;

/**
 * Collections only an admin may write: the configuration every rep's work depends on (pipelines,
 * assignment state, the organisation). Members read them like everything else.
 */
export const ADMIN_COLLECTIONS: ReadonlySet<string> = new Set([
  'pipelines',
  'assignmentStates',
  'users',
  'teams',
  'territories',
]);

const digest = (token: string) => createHash('sha256').update(token).digest();

export interface Authenticator {
  /** The caller of a request, or `undefined` when it carries no valid bearer token. */
  authenticate(authorization: string | null): Principal | undefined;
}

export function createAuthenticator(tokens: TokenTable): Authenticator {
  // Looked up by the token's digest and compared in constant time, so neither the map lookup nor
  // the comparison tells an attacker how much of a guessed token was right.
  const table = new Map<string, { digest: Buffer; principal: Principal }>();
  for (const [token, principal] of Object.entries(tokens)) {
    if (!token || !principal.tenantId || !principal.userId || !['admin', 'member'].includes(principal.role)) {
      throw new KehuError('VALIDATION', 'Invalid token table entry', {
        issues: [
          { path: ['tokens'], message: 'Each token needs tenantId, userId and role', code: 'invalid' },
        ],
      });
    }
    const hashed = digest(token);
    table.set(hashed.toString('hex'), { digest: hashed, principal: { ...principal } });
  }
  return {
    authenticate(authorization) {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
      if (!match) return undefined;
      const hashed = digest(match[1]!);
      const entry = table.get(hashed.toString('hex'));
      return entry && timingSafeEqual(entry.digest, hashed) ? { ...entry.principal } : undefined;
    },
  };
}

export function requirePrincipal(principal: Principal | undefined): Principal {
  if (!principal) {
    throw new KehuError('UNAUTHENTICATED', 'A valid bearer token is required', {
      details: { header: 'Authorization: Bearer <token>' },
    });
  }
  return principal;
}

export function requireWriteAccess(principal: Principal, collection: string): void {
  if (ADMIN_COLLECTIONS.has(collection) && principal.role !== 'admin') {
    throw new KehuError('FORBIDDEN', `Only an admin may write ${collection}`, {
      details: { collection, role: principal.role },
    });
  }
}

/** Tokens from KEHU_TOKENS (JSON) or KEHU_TOKENS_FILE (a JSON file); `undefined` when neither is set. */
export function tokensFromEnvironment(
  env: Record<string, string | undefined> = process.env,
): TokenTable | undefined {
  if (env.KEHU_TOKENS) return JSON.parse(env.KEHU_TOKENS) as TokenTable;
  if (env.KEHU_TOKENS_FILE) return JSON.parse(readFileSync(env.KEHU_TOKENS_FILE, 'utf8')) as TokenTable;
  return undefined;
}
