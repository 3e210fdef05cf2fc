/**
 * What `dta-mcp config check` runs: load the config exactly as `serve` does (defaults,
 * profile, `${VAR}`, every check), then print it with every secret masked.
 */
import { stringify as toYaml } from 'yaml';
import { loadConfig } from '../../runtime/config/load-config.ts';
import type { ConfigCheckFlags } from '../commands/config.ts';
import { EXIT, reportFailure } from '../fail.ts';
import { maskSecrets } from './mask.ts';

export async function configCheck(flags: ConfigCheckFlags): Promise<number> {
  try {
    const config = maskSecrets(await loadConfig(flags.config, {}, process.env, flags.profile));
    process.stdout.write(flags.format === 'json' ? `${JSON.stringify(config, null, 2)}\n` : toYaml(config));
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
