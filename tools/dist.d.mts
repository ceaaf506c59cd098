/** tools/dist.mjs: the download failure of `npm run dist` as one paragraph, or null for other failures. */
export function explainDistFailure(output: string): string | null;
