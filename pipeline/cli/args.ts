/**
 * Parsing the command line: `tongbao <command> [--flag value | --flag=value]…`. Pure: argv
 * in, a command or a usage error out.
 */
import * as msg from '../messages.js';

export const COMMANDS = {
  build: ['inputs', 'outputs', 'as-of'],
  check: ['inputs', 'as-of'],
  quarterly: ['quarter', 'inputs', 'outputs'],
  init: ['force', 'no-unions'],
  watch: ['inputs', 'outputs'],
  serve: ['inputs', 'outputs', 'port', 'no-open'],
} as const;

export type CommandName = keyof typeof COMMANDS;
/** Flags that take no value (`--force`); they are set to 'true'. */
const SWITCHES: readonly string[] = ['force', 'no-unions', 'no-open'];
/** Commands that take one argument that is not a flag: `tongbao init DIR`. */
const POSITIONAL: Partial<Record<CommandName, string>> = { init: 'dir' };

export type Parsed =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'usage-error'; message: string; showHelp: boolean }
  | { kind: 'command'; command: CommandName; flags: Partial<Record<string, string>>; args: string[] };

export function parseArgs(argv: readonly string[]): Parsed {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'usage-error', message: msg.usage.noCommand, showHelp: true };
  if (!Object.hasOwn(COMMANDS, command)) return { kind: 'usage-error', message: msg.usage.unknownCommand(command), showHelp: true };
  const name = command as CommandName;
  const allowed: readonly string[] = COMMANDS[name];
  const flags: Partial<Record<string, string>> = {};
  const args: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) {
      if (POSITIONAL[name] && args.length === 0) {
        args.push(arg);
        continue;
      }
      return { kind: 'usage-error', message: msg.usage.unexpectedArgument(arg), showHelp: false };
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!allowed.includes(flag)) return { kind: 'usage-error', message: msg.usage.unknownFlag(`--${flag}`, name), showHelp: false };
    if (SWITCHES.includes(flag)) {
      if (eq !== -1) return { kind: 'usage-error', message: msg.usage.switchTakesNoValue(`--${flag}`), showHelp: false };
      flags[flag] = 'true';
      continue;
    }
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
  if (name === 'init' && args.length === 0) return { kind: 'usage-error', message: msg.usage.initNeedsFolder, showHelp: false };
  return { kind: 'command', command: name, flags, args };
}
