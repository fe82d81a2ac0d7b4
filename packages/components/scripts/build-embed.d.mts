import type { BuildOptions } from 'esbuild';

export declare const EMBED_ENTRY: string;
export declare const EMBED_OUTFILE: string;
export declare function embedBuildOptions(outfile?: string): BuildOptions & { metafile: true; write: false };

export interface EmbedBuild {
  /** The embed, as served. */
  code: Uint8Array;
  /** Its source map. */
  map: Uint8Array | undefined;
  rawBytes: number;
  /** gzip level 9, what a server or CDN sends. */
  gzipBytes: number;
  /** Input files that put bytes into the embed (tree-shaken ones left out). */
  inputs: string[];
  /** Of those, how many bytes each put into the embed. */
  inputBytes: Record<string, number>;
}

export declare function buildEmbed(options?: { outfile?: string; write?: boolean }): Promise<EmbedBuild>;
export declare function kilobytes(bytes: number): string;
