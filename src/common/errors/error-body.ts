import { STATUS_CODES } from 'node:http';

/** The one JSON error shape of the service. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** Longest message an error body carries. */
export const MAX_MESSAGE_LENGTH = 2000;
/** Longest run of characters without a space kept whole (a path, a property name, an id). */
const MAX_WORD_LENGTH = 80;
const LONG_WORD = new RegExp(`\\S{${MAX_WORD_LENGTH + 1},}`, 'g');
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * Messages often quote the input (a property name, a path, a value): what reaches the client is
 * a short excerpt of it, without control characters, however long or odd the input was.
 */
export function sanitiseMessage(message: string): string {
  const shortened = message
    .replace(CONTROL, ' ')
    .replace(LONG_WORD, (word) => `${word.slice(0, MAX_WORD_LENGTH)}…`);
  return shortened.length > MAX_MESSAGE_LENGTH
    ? `${shortened.slice(0, MAX_MESSAGE_LENGTH)}…`
    : shortened;
}

export function errorBody(statusCode: number, message: string): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: sanitiseMessage(message),
  };
}
