/**
 * The double-click launchers at the top of the unzipped folder. Both run the bundled Node on
 * `app/bin/launch.js` from their own folder; that script checks the folder was unzipped, makes
 * the workspace and starts the page.
 *
 * 通报助手.cmd is ASCII with CRLF line ends: cmd.exe reads a batch file in the console's code
 * page (936 on Chinese Windows), and a batch file with LF ends misreads labels and jumps. So the
 * Chinese text it needs (when only the .cmd was taken out of the zip, and Node is not beside it)
 * is written as character codes for PowerShell, which every Windows 10 has, to show in a
 * message box.
 */
import { LONG_RUNNING_NODE_FLAGS } from '../../bin/node-flags.js';

/** Where the launchers find Node and the launch script, relative to their folder. */
export const NODE_PATH = { win32: 'app/node/node.exe', linux: 'app/node/node' };
export const LAUNCH_SCRIPT = 'app/bin/launch.js';
/** The launch script runs `serve`, which runs for days: Node's options for that (bin/node-flags.js). */
const NODE_FLAGS = LONG_RUNNING_NODE_FLAGS.join(' ');

export const NOT_UNPACKED = '请先解压到一个文件夹：在压缩包上点右键，选“全部解压缩”，再打开解压出的文件夹，双击其中的“通报助手”。';
export const TITLE = '通报助手';

/** A PowerShell expression for `text` in ASCII: `(-join [char[]](0x8BF7,…))`. */
export function psString(text) {
  const codes = [...text].map((ch) => {
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0xffff) throw new Error(`launcher text: ${ch} is outside the BMP`);
    return `0x${code.toString(16).toUpperCase()}`;
  });
  return `(-join [char[]](${codes.join(',')}))`;
}

const win = (path) => path.replaceAll('/', '\\');

export function windowsLauncher() {
  const node = win(NODE_PATH.win32);
  const script = win(LAUNCH_SCRIPT);
  const box = `Add-Type -AssemblyName System.Windows.Forms; [void][System.Windows.Forms.MessageBox]::Show(${psString(NOT_UNPACKED)}, ${psString(TITLE)}, 'OK', 'Warning')`;
  const lines = [
    '@echo off',
    'rem tongbao launcher: starts the page on the workspace in the Documents folder.',
    'rem Run from the unzipped folder; see app\\bin\\launch.js.',
    'setlocal',
    'pushd "%~dp0"',
    `if not exist "${node}" goto notunpacked`,
    `"${node}" ${NODE_FLAGS} "${script}"`,
    'set "code=%errorlevel%"',
    'popd',
    'if not "%code%"=="0" pause',
    'exit /b %code%',
    '',
    ':notunpacked',
    'rem Only this file was taken out of the zip: Node is not beside it.',
    'echo Please unzip the whole folder first, then run it from there.',
    `powershell -NoProfile -NonInteractive -Command "${box}"`,
    'popd',
    'exit /b 1',
  ];
  const text = `${lines.join('\r\n')}\r\n`;
  if (!/^[\x20-\x7e\r\n]*$/u.test(text)) throw new Error('通报助手.cmd must be ASCII');
  return text;
}

export function linuxLauncher() {
  return [
    '#!/bin/sh',
    '# tongbao launcher: starts the page on the workspace (see app/bin/launch.js).',
    'here=$(cd "$(dirname "$0")" && pwd -P) || exit 1',
    'cd "$here" || exit 1',
    `exec "$here/${NODE_PATH.linux}" ${NODE_FLAGS} "$here/${LAUNCH_SCRIPT}"`,
    '',
  ].join('\n');
}
