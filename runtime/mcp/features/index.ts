/** The features a session's server is assembled from: an explicit registry, in order. */
import { completionsFeature } from './completions.ts';
import { loggingFeature } from './logging.ts';
import { promptsFeature } from './prompts.ts';
import { resourcesFeature } from './resources.ts';
import { toolsFeature } from './tools.ts';
import type { ServerFeature } from './types.ts';

export const features: readonly ServerFeature[] = [toolsFeature, resourcesFeature, promptsFeature, completionsFeature, loggingFeature];

export type { ServerDeps, ServerFeature } from './types.ts';
