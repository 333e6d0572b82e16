/**
 * Opening the page in the default browser, as a small step that can be replaced: with
 * `TONGBAO_NO_BROWSER=1` (or `--no-open`) nothing is opened; with `TONGBAO_BROWSER=program` that
 * program is run with the address (a test's stub, or a chosen browser). Otherwise the system's
 * own opener: `rundll32 url.dll,FileProtocolHandler` on Windows (no shell, so the address is
 * never parsed by cmd), `open` on macOS, `xdg-open` elsewhere.
 */
import { spawn } from 'node:child_process';

export interface OpenCommand {
  command: string;
  args: string[];
}

export function browserCommand(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): OpenCommand | null {
  if (env.TONGBAO_NO_BROWSER && env.TONGBAO_NO_BROWSER !== '0') return null;
  if (env.TONGBAO_BROWSER) return { command: env.TONGBAO_BROWSER, args: [url] };
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  return { command: 'xdg-open', args: [url] };
}

/** Starts the opener and leaves it; `failed` is told why when it cannot start. */
export function openBrowser(command: OpenCommand, failed: (detail: string) => void): void {
  try {
    const child = spawn(command.command, command.args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', (error) => failed((error as NodeJS.ErrnoException).code ?? error.message));
    child.unref();
  } catch (error) {
    failed(error instanceof Error ? error.message : String(error));
  }
}
