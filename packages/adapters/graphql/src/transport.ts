/**
 * One GraphQL request over `fetch` with string documents: no graphql-js in the bundle and nothing
 * parsed per request. Reads (idempotent) are retried with exponential backoff and jitter on a
 * network failure or a 502/503/504; writes never are, since a lost answer may hide a committed write.
 */
import type { KehuError } from '@kehu/core';
import { fromWireError, transportError, type WireError } from './errors.ts';

export interface TransportOptions {
  url: string;
  /** Extra headers per request, e.g. `() => ({ Authorization: \`Bearer ${token}\` })`. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
  /** Attempts for reads, the first included. Default 3. */
  attempts?: number;
  /** First backoff in ms, doubled each retry. Default 100. */
  backoffMs?: number;
}

export interface GraphQLResponse {
  data: Record<string, unknown> | null;
  errors: WireError[];
}

const RETRYABLE_STATUS = new Set([502, 503, 504]);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createTransport(options: TransportOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const attempts = Math.max(1, options.attempts ?? 3);
  const backoffMs = options.backoffMs ?? 100;

  async function once(document: string, variables: Record<string, unknown>): Promise<GraphQLResponse> {
    const extra = options.headers ? await options.headers() : {};
    let response: Response;
    try {
      response = await fetchImpl(options.url, {
        method: 'POST',
        headers: {
          ...extra,
          'Content-Type': 'application/json',
          Accept: 'application/graphql-response+json, application/json',
        },
        body: JSON.stringify({ query: document, variables }),
      });
    } catch (cause) {
      throw transportError('The Kehu server could not be reached', { retryable: true }, cause);
    }
    let payload: unknown;
    const text = await response.text();
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
    if (!payload || typeof payload !== 'object' || Array.isArray(payload)) {
      if (response.status === 401)
        return { data: null, errors: [{ message: text, extensions: { code: 'UNAUTHENTICATED' } }] };
      if (response.status === 403)
        return { data: null, errors: [{ message: text, extensions: { code: 'FORBIDDEN' } }] };
      if (response.status === 413) {
        return {
          data: null,
          errors: [
            {
              message: 'The request is larger than the server accepts',
              extensions: { code: 'VALIDATION', details: { status: 413 } },
            },
          ],
        };
      }
      throw transportError(`The Kehu server answered ${response.status} without a GraphQL result`, {
        status: response.status,
        retryable: RETRYABLE_STATUS.has(response.status),
      });
    }
    const { data, errors } = payload as { data?: unknown; errors?: unknown };
    let list = Array.isArray(errors) ? (errors as WireError[]) : [];
    // A request GraphQL itself refused (a null for a required variable, a bad document): input.
    if (response.status === 400) {
      list = list.map((error) =>
        error.extensions?.code ? error : { ...error, extensions: { code: 'VALIDATION' } },
      );
    }
    return {
      data:
        data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null,
      errors: list,
    };
  }

  return {
    /** Sends `document`; a read (`idempotent`) is retried on transient failures. */
    async request(
      document: string,
      variables: Record<string, unknown>,
      { idempotent }: { idempotent: boolean },
    ): Promise<GraphQLResponse> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(document, variables);
        } catch (error) {
          const retryable = (error as KehuError).details?.retryable === true;
          if (!idempotent || !retryable || attempt >= attempts) throw error as KehuError;
          await sleep(backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
        }
      }
    },
  };
}

export type Transport = ReturnType<typeof createTransport>;

/** The value of root field `field`, or the mapped error that field failed with. */
export function fieldResult(response: GraphQLResponse, field: string): unknown {
  const error =
    response.errors.find((e) => Array.isArray(e.path) && e.path[0] === field) ??
    (response.data === null || !(field in response.data) ? response.errors[0] : undefined);
  if (error) throw fromWireError(error);
  if (response.data === null || !(field in response.data)) {
    throw transportError(`The Kehu server's answer has no ${field}`, { field });
  }
  return response.data[field];
}
