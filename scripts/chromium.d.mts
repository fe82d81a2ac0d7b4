export declare const CHROME_NAMES: string[];
export declare function isExecutable(path: string): boolean;
export declare function onPath(names: readonly string[]): string | undefined;
export declare function findChromium(): string | undefined;
