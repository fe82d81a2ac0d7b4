// Types of lead-endpoint.mjs for the TypeScript tests that start it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Crm } from '@kehu/core';
import type { FormConfig } from '@kehu/core/forms';

export interface LeadEndpointOptions {
  port?: number;
  forms?: unknown[];
  rateLimit?: { max: number; windowMs: number };
}

export interface LeadEndpoint {
  handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void>;
  register(config: unknown): FormConfig;
  reset(): void;
  readonly crm: Crm;
}

export declare function createLeadEndpoint(options?: LeadEndpointOptions): LeadEndpoint;

export declare function leadEndpointMiddleware(
  prefix?: string,
  endpoint?: LeadEndpoint,
): (ctx: unknown, next: () => Promise<void>) => Promise<void>;

export declare function startLeadEndpoint(options?: LeadEndpointOptions): Promise<{
  /** `http://127.0.0.1:<port>`; `${url}/leads` is the endpoint. */
  url: string;
  endpoint: LeadEndpoint;
  close(): Promise<void>;
}>;
