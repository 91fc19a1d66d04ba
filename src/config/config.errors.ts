/**
 * A configuration that cannot be read (a missing or malformed file, an unknown profile, a missing
 * `CONFIG_DIR`): the process says it in one `config error:` line and exits 1 before listening.
 */
export class ConfigFileError extends Error {}
