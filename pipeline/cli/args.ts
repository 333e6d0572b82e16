/**
 * Parsing the command line: `tongbao <command> [--flag value | --flag=value]…`. Pure: argv
 * in, a command or a usage error out.
 */
import * as msg from '../messages.js';

export const COMMANDS = {
  build: ['inputs', 'outputs', 'as-of'],
  check: ['inputs', 'as-of'],
} as const;

export type CommandName = keyof typeof COMMANDS;
/** Named in design.md's CLI; later issues build them. */
const PLANNED = ['quarterly', 'init', 'watch'];

export type Parsed =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string; showHelp: boolean }
  | { kind: 'command'; command: CommandName; flags: Partial<Record<string, string>> };

export function parseArgs(argv: readonly string[]): Parsed {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'usage-error', message: msg.usage.noCommand, showHelp: true };
  if (!(command in COMMANDS)) {
    const message = PLANNED.includes(command) ? msg.usage.notYet(command) : msg.usage.unknownCommand(command);
    return { kind: 'usage-error', message, showHelp: !PLANNED.includes(command) };
  }
  const name = command as CommandName;
  const allowed: readonly string[] = COMMANDS[name];
  const flags: Partial<Record<string, string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) return { kind: 'usage-error', message: msg.usage.unexpectedArgument(arg), showHelp: false };
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!allowed.includes(flag)) return { kind: 'usage-error', message: msg.usage.unknownFlag(`--${flag}`, name), showHelp: false };
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) value = undefined;
      else i++;
    }
    if (value === undefined || value === '') return { kind: 'usage-error', message: msg.usage.missingValue(`--${flag}`), showHelp: false };
    flags[flag] = value;
  }
  return { kind: 'command', command: name, flags };
}
