// Types of scripts/build-docs.mjs, for the tests that import it.
export declare const ROOT: string;
export declare const SITE: string;
export declare function buildPlayground(siteDir?: string): Promise<{ dir: string; bytes: Record<string, number> }>;
export declare function buildApi(): void;
export declare function inlineIconRefs(dir: string): void;
