// `npm run cli -- …`: the Node entry point. See commands.ts for the commands.
import { runCli } from './commands';

const code = await runCli(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`),
});
process.exitCode = code;
