/** The features a session's server is assembled from: an explicit registry, in order. */
import { loggingFeature } from './logging.ts';
import { resourcesFeature } from './resources.ts';
import { toolsFeature } from './tools.ts';
import type { ServerFeature } from './types.ts';

export const features: readonly ServerFeature[] = [toolsFeature, resourcesFeature, loggingFeature];

export type { ServerDeps, ServerFeature } from './types.ts';
