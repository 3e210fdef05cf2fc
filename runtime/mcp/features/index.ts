/** The features a session's server is assembled from: an explicit registry, in order. */
import { toolsFeature } from './tools.ts';
import type { ServerFeature } from './types.ts';

export const features: readonly ServerFeature[] = [toolsFeature];

export type { ServerDeps, ServerFeature } from './types.ts';
