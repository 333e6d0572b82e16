/** The tool's own name and version, from package.json (run logs, manifests, `--version`). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function toolInfo(): { name: string; version: string } {
  // pipeline/cli/ and dist/cli/ both sit two levels below the package root.
  const pkgPath = fileURLToPath(new URL('../../package.json', import.meta.url));
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
