import { ApiError, type Decision, UnauthorizedError } from '../shell/api';
import { type Child, h, labelled, replace, select } from '../shell/dom';
import type { CallView } from '../shell/types';

const MODALITIES = ['audio', 'video', 'videoBasedScreenSharing'] as const;
const REJECT_REASONS = ['none', 'busy', 'forbidden'] as const;
const TARGET_KINDS = ['user', 'application', 'applicationInstance', 'phone', 'guest'] as const;

/** What each status of the operator API means to the operator (docs/operations.md). */
export function decisionErrorText(error: unknown): string {
  if (error instanceof UnauthorizedError) return error.message;
  if (!(error instanceof ApiError))
    return `The request failed: ${String((error as Error)?.message ?? error)}`;
  switch (error.status) {
    case 400:
      return `Refused (400): ${error.message}. Nothing was sent.`;
    case 404:
      return 'Unknown call (404).';
    case 409:
      return `Already decided (409): ${error.message}`;
    case 410:
      return `Too late (410): ${error.message}`;
    default:
      return `Failed (${error.status}): ${error.message}`;
  }
}

/** The bodies the API takes, from the form's fields; validation is the API's (same as curl's). */
export function answerBody(modalities: string[], mediaProfile: string): object {
  return {
    acceptedModalities: modalities,
    ...(mediaProfile.trim() ? { mediaProfile: mediaProfile.trim() } : {}),
  };
}

export function redirectBody(
  kind: string,
  id: string,
  displayName: string,
  timeout: string,
): object {
  const target = {
    kind,
    id: id.trim(),
    ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
  };
  return { targets: [target], ...(timeout.trim() ? { timeout: Number(timeout) } : {}) };
}

/**
 * Answer, reject or redirect a deferred call from the page, with the time left. The API decides
 * what is valid: its 400, 409 and 410 are shown as they come.
 */
export function decideForm(
  decide: (decision: Decision, body: object) => Promise<CallView>,
  /** The decision went through (Graph may still have refused it: `message` says). */
  onDecided: (call: CallView, message: string) => void,
): HTMLElement {
  const result = h('div', { class: 'decide-result', attrs: { 'aria-live': 'assertive' } });
  const run = async (
    decision: Decision,
    body: object,
    button: HTMLButtonElement,
  ): Promise<void> => {
    button.disabled = true;
    replace(result, h('p', { attrs: { role: 'status' } }, `Sending ${decision}…`));
    try {
      const decided = await decide(decision, body);
      const failed = decided.outcome === 'failed';
      const message = failed
        ? `Graph refused the ${decision}: ${decided.error?.code ?? ''} ${decided.error?.message ?? ''}`
        : `${decision} sent: outcome ${decided.outcome}.`;
      replace(
        result,
        h(
          'p',
          { class: failed ? 'error' : 'ok', attrs: { role: failed ? 'alert' : 'status' } },
          message,
        ),
      );
      onDecided(decided, message);
    } catch (error) {
      replace(
        result,
        h('p', { class: 'error', attrs: { role: 'alert' } }, decisionErrorText(error)),
      );
    } finally {
      button.disabled = false;
    }
  };

  const checks = MODALITIES.map((m) =>
    h('input', {
      attrs: {
        type: 'checkbox',
        name: 'modality',
        value: m,
        id: `modality-${m}`,
        checked: m === 'audio',
      },
    }),
  );
  const profile = h('input', {
    attrs: { type: 'text', name: 'mediaProfile', autocomplete: 'off' },
  });
  /** One decision's form: its title, its fields, and a submit button that sends `body()`. */
  const form = (decision: Decision, title: string, body: () => object, ...fields: Child[]) => {
    const button = h('button', { attrs: { type: 'submit' } }, title);
    return h(
      'form',
      {
        class: `decide decide-${decision}`,
        attrs: { 'aria-labelledby': `${decision}-title` },
        on: {
          submit: (event) => {
            event.preventDefault();
            void run(decision, body(), button);
          },
        },
      },
      h('h4', { attrs: { id: `${decision}-title` } }, title),
      ...fields,
      button,
    );
  };

  const answer = form(
    'answer',
    'Answer',
    () =>
      answerBody(
        checks.filter((c) => c.checked).map((c) => c.value),
        profile.value,
      ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Modalities'),
      ...checks.map((c) => h('label', { class: 'check' }, c, ` ${c.value}`)),
    ),
    labelled('answer-profile', 'Media profile (optional)', profile),
  );

  const reason = select(
    'reason',
    REJECT_REASONS.map((r) => [r, r] as const),
    'none',
  );
  const reject = form(
    'reject',
    'Reject',
    () => ({ reason: reason.value }),
    labelled('reject-reason', 'Reason', reason),
  );

  const kind = select(
    'kind',
    TARGET_KINDS.map((k) => [k, k] as const),
    'user',
  );
  const text = (name: string) => h('input', { attrs: { type: 'text', name, autocomplete: 'off' } });
  const targetId = text('targetId');
  const displayName = text('displayName');
  const timeout = h('input', {
    attrs: { type: 'number', name: 'timeout', min: 15, max: 90, inputmode: 'numeric' },
  });
  const redirect = form(
    'redirect',
    'Redirect',
    () => redirectBody(kind.value, targetId.value, displayName.value, timeout.value),
    labelled('redirect-kind', 'Target kind', kind),
    labelled('redirect-id', 'Target id (E.164 for a phone)', targetId),
    labelled('redirect-name', 'Display name (optional)', displayName),
    labelled('redirect-timeout', 'Timeout, seconds (15–90, optional)', timeout),
  );

  return h(
    'section',
    { class: 'decide-panel', attrs: { 'aria-labelledby': 'decide-title' } },
    h('h3', { attrs: { id: 'decide-title' } }, 'Decide this deferred call'),
    h('div', { class: 'decide-forms' }, answer, reject, redirect),
    result,
  );
}
