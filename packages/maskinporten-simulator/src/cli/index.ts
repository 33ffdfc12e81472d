export { main, startFromCli, readClientsFile } from './main';
export type { CliIo } from './main';
export { parseCliArgs, CliUsageError, USAGE, DEFAULT_CLI_PORT, DEFAULT_CLI_HOST } from './args';
export type { CliOptions } from './args';
