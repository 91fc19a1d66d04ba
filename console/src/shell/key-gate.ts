import { h } from './dom';

/**
 * Asks for the operator key: a password field, never a URL parameter. `check` tries it against
 * the API and resolves with an error message when it is refused.
 */
export function keyGate(
  check: (key: string) => Promise<string | null>,
  reason: string | null,
): HTMLElement {
  const input = h('input', {
    attrs: {
      type: 'password',
      id: 'operator-key',
      name: 'operatorKey',
      autocomplete: 'off',
      required: true,
      'aria-describedby': 'key-help',
    },
  });
  const message = h(
    'p',
    { class: 'error', attrs: { role: 'alert', id: 'key-message' } },
    reason ?? '',
  );
  const button = h('button', { attrs: { type: 'submit' } }, 'Use this key');
  const form = h(
    'form',
    {
      class: 'key-gate',
      attrs: { 'aria-labelledby': 'key-title' },
      on: {
        submit: (event) => {
          event.preventDefault();
          button.disabled = true;
          message.textContent = '';
          void check(input.value.trim()).then((refused) => {
            button.disabled = false;
            if (refused) {
              message.textContent = refused;
              input.select();
            }
          });
        },
      },
    },
    h('h2', { attrs: { id: 'key-title' } }, 'Operator key'),
    h('label', { attrs: { for: 'operator-key' } }, 'Operator API key'),
    input,
    h(
      'p',
      { class: 'muted', attrs: { id: 'key-help' } },
      'One of OPERATOR_API_KEYS. Kept for this browser tab only, sent as a bearer header.',
    ),
    button,
    message,
  );
  queueMicrotask(() => input.focus());
  return form;
}
