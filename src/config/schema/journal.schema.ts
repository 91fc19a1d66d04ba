import { IsBoolean, IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';

/**
 * The call journal (docs/journal.md). With `store.driver: redis` it lives in Redis Streams shared by
 * every instance; otherwise in JSON-lines files under `dir`.
 */
export class JournalConfig {
  @IsBoolean()
  enabled!: boolean;

  /** Folder of the JSON-lines files (embedded store only); relative paths from the working dir. */
  @IsString()
  @MinLength(1)
  dir!: string;

  /** The current file is rotated when it would grow past this. */
  @IsInt()
  @Min(4096)
  maxFileBytes!: number;

  /** Rotated files kept besides the current one; older ones are deleted. */
  @IsInt()
  @Min(0)
  maxFiles!: number;

  /** Redis: entries kept per call (`XADD MAXLEN ~`). */
  @IsInt()
  @Min(10)
  maxEntriesPerCall!: number;

  /** Redis: a call's journal expires this long after its last entry. */
  @IsInt()
  @Min(1000)
  retentionMs!: number;

  /** Keep the (redacted) notification items, so `journal:export` can replay them. */
  @IsBoolean()
  keepNotificationBodies!: boolean;

  /** Name of this instance in the entries; null: `<hostname>:<pid>`. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  instance!: string | null;
}
